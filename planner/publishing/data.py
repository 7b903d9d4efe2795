"""Loading the public site's data: a fixed number of queries per page, whatever the size.

A report page builds its one full report. Lists (the home page and its older pages, the
feed, the partner directory, the sitemap) select in SQL only what they show, a page at a
time, and never build a full report.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from planner.enums import Direction, Sector
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
from planner.publishing.public import (
    PublicReport,
    Redactor,
    build_report,
    redactor_for,
    slug_of,
)
from planner.publishing.registry import registry_redactor
from planner.publishing.rules import FEED_SIZE, PARTNERS_PER_PAGE, REPORTS_PER_PAGE, SHOWN


def published(query: sa.Select) -> sa.Select:
    return query.where(Report.published_at.is_not(None))


NEWEST_FIRST = (Report.published_at.desc(), Report.id.desc())


# --- full reports ---------------------------------------------------------------------------


def load_reports(reports: list[Report]) -> list[PublicReport]:
    """Public views of these reports, in six queries (and the cached registry redactor)."""
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


def all_published() -> list[PublicReport]:
    """Every published report, newest first (the freeze's one load)."""
    reports = db.session.scalars(
        published(sa.select(Report)).options(joinedload(Report.project)).order_by(*NEWEST_FIRST)
    ).all()
    return load_reports(list(reports))


def published_reports(ids: list[int]) -> list[PublicReport]:
    """These published reports, newest first."""
    if not ids:
        return []
    reports = db.session.scalars(
        published(sa.select(Report))
        .where(Report.id.in_(ids))
        .options(joinedload(Report.project))
        .order_by(*NEWEST_FIRST)
    ).all()
    return load_reports(list(reports))


def published_report(slug: str) -> PublicReport | None:
    report = db.session.scalar(
        published(sa.select(Report).join(Project).where(Project.slug == slug)).options(
            joinedload(Report.project)
        )
    )
    return load_reports([report])[0] if report else None


def report_preview(report: Report) -> PublicReport:
    """The public view of a report, published or not, for the coordinator's preview."""
    return load_reports([report])[0]


# --- what a list shows ----------------------------------------------------------------------


def delivered_or_thanked() -> sa.ColumnElement[bool]:
    """A partnership that a (joined) report lists: something it gave came, or it is thanked."""
    delivered = (
        sa.exists()
        .where(Commitment.partnership_id == Partnership.id, Commitment.status.in_(SHOWN))
        .correlate(Partnership)
    )
    thanked = (
        sa.exists()
        .where(Thanks.partnership_id == Partnership.id, Thanks.report_id == Report.id)
        .correlate(Partnership, Report)
    )
    return sa.or_(delivered, thanked)


def given_value() -> sa.ScalarSelect:
    """What a partnership gave that a report may show the value of (for the partners' order)."""
    return (
        sa.select(sa.func.coalesce(sa.func.sum(Commitment.value), 0))
        .where(
            Commitment.partnership_id == Partnership.id,
            Commitment.direction == Direction.GIVES,
            Commitment.status.in_(SHOWN),
            Commitment.internal.is_(False),
            Commitment.value.is_not(None),
        )
        .correlate(Partnership)
        .scalar_subquery()
    )


@dataclass(frozen=True)
class NamedLink:
    name: str
    slug: str


@dataclass(frozen=True)
class ListedReport:
    """A published report as the lists show it: no story, no figures, no contributions."""

    id: int
    slug: str
    title: str
    summary: str
    territory: str
    start: date | None
    end: date | None
    published_at: datetime
    updated_at: datetime
    named: list[NamedLink]
    others: bool


@dataclass(frozen=True)
class Pager:
    """Which page of a list this is; page 1 is the list's own address."""

    number: int
    pages: int

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None


def page_count(total: int, size: int) -> int:
    return max(math.ceil(total / size), 1)


def report_pages() -> int:
    total = db.session.scalar(published(sa.select(sa.func.count(Report.id))))
    return page_count(total or 0, REPORTS_PER_PAGE)


def reports_page(number: int) -> tuple[list[ListedReport], Pager] | None:
    """One page of published reports, newest first; None past the last page."""
    pages = report_pages()
    if number < 1 or number > pages:
        return None
    offset = (number - 1) * REPORTS_PER_PAGE
    return listed_reports(REPORTS_PER_PAGE, offset), Pager(number, pages)


def newest_reports(limit: int = FEED_SIZE) -> list[ListedReport]:
    return listed_reports(limit, 0)


def listed_reports(limit: int, offset: int) -> list[ListedReport]:
    """Published reports as lists show them, in four queries (and the registry's stamp)."""
    rows = db.session.execute(
        published(
            sa.select(
                Report.id,
                Report.project_id,
                Report.summary,
                Report.published_at,
                Report.updated_at,
                Project.slug,
                Project.title,
                Project.territory,
                Project.start_date,
                Project.end_date,
            ).join(Project, Project.id == Report.project_id)
        )
        .order_by(*NEWEST_FIRST)
        .limit(limit)
        .offset(offset)
    ).all()
    if not rows:
        return []
    ids = [r.id for r in rows]
    project_ids = [r.project_id for r in rows]
    # Every partnership of these projects: a summary may name any of them.
    partnerships = db.session.scalars(
        sa.select(Partnership)
        .where(Partnership.project_id.in_(project_ids))
        .options(joinedload(Partnership.partner))
        .order_by(Partnership.id)
    ).all()
    listed = db.session.execute(
        sa.select(Report.id, Partnership.id, given_value())
        .join(Partnership, Partnership.project_id == Report.project_id)
        .where(Report.id.in_(ids), delivered_or_thanked())
    ).all()
    given = {(report_id, pid): value for report_id, pid, value in listed}
    everyone = registry_redactor()
    by_project = grouped(partnerships, "project_id")
    out = []
    for row in rows:
        mine = by_project[row.project_id]
        shown = [p for p in mine if (row.id, p.id) in given]
        named = sorted(
            (p for p in shown if p.consent_name),
            key=lambda p: (-given[row.id, p.id], p.partner.name),
        )
        redact = chain(redactor_for(mine), everyone)
        out.append(
            ListedReport(
                id=row.id,
                slug=row.slug,
                title=row.title,
                summary=redact(row.summary),
                territory=row.territory,
                start=row.start_date,
                end=row.end_date,
                published_at=row.published_at,
                updated_at=row.updated_at,
                named=[
                    NamedLink(p.partner.name, slug_of(p.partner.name, p.partner.id)) for p in named
                ],
                others=len(shown) > len(named),
            )
        )
    return out


# --- named partners: the directory, the sitemap, partner pages ------------------------------


@dataclass(frozen=True)
class NamedPartner:
    """A partner named (with consent) in one published report."""

    report_id: int
    report_slug: str
    report_title: str
    name: str
    slug: str
    sector: Sector


def named_partners() -> list[NamedPartner]:
    """Every partner named in a published report, newest report first: one query."""
    rows = db.session.execute(
        published(
            sa.select(
                Report.id, Project.slug, Project.title, Partner.name, Partner.id, Partner.sector
            )
            .join(Project, Project.id == Report.project_id)
            .join(Partnership, Partnership.project_id == Report.project_id)
            .join(Partner, Partner.id == Partnership.partner_id)
            .where(Partnership.consent_name.is_(True), delivered_or_thanked())
        ).order_by(*NEWEST_FIRST, Partnership.id)
    ).all()
    return [
        NamedPartner(rid, rslug, title, name, slug_of(name, pid), sector)
        for rid, rslug, title, name, pid, sector in rows
    ]


@dataclass(frozen=True)
class DirectoryEntry:
    name: str
    sector: Sector
    reports: list[NamedPartner]


def directory_entries() -> list[DirectoryEntry]:
    """The partners named on the site, by name, each with the reports that name it."""
    by_name: dict[str, list[NamedPartner]] = {}
    for named in named_partners():
        by_name.setdefault(named.name, []).append(named)
    return [DirectoryEntry(name, found[0].sector, found) for name, found in sorted(by_name.items())]


def directory_page(number: int) -> tuple[list[DirectoryEntry], Pager] | None:
    entries = directory_entries()
    pages = page_count(len(entries), PARTNERS_PER_PAGE)
    if number < 1 or number > pages:
        return None
    start = (number - 1) * PARTNERS_PER_PAGE
    return entries[start : start + PARTNERS_PER_PAGE], Pager(number, pages)


def directory_pages() -> int:
    return page_count(len({n.name for n in named_partners()}), PARTNERS_PER_PAGE)


@dataclass(frozen=True)
class PublishedPage:
    """A published report's address and its partner pages' addresses."""

    id: int
    slug: str
    partner_slugs: list[str]


def published_pages() -> list[PublishedPage]:
    """Every published report and its partner pages, newest first: two queries."""
    reports = db.session.execute(
        published(sa.select(Report.id, Project.slug).join(Project)).order_by(*NEWEST_FIRST)
    ).all()
    partners_of = defaultdict(list)
    for named in named_partners():
        if named.slug not in partners_of[named.report_id]:
            partners_of[named.report_id].append(named.slug)
    return [PublishedPage(rid, slug, partners_of[rid]) for rid, slug in reports]


# --- media ----------------------------------------------------------------------------------


def published_files() -> set[str]:
    """Upload names that published pages show (photos, consented logos): two queries."""
    photos = db.session.scalars(published(sa.select(Photo.file).join(Report)))
    logos = db.session.scalars(
        published(
            sa.select(Partner.logo_file)
            .select_from(Report)
            .join(Partnership, Partnership.project_id == Report.project_id)
            .join(Partner, Partner.id == Partnership.partner_id)
            .where(
                Partnership.consent_name.is_(True),
                Partnership.consent_logo.is_(True),
                Partner.logo_file.is_not(None),
                delivered_or_thanked(),
            )
        )
    )
    return set(photos) | {name for name in logos if name}


def is_published_file(name: str) -> bool:
    """Whether a published page shows this upload (the same rule as published_files)."""
    photo = db.session.scalar(
        published(sa.select(Photo.id).join(Report).where(Photo.file == name)).limit(1)
    )
    if photo is not None:
        return True
    logo = db.session.scalar(
        published(
            sa.select(Partnership.id)
            .select_from(Report)
            .join(Partnership, Partnership.project_id == Report.project_id)
            .join(Partner, Partner.id == Partnership.partner_id)
            .where(
                Partner.logo_file == name,
                Partnership.consent_name.is_(True),
                Partnership.consent_logo.is_(True),
                delivered_or_thanked(),
            )
        ).limit(1)
    )
    return logo is not None


# --- what a report page is made of, for an incremental freeze -------------------------------


def report_fingerprints() -> dict[int, str]:
    """A digest of every row a published report's pages are built from, by report id.

    Plain tuples in six queries, no objects: cheap enough to compute on every freeze, so that
    only the reports whose digest moved are built and rendered again.
    """
    reports = db.session.execute(
        published(
            sa.select(
                Report.id,
                Report.project_id,
                Report.summary,
                Report.narrative,
                Report.published_at,
                Report.updated_at,
                Project.slug,
                Project.title,
                Project.territory,
                Project.start_date,
                Project.end_date,
            ).join(Project, Project.id == Report.project_id)
        )
    ).all()
    if not reports:
        return {}
    is_published = published(sa.select(Report.id))
    project_ids = published(sa.select(Report.project_id))
    parts: dict = defaultdict(list)
    for row in reports:
        parts[row.project_id].append(tuple(row))
    for row in db.session.execute(
        sa.select(
            Partnership.project_id,
            Partnership.id,
            Partnership.consent_name,
            Partnership.consent_logo,
            Partnership.consent_quote,
            Partnership.quote,
            Partnership.partner_contact,
            Partner.id,
            Partner.name,
            Partner.sector,
            Partner.email,
            Partner.phone,
            Partner.contact_person,
            Partner.address,
            Partner.logo_file,
        )
        .join(Partner, Partner.id == Partnership.partner_id)
        .where(Partnership.project_id.in_(project_ids))
        .order_by(Partnership.id)
    ):
        parts[row[0]].append(tuple(row))
    for row in db.session.execute(
        sa.select(
            Partnership.project_id,
            Commitment.id,
            Commitment.partnership_id,
            Commitment.direction,
            Commitment.category,
            Commitment.description,
            Commitment.quantity,
            Commitment.unit,
            Commitment.value,
            Commitment.status,
            Commitment.internal,
            Commitment.due_date,
        )
        .join(Partnership, Partnership.id == Commitment.partnership_id)
        .where(Partnership.project_id.in_(project_ids))
        .order_by(Commitment.id)
    ):
        parts[row[0]].append(tuple(row))
    project_of = {row.id: row.project_id for row in reports}
    for model, columns in (
        (Thanks, (Thanks.partnership_id, Thanks.made_possible, Thanks.thank_you)),
        (KeyResult, (KeyResult.id, KeyResult.label, KeyResult.value, KeyResult.unit)),
        (Photo, (Photo.id, Photo.file, Photo.alt, Photo.credit, Photo.width, Photo.height)),
    ):
        for row in db.session.execute(
            sa.select(model.report_id, *columns)
            .where(model.report_id.in_(is_published))
            .order_by(model.id)
        ):
            parts[project_of[row[0]]].append((model.__name__, *row))
    return {
        row.id: hashlib.sha256(repr(parts[row.project_id]).encode()).hexdigest() for row in reports
    }
