"""The public site's own pages (about us, how we work), written by coordinators in Markdown."""

from flask import Blueprint

bp = Blueprint("sitepages", __name__)

from planner.sitepages import routes  # noqa: E402,F401
