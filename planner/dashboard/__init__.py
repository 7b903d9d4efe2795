"""The coordinator's start page: my projects, the pipeline, what needs attention."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__)

from planner.dashboard import routes  # noqa: E402,F401
