"""Commitment letters: the partnership's mutual obligations, printed for signature."""

from flask import Blueprint

bp = Blueprint("letters", __name__)


from planner.letters import online, routes  # noqa: E402,F401
