"""The contribution-and-benefit matrix: what partners give and get, and what the project needs."""

from flask import Blueprint

bp = Blueprint("matrix", __name__)

from planner.matrix import routes  # noqa: E402,F401
