"""Partnerships: a partner's part in a project, its path, criteria and history."""

from flask import Blueprint

bp = Blueprint("partnerships", __name__)

from planner.partnerships import lists, routes  # noqa: E402,F401
