"""Contacts: the log of calls, meetings and letters with partners, the next steps they set,
and keeping in touch with partners after their projects."""

from flask import Blueprint

bp = Blueprint("contacts", __name__)

from planner.contacts import routes  # noqa: E402,F401
