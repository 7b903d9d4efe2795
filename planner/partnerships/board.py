"""A project's partnerships laid out by status, with the warnings the field expects."""

from collections import Counter

from planner.enums import Status
from planner.links import UrlPattern
from planner.models import Project
from planner.partnerships.health import latest_health
from planner.partnerships.queries import project_facts, project_partnerships
from planner.partnerships.rules import (
    LEFT,
    MAX_WORKED,
    PATH,
    WORKED,
    criteria_named,
    criteria_of,
    suggested_stage,
    trust_steps,
    unproven_agreement,
)

# The path's steps are columns; declined and dropped are folded into a list under them.
COLUMNS = PATH


def board_context(project: Project, **extra) -> dict:
    """Everything the board template needs: three queries however many partnerships."""
    partnerships = project_partnerships(project)
    columns = {status: [] for status in COLUMNS}
    left = []
    doubts = {}
    for p in partnerships:
        (left if p.status in LEFT else columns[p.status]).append(p)
        if missing := unproven_agreement(p.status, criteria_of(p)):
            doubts[p.id] = criteria_named(missing)
    statuses = Counter(p.status for p in partnerships)
    worked = sum(statuses[s] for s in WORKED)
    return {
        "project": project,
        "columns": columns,
        "left": left,
        "doubts": doubts,
        "worked": worked,
        "too_many": worked > MAX_WORKED,
        "max_worked": MAX_WORKED,
        "health": latest_health([p.id for p in partnerships]),
        "suggestion": suggested_stage(project.stage, project_facts(project, statuses)),
        "statuses": list(Status),
        # Every card links to its partnership and posts its status: built once, filled per card.
        "detail_url": UrlPattern.of("partnerships.detail", "pid"),
        "status_url": UrlPattern.of("partnerships.set_status", "pid"),
        "contact_url": UrlPattern.of("contacts.new", "pid", place="card"),
        "trust_steps": trust_steps,
        **extra,
    }
