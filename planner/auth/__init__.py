"""Accounts, sign-in, and the rule that every page needs a signed-in user."""

from flask import Blueprint

from planner.auth.guard import init_app, public

bp = Blueprint("auth", __name__)

from planner.auth import routes  # noqa: E402,F401

__all__ = ["bp", "init_app", "public"]
