"""The organisation's profile and its coordinators' accounts."""

from flask import Blueprint

bp = Blueprint("organisation", __name__, url_prefix="/organisation")

from planner.organisation import routes  # noqa: E402,F401
