"""Loading the public site's data: a fixed number of queries per page, whatever the size."""

from collections import defaultdict

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload

from planner.extensions import db
from planner.models import (
    Commitment,
    KeyResult,
    Partner,
    Partnership,
    Photo,
    Project,
    Report,
    Thanks,
)
from planner.publishing.public import NAMELESS, PublicReport, Redactor, build_report, redactor_for


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
    """Public views of these reports, in six queries (and three for the registry redactor)."""
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
    everyone = registry_redactor()
    # Grouped once: filtering every list for every report grows with reports × rows.
    project_of = {p.id: p.project_id for p in partnerships}
    by_project, items_of = grouped(partnerships, "project_id"), defaultdict(list)
    for item in items:
        items_of[project_of[item.partnership_id]].append(item)
    thanks_of, results_of = grouped(thanks, "report_id"), grouped(results, "report_id")
    photos_of = grouped(photos, "report_id")
    built = []
    for report in reports:
        mine = by_project[report.project_id]
        built.append(
            build_report(
                report,
                mine,
                items_of[report.project_id],
                thanks_of[report.id],
                results_of[report.id],
                photos_of[report.id],
                chain(redactor_for(mine), everyone),
            )
        )
    return built


def grouped(rows, key: str) -> defaultdict:
    """Rows by the value of one attribute, in their order."""
    groups = defaultdict(list)
    for row in rows:
        groups[getattr(row, key)].append(row)
    return groups


def chain(first: Redactor, then: Redactor):
    return lambda text: then(first(text))


def registry_redactor() -> Redactor:
    """Every partner's contact details, and the names of partners that never agreed to be
    named, wherever they are typed: a story may mention a partner of another project."""

    def build():
        consenting = set(
            db.session.scalars(
                sa.select(Partnership.partner_id).where(Partnership.consent_name.is_(True))
            )
        )
        replacements: dict[str, str] = {}
        rows = db.session.execute(
            sa.select(
                Partner.id,
                Partner.name,
                Partner.sector,
                Partner.email,
                Partner.phone,
                Partner.contact_person,
                Partner.address,
            )
        )
        for pid, name, sector, email, phone, contact, address in rows:
            if pid not in consenting:
                replacements[name] = NAMELESS[sector]
            for private in (email, phone, contact, *(address or "").splitlines()):
                if private and private.strip():
                    replacements[private.strip()] = "[private]"
        for contact in db.session.scalars(sa.select(Partnership.partner_contact).distinct()):
            if contact:
                replacements[contact] = "[private]"
        return Redactor(replacements)

    return cached("registry", build)


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
