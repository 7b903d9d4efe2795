"""Finding the partners that get a report, their reports, and the projects still owing some."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from planner.enums import Direction
from planner.extensions import db
from planner.models import (
    Commitment,
    KeyResult,
    Partner,
    PartnerReport,
    Partnership,
    Project,
    Report,
    Thanks,
)
from planner.paging import Capped
from planner.partner_reports.rules import FINISHED_STAGES
from planner.partnerships.rules import BOUND
from planner.publishing.rules import SHOWN

# A partnership gets a report when it took part and gave something that came.
GAVE = (
    sa.select(Commitment.id)
    .where(
        Commitment.partnership_id == Partnership.id,
        Commitment.direction == Direction.GIVES,
        Commitment.status.in_(SHOWN),
    )
    .exists()
)
COUNTS = sa.and_(Partnership.status.in_(BOUND), GAVE)


def finished_clause(today: date):
    return sa.or_(Project.stage.in_(FINISHED_STAGES), Project.end_date < today)


def reported(project: Project) -> list[tuple[Partnership, PartnerReport | None]]:
    """The partnerships of the project that gave something, by partner name, each with its
    report's record (None before anything was written or sent)."""
    rows = db.session.execute(
        sa.select(Partnership, PartnerReport)
        .join(Partner)
        .outerjoin(PartnerReport, PartnerReport.partnership_id == Partnership.id)
        .where(Partnership.project_id == project.id, COUNTS)
        .options(joinedload(Partnership.partner), joinedload(PartnerReport.sent_by))
        .order_by(Partner.name, Partnership.id)
    ).all()
    return [(p, r) for p, r in rows]


def counting_partnership(pid: int) -> Partnership | None:
    """The partnership, if it gets a report (it took part and gave something)."""
    return db.session.scalar(
        sa.select(Partnership)
        .where(Partnership.id == pid, COUNTS)
        .options(joinedload(Partnership.partner), joinedload(Partnership.project))
    )


def record_of(partnership: Partnership) -> PartnerReport | None:
    return db.session.scalar(
        sa.select(PartnerReport)
        .where(PartnerReport.partnership_id == partnership.id)
        .options(joinedload(PartnerReport.sent_by))
    )


def given_items(partnership: Partnership) -> list[Commitment]:
    return db.session.scalars(
        sa.select(Commitment)
        .where(
            Commitment.partnership_id == partnership.id,
            Commitment.direction == Direction.GIVES,
            Commitment.status.in_(SHOWN),
        )
        .order_by(Commitment.due_date.nulls_last(), Commitment.id)
    ).all()


def project_report(project: Project) -> Report | None:
    return db.session.scalar(sa.select(Report).where(Report.project_id == project.id))


def key_results(report: Report | None) -> list[KeyResult]:
    if report is None:
        return []
    return db.session.scalars(
        sa.select(KeyResult).where(KeyResult.report_id == report.id).order_by(KeyResult.id)
    ).all()


def thanks_for(report: Report | None, partnership: Partnership) -> Thanks | None:
    if report is None:
        return None
    return db.session.scalar(
        sa.select(Thanks).where(
            Thanks.report_id == report.id, Thanks.partnership_id == partnership.id
        )
    )


def owing(today: date, cap: int) -> Capped:
    """Active finished projects with partners whose report has not been sent, and how many
    each, the longest finished first: one statement, however many projects and partners."""
    unsent = sa.func.count(Partnership.id).label("unsent")
    total = sa.func.count().over().label("total")
    rows = db.session.execute(
        sa.select(Project.slug, Project.title, Project.end_date, unsent, total)
        .join(Partnership, Partnership.project_id == Project.id)
        .outerjoin(PartnerReport, PartnerReport.partnership_id == Partnership.id)
        .where(
            Project.archived_at.is_(None),
            finished_clause(today),
            COUNTS,
            PartnerReport.sent_on.is_(None),
        )
        .group_by(Project.id, Project.slug, Project.title, Project.end_date)
        .order_by(Project.end_date.nulls_last(), Project.title, Project.id)
        .limit(cap)
    ).all()
    return Capped(rows, rows[0].total if rows else 0)
