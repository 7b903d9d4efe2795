"""What the dashboard shows, each list capped and counted in SQL."""

from __future__ import annotations

from collections import Counter, defaultdict

import sqlalchemy as sa

from planner.enums import Answer
from planner.extensions import db
from planner.models import Partner, Partnership, Project
from planner.paging import Capped
from planner.partnerships.rules import BOUND, MAX_WORKED, WORKED, Criteria

ACTIVE = Project.archived_at.is_(None)


def capped(query: sa.Select, cap: int) -> Capped:
    """The first `cap` rows of `query` and how many it holds in all, in one statement."""
    total = sa.func.count().over().label("total")
    rows = db.session.execute(query.add_columns(total).limit(cap)).all()
    return Capped(rows, rows[0].total if rows else 0)


def projects(mine: bool, user_id: int, cap: int) -> Capped:
    """Active projects the user coordinates (or not), latest first."""
    theirs = Project.coordinator_id == user_id
    return capped(
        sa.select(
            Project.id,
            Project.title,
            Project.slug,
            Project.stage,
            Project.start_date,
            Project.end_date,
        )
        .where(ACTIVE, theirs if mine else sa.or_(~theirs, Project.coordinator_id.is_(None)))
        .order_by(Project.start_date.desc().nulls_last(), Project.title, Project.id),
        cap,
    )


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
    return capped(
        sa.select(Project.slug, Project.title, busy.c.worked)
        .join(busy, busy.c.project_id == Project.id)
        .where(ACTIVE)
        .order_by(busy.c.worked.desc(), Project.title),
        cap,
    )


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
    found = capped(
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
        .order_by(Partnership.id),
        cap,
    )
    return Capped(
        [(row, Criteria(row.need, row.fit, row.motivation).doubtful()) for row in found.items],
        found.total,
    )
