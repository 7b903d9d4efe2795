"""A project's partnerships laid out by status, with the warnings the field expects."""

from planner.enums import Status
from planner.links import UrlPattern
from planner.models import Project
from planner.partnerships.health import latest_health
from planner.partnerships.queries import project_partnerships
from planner.partnerships.rules import (
    MAX_WORKED,
    WORKED,
    criteria_named,
    criteria_of,
    unproven_agreement,
)

COLUMNS = (*Status,)


def board_context(project: Project) -> dict:
    """Everything the board template needs, in one query."""
    partnerships = project_partnerships(project)
    columns = {status: [] for status in COLUMNS}
    doubts = {}
    for p in partnerships:
        columns[p.status].append(p)
        if missing := unproven_agreement(p.status, criteria_of(p)):
            doubts[p.id] = criteria_named(missing)
    worked = sum(1 for p in partnerships if p.status in WORKED)
    return {
        "project": project,
        "columns": columns,
        "doubts": doubts,
        "worked": worked,
        "too_many": worked > MAX_WORKED,
        "max_worked": MAX_WORKED,
        "health": latest_health([p.id for p in partnerships]),
        # Every card links to its partnership and posts its status: built once, filled per card.
        "detail_url": UrlPattern.of("partnerships.detail", "pid"),
        "status_url": UrlPattern.of("partnerships.set_status", "pid"),
    }
