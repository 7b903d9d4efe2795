from collections import Counter, defaultdict
from datetime import date

import sqlalchemy as sa
from flask import g, render_template
from sqlalchemy.orm import joinedload

from planner.asks.data import asks_now
from planner.dashboard import bp
from planner.enums import Status
from planner.extensions import db
from planner.models import Partnership, Project
from planner.partnerships.rules import BOUND, MAX_WORKED, WORKED, criteria_of, unproven_agreement


@bp.get("/")
def index():
    """Show my projects, partnerships by status and what needs attention."""
    projects = db.session.scalars(
        sa.select(Project)
        .where(Project.archived_at.is_(None))
        .order_by(Project.start_date.desc().nulls_last(), Project.title)
    ).all()
    by_project: dict[int, Counter] = defaultdict(Counter)
    rows = db.session.execute(
        sa.select(Partnership.project_id, Partnership.status, sa.func.count())
        .join(Project)
        .where(Project.archived_at.is_(None))
        .group_by(Partnership.project_id, Partnership.status)
    )
    for project_id, status, n in rows:
        by_project[project_id][status] += n
    pipeline = sum(by_project.values(), Counter())
    bound = db.session.scalars(
        sa.select(Partnership)
        .join(Project)
        .where(Project.archived_at.is_(None), Partnership.status.in_(BOUND))
        .options(joinedload(Partnership.partner), joinedload(Partnership.project))
        .order_by(Partnership.id)
    ).all()
    doubtful = [
        (p, missing) for p in bound if (missing := unproven_agreement(p.status, criteria_of(p)))
    ]
    overloaded = [
        (project, worked)
        for project in projects
        if (worked := sum(n for s, n in by_project[project.id].items() if s in WORKED)) > MAX_WORKED
    ]
    this_week, overdue = asks_now(date.today())
    mine = [p for p in projects if p.coordinator_id == g.user.id]
    others = [p for p in projects if p.coordinator_id != g.user.id]
    return render_template(
        "dashboard/index.html",
        mine=mine,
        others=others,
        by_project=by_project,
        pipeline=pipeline,
        statuses=list(Status),
        doubtful=doubtful,
        overloaded=overloaded,
        max_worked=MAX_WORKED,
        this_week=this_week,
        overdue=overdue,
    )
