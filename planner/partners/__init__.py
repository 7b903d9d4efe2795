"""The partner registry: organisations and citizen groups, sorted by sector."""

from flask import Blueprint

bp = Blueprint("partners", __name__, url_prefix="/partners")

from planner.partners import routes, transfer  # noqa: E402,F401
