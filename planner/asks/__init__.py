"""When to ask: lead times per sector, grant calls, the ask-by dates and their calendar feed."""

from flask import Blueprint

bp = Blueprint("asks", __name__, url_prefix="/asks")

from planner.asks import routes  # noqa: E402,F401
