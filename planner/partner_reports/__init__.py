"""Partner reports: each partner's private "what you made possible" letter after a finished
project, printed or e-mailed, and a record of when it was sent."""

from flask import Blueprint

bp = Blueprint("partner_reports", __name__)

from planner.partner_reports import routes  # noqa: E402,F401
