"""Partnerships across projects, one status at a time (the dashboard's counts open these)."""

from flask import abort, render_template, request

from planner.enums import Status
from planner.partnerships import bp
from planner.partnerships.queries import status_page, status_totals


@bp.get("/partnerships/status/<status>/")
def by_status(status: str):
    """List the partnerships of active projects that have one status, a page at a time."""
    try:
        status = Status(status)
    except ValueError:
        abort(404)
    page = status_page(status, request.args.get("page", 1, type=int))
    return render_template(
        "partnerships/by_status.html",
        status=status,
        page=page,
        counts=status_totals(),
        statuses=list(Status),
    )
