"""Loading the public site's data: a fixed number of queries per page, whatever the size."""

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload

from planner.extensions import db
from planner.models import Commitment, KeyResult, Partnership, Photo, Project, Report, Thanks
from planner.publishing.public import PublicReport, build_report, redactor_for


def cached(key: str, build):
    """Reuse what one freeze already built; the live app always builds afresh."""
    cache = current_app.config.get("SITE_CACHE")
    if cache is None:
        return build()
    if key not in cache:
        cache[key] = build()
    return cache[key]


def published(query: sa.Select) -> sa.Select:
    return query.where(Report.published_at.is_not(None))


def load_reports(reports: list[Report]) -> list[PublicReport]:
    """Public views of these reports, in six queries."""
    if not reports:
        return []
    ids = [r.id for r in reports]
    project_ids = [r.project_id for r in reports]
    partnerships = db.session.scalars(
        sa.select(Partnership)
        .where(Partnership.project_id.in_(project_ids))
        .options(joinedload(Partnership.partner))
        .order_by(Partnership.id)
    ).all()
    items = db.session.scalars(
        sa.select(Commitment)
        .join(Partnership)
        .where(Partnership.project_id.in_(project_ids))
        .order_by(Commitment.due_date.nulls_last(), Commitment.id)
    ).all()
    thanks = db.session.scalars(sa.select(Thanks).where(Thanks.report_id.in_(ids))).all()
    results = db.session.scalars(
        sa.select(KeyResult).where(KeyResult.report_id.in_(ids)).order_by(KeyResult.id)
    ).all()
    photos = db.session.scalars(
        sa.select(Photo).where(Photo.report_id.in_(ids)).order_by(Photo.id)
    ).all()
    built = []
    for report in reports:
        mine = [p for p in partnerships if p.project_id == report.project_id]
        mine_ids = {p.id for p in mine}
        built.append(
            build_report(
                report,
                mine,
                [i for i in items if i.partnership_id in mine_ids],
                [t for t in thanks if t.report_id == report.id],
                [r for r in results if r.report_id == report.id],
                [f for f in photos if f.report_id == report.id],
                redactor_for(mine),
            )
        )
    return built


def all_published() -> list[PublicReport]:
    """Every published report, newest first."""

    def build():
        reports = db.session.scalars(
            published(sa.select(Report))
            .options(joinedload(Report.project))
            .order_by(Report.published_at.desc(), Report.id.desc())
        ).all()
        return load_reports(list(reports))

    return cached("all", build)


def published_report(slug: str) -> PublicReport | None:
    def build():
        report = db.session.scalar(
            published(sa.select(Report).join(Project).where(Project.slug == slug)).options(
                joinedload(Report.project)
            )
        )
        return load_reports([report])[0] if report else None

    cache = current_app.config.get("SITE_CACHE")
    if cache is not None:
        return next((r for r in all_published() if r.slug == slug), None)
    return build()


def report_preview(report: Report) -> PublicReport:
    """The public view of a report, published or not, for the coordinator's preview."""
    return load_reports([report])[0]


def published_files() -> set[str]:
    """Upload names that published pages show (photos, consented logos)."""
    names = set()
    for report in all_published():
        names.update(photo.file for photo in report.photos)
        names.update(p.logo for p in report.partners if p.logo)
    return names
