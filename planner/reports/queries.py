"""Finding a project's report and the partners it thanks."""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from planner.extensions import db
from planner.models import KeyResult, Partner, Partnership, Photo, Project, Report, Thanks
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


def remove_result(report: Report, result_id: int) -> None:
    """Remove one of this report's key results (another report's is left alone)."""
    db.session.execute(
        sa.delete(KeyResult).where(KeyResult.id == result_id, KeyResult.report_id == report.id)
    )


def remove_photo(report: Report, photo_id: int) -> None:
    """Remove one of this report's photos (another report's is left alone)."""
    db.session.execute(sa.delete(Photo).where(Photo.id == photo_id, Photo.report_id == report.id))
