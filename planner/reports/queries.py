"""Finding a project's report and the partners it thanks."""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from planner.extensions import db
from planner.models import Partner, Partnership, Project, Report, Thanks
from planner.partnerships.rules import BOUND


def report_of(project: Project) -> Report | None:
    return db.session.scalar(sa.select(Report).where(Report.project_id == project.id))


def took_part(project: Project) -> list[Partnership]:
    """The partnerships that took part (agreed or beyond), with their partners, by name.

    Partners that took part get a section in the report and a follow-up; those that
    never did, don't.
    """
    return db.session.scalars(
        sa.select(Partnership)
        .join(Partner)
        .where(Partnership.project_id == project.id, Partnership.status.in_(BOUND))
        .options(joinedload(Partnership.partner))
        .order_by(Partner.name)
    ).all()


def thanks_by_partnership(report: Report) -> dict[int, Thanks]:
    return {
        t.partnership_id: t
        for t in db.session.scalars(sa.select(Thanks).where(Thanks.report_id == report.id))
    }


def thanks_of(report: Report, pid: int) -> Thanks | None:
    return db.session.scalar(
        sa.select(Thanks).where(Thanks.report_id == report.id, Thanks.partnership_id == pid)
    )


def project_partnership(project: Project, pid: int, *, with_partner: bool = False) -> Partnership:
    """One partnership of this project, or 404."""
    query = sa.select(Partnership).where(
        Partnership.id == pid, Partnership.project_id == project.id
    )
    if with_partner:
        query = query.options(joinedload(Partnership.partner))
    return db.first_or_404(query)
