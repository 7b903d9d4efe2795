"""When to ask: lead times per sector, grant calls, the ask-by dates and their calendar feed."""

from flask import Blueprint

bp = Blueprint("asks", __name__, url_prefix="/asks")

# `stored` keeps the ask-by dates right on every flush, whichever area edits the data.
from planner.asks import routes, stored  # noqa: E402,F401
