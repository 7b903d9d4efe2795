"""Across projects: the value partners contributed, by sector, year and category."""

from flask import Blueprint

bp = Blueprint("overview", __name__, url_prefix="/overview")

from planner.overview import routes  # noqa: E402,F401
