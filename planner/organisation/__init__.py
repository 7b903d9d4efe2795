"""First-run setup, the organisation's profile and its coordinators' accounts."""

from flask import Blueprint

# No URL prefix: the first-run setup lives at /setup, everything else under /organisation/.
bp = Blueprint("organisation", __name__)

from planner.organisation import routes  # noqa: E402,F401
