"""What the dashboard shows, each list capped and counted in SQL."""

from __future__ import annotations

from collections import Counter, defaultdict

import sqlalchemy as sa
from sqlalchemy.orm import load_only

from planner.enums import Answer
from planner.extensions import db
from planner.models import Partner, Partnership, Project
from planner.paging import Capped
from planner.partnerships.rules import BOUND, MAX_WORKED, WORKED, Criteria

ACTIVE = Project.archived_at.is_(None)


def projects(mine: bool, user_id: int, cap: int) -> Capped:
    """Active projects the user coordinates (or not), latest first."""
    theirs = Project.coordinator_id == user_id
    where = sa.and_(ACTIVE, theirs if mine else sa.or_(~theirs, Project.coordinator_id.is_(None)))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Project).where(where))
    items = db.session.scalars(
        sa.select(Project)
        .options(
            load_only(
                Project.title,
                Project.slug,
                Project.stage,
                Project.start_date,
                Project.end_date,
            )
        )
        .where(where)
        .order_by(Project.start_date.desc().nulls_last(), Project.title, Project.id)
        .limit(cap)
    ).all()
    return Capped(items, total)


def status_counts(project_ids: list[int]) -> dict[int, Counter]:
    """Partnerships of each of these projects, by status."""
    by_project: dict[int, Counter] = defaultdict(Counter)
    if not project_ids:
        return by_project
    rows = db.session.execute(
        sa.select(Partnership.project_id, Partnership.status, sa.func.count())
        .where(Partnership.project_id.in_(project_ids))
        .group_by(Partnership.project_id, Partnership.status)
    )
    for project_id, status, n in rows:
        by_project[project_id][status] += n
    return by_project


def pipeline() -> Counter:
    """Partnerships of all active projects, by status."""
    rows = db.session.execute(
        sa.select(Partnership.status, sa.func.count())
        .join(Project, Partnership.project_id == Project.id)
        .where(ACTIVE)
        .group_by(Partnership.status)
    )
    return Counter(dict(rows.all()))


def overloaded(cap: int) -> Capped:
    """Active projects working on more partnerships at once than can be managed well."""
    worked = sa.func.count().label("worked")
    busy = (
        sa.select(Partnership.project_id, worked)
        .where(Partnership.status.in_(WORKED))
        .group_by(Partnership.project_id)
        .having(worked > MAX_WORKED)
        .subquery()
    )
    base = sa.select(Project.slug, Project.title, busy.c.worked).join(
        busy, busy.c.project_id == Project.id
    )
    base = base.where(ACTIVE)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(base.subquery()))
    rows = db.session.execute(base.order_by(busy.c.worked.desc(), Project.title).limit(cap)).all()
    return Capped(rows, total)


def doubtful(cap: int) -> Capped:
    """Partnerships agreed or beyond whose need, fit or motivation is not a clear yes."""
    where = sa.and_(
        ACTIVE,
        Partnership.status.in_(BOUND),
        sa.or_(
            Partnership.need != Answer.YES,
            Partnership.fit != Answer.YES,
            Partnership.motivation != Answer.YES,
        ),
    )
    joined = (
        sa.select(sa.func.count())
        .select_from(Partnership)
        .join(Project, Partnership.project_id == Project.id)
        .where(where)
    )
    total = db.session.scalar(joined)
    rows = db.session.execute(
        sa.select(
            Partnership.id,
            Partnership.status,
            Partnership.need,
            Partnership.fit,
            Partnership.motivation,
            Partner.name.label("partner_name"),
            Project.title.label("project_title"),
        )
        .join(Partner, Partnership.partner_id == Partner.id)
        .join(Project, Partnership.project_id == Project.id)
        .where(where)
        .order_by(Partnership.id)
        .limit(cap)
    ).all()
    return Capped(
        [(row, Criteria(row.need, row.fit, row.motivation).doubtful()) for row in rows], total
    )
