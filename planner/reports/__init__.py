"""Post-project reports: results, story, photos, thanks per partner, consent and follow-up."""

from flask import Blueprint

bp = Blueprint("reports", __name__)

from planner.reports import routes  # noqa: E402,F401
