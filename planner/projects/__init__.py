"""Projects: the social projects partnerships serve, each with its board."""

from flask import Blueprint

bp = Blueprint("projects", __name__, url_prefix="/projects")

from planner.projects import routes  # noqa: E402,F401
