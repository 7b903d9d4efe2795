"""The public site partners read: published reports, frozen to static files."""

from flask import Blueprint

bp = Blueprint("site", __name__)

from planner.publishing import routes  # noqa: E402,F401
