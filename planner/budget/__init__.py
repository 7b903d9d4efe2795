"""A project's budget and co-funding: what it costs and the share partners' contributions cover."""

from flask import Blueprint

bp = Blueprint("budget", __name__)

from planner.budget import routes  # noqa: E402,F401
