"""Loading the public site's data: a fixed number of queries per page, whatever the size.

A report page builds its one full report. Lists (the home page and its older pages, the
feed, the partner directory, the sitemap) select in SQL only what they show, a page at a
time, and never build a full report.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa

from planner.enums import Direction, Sector
from planner.extensions import db
from planner.models import (
    Commitment,
    KeyResult,
    Organisation,
    Partner,
    Partnership,
    Photo,
    Project,
    Report,
    Thanks,
)
from planner.paging import page_count
from planner.publishing.public import (
    PublicPhoto,
    PublicReport,
    PublicResult,
    Redactor,
    build_report,
    partner_slugs,
    redactor_for,
)
from planner.publishing.registry import registry_redactor
from planner.publishing.rules import FEED_SIZE, PARTNERS_PER_PAGE, REPORTS_PER_PAGE, SHOWN
from planner.stamps import StampedCache


def published(query: sa.Select) -> sa.Select:
    return query.where(is_published())


NEWEST_FIRST = (Report.published_at.desc(), Report.id.desc())


# --- full reports ---------------------------------------------------------------------------

# Plain rows, not model objects: a site's worth of reports is thousands of rows, and building
# an object graph of them cost more than rendering their pages.
REPORT_COLUMNS = (
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
)
PARTNERSHIP_COLUMNS = (
    Partnership.project_id,
    Partnership.id,
    Partnership.consent_name,
    Partnership.consent_logo,
    Partnership.consent_quote,
    Partnership.quote,
    Partner.id.label("partner_id"),
    Partner.name,
    Partner.sector,
    Partner.logo_file,
)
ITEM_COLUMNS = (
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
)


def partnership_rows(projects: sa.Select | list[int]) -> defaultdict[int, list[sa.Row]]:
    """Every partnership of these projects with its partner's public columns, by project.

    All of them, whatever their status: a story may name any of a project's partners.
    """
    rows = db.session.execute(
        sa.select(*PARTNERSHIP_COLUMNS)
        .join(Partner, Partner.id == Partnership.partner_id)
        .where(Partnership.project_id.in_(projects))
        .order_by(Partnership.id)
    )
    return grouped(rows, "project_id")


@dataclass
class ReportRows:
    """Every row that some reports' pages are built from, in one query per table.

    The freeze digests them to see which reports changed and builds pages from the same rows.
    """

    reports: list[sa.Row]
    partnerships: defaultdict[int, list[sa.Row]]
    items: defaultdict[int, list[sa.Row]]
    thanks: defaultdict[int, list[sa.Row]]
    results: defaultdict[int, list[sa.Row]]
    photos: defaultdict[int, list[sa.Row]]
    everyone: Redactor
    redactors: dict[int, Callable[[str], str]] = field(default_factory=dict)

    @classmethod
    def load(cls, which: sa.ColumnElement[bool]) -> ReportRows:
        """The reports matching `which` (a condition on Report and Project), newest first."""
        chosen = sa.select(Report.id).join(Project, Project.id == Report.project_id).where(which)
        projects = chosen.with_only_columns(Report.project_id)
        reports = db.session.execute(
            sa.select(*REPORT_COLUMNS)
            .join(Project, Project.id == Report.project_id)
            .where(which)
            .order_by(*NEWEST_FIRST)
        ).all()
        # Only what a report shows: other commitments cannot change a public page.
        items = db.session.execute(
            sa.select(*ITEM_COLUMNS)
            .join(Partnership, Partnership.id == Commitment.partnership_id)
            .where(Partnership.project_id.in_(projects), Commitment.status.in_(SHOWN))
            .order_by(Commitment.due_date.nulls_last(), Commitment.id)
        )
        of_reports = {}
        for model, columns in (
            (Thanks, (Thanks.partnership_id, Thanks.made_possible, Thanks.thank_you)),
            (KeyResult, (KeyResult.label, KeyResult.value, KeyResult.unit)),
            (Photo, (Photo.file, Photo.alt, Photo.credit, Photo.width, Photo.height)),
        ):
            of_reports[model] = grouped(
                db.session.execute(
                    sa.select(model.report_id, *columns)
                    .where(model.report_id.in_(chosen))
                    .order_by(model.id)
                ),
                "report_id",
            )
        return cls(
            reports=reports,
            partnerships=partnership_rows(projects),
            items=grouped(items, "project_id"),
            thanks=of_reports[Thanks],
            results=of_reports[KeyResult],
            photos=of_reports[Photo],
            everyone=registry_redactor(),
        )

    def fingerprints(self) -> dict[int, str]:
        """A digest of the rows each report's pages are built from, by report id.

        What every page shares (the registry redactor, templates, code) is the freeze's to
        digest.
        """
        # Plain tuples: a Row's own repr is several times slower.
        return {
            report.id: hashlib.sha256(
                repr(
                    (
                        tuple(report),
                        [tuple(r) for r in self.partnerships[report.project_id]],
                        [tuple(r) for r in self.items[report.project_id]],
                        [tuple(r) for r in self.thanks[report.id]],
                        [tuple(r) for r in self.results[report.id]],
                        [tuple(r) for r in self.photos[report.id]],
                    )
                ).encode()
            ).hexdigest()
            for report in self.reports
        }

    def redactor(self, report: sa.Row) -> Callable[[str], str]:
        """What one report's texts pass: its unnamed partners' names, then the registry's."""
        found = self.redactors.get(report.id)
        if found is None:
            mine = redactor_for(self.partnerships[report.project_id])
            found = self.redactors[report.id] = chain(mine, self.everyone)
        return found

    def build(self, report: sa.Row) -> PublicReport:
        return build_report(
            report,
            self.partnerships[report.project_id],
            self.items[report.project_id],
            self.thanks[report.id],
            self.results[report.id],
            self.photos[report.id],
            self.redactor(report),
        )

    def listed(self, start: int, end: int) -> list[ListedReport]:
        """Reports `start` to `end` (newest first) as lists show them, as listed_reports does."""
        return as_listed(self.reports[start:end], self.partnerships, self.redactor)

    def public_reports(self, ids: set[int] | None = None) -> list[PublicReport]:
        """Public views of these reports (all of them without `ids`), newest first."""
        return [self.build(r) for r in self.reports if ids is None or r.id in ids]


def grouped(rows, key: str) -> defaultdict:
    """Rows by the value of one attribute, in their order."""
    groups = defaultdict(list)
    for row in rows:
        groups[getattr(row, key)].append(row)
    return groups


def chain(first: Redactor, then: Redactor):
    return lambda text: then(first(text))


def is_published() -> sa.ColumnElement[bool]:
    return Report.published_at.is_not(None)


def all_published() -> list[PublicReport]:
    """Every published report, newest first."""
    return ReportRows.load(is_published()).public_reports()


def published_report(slug: str) -> PublicReport | None:
    found = ReportRows.load(sa.and_(is_published(), Project.slug == slug)).public_reports()
    return found[0] if found else None


def report_preview(report: Report) -> PublicReport:
    """The public view of a report, published or not, for the coordinator's preview."""
    return ReportRows.load(Report.id == report.id).public_reports()[0]


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
    # What the home page's card shows: its first photo (file, alt, width, height), if any,
    # and its first key results (label, value, unit).
    photo: PublicPhoto | None = None
    results: tuple = ()


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
            sa.select(*(c for c in REPORT_COLUMNS if c is not Report.narrative)).join(
                Project, Project.id == Report.project_id
            )
        )
        .order_by(*NEWEST_FIRST)
        .limit(limit)
        .offset(offset)
    ).all()
    if not rows:
        return []
    by_project = partnership_rows([r.project_id for r in rows])
    everyone = registry_redactor()
    return as_listed(
        rows, by_project, lambda row: chain(redactor_for(by_project[row.project_id]), everyone)
    )


def as_listed(rows, partnerships, redactor) -> list[ListedReport]:
    """Reports (rows of REPORT_COLUMNS) as lists show them: one query for whom they name.

    `partnerships` holds every partnership of their projects by project (partnership_rows),
    `redactor(row)` the redactor of one report's texts.
    """
    listed = db.session.execute(
        sa.select(Report.id, Partnership.id, given_value())
        .join(Partnership, Partnership.project_id == Report.project_id)
        .where(Report.id.in_([row.id for row in rows]), delivered_or_thanked())
    ).all()
    given = {(report_id, pid): value for report_id, pid, value in listed}
    ids = [row.id for row in rows]
    photos: dict[int, sa.Row] = {}
    for photo in db.session.execute(
        sa.select(Photo.report_id, Photo.file, Photo.alt, Photo.width, Photo.height)
        .where(Photo.report_id.in_(ids))
        .order_by(Photo.id)
    ):
        photos.setdefault(photo.report_id, photo)
    results = defaultdict(list)
    for result in db.session.execute(
        sa.select(KeyResult.report_id, KeyResult.label, KeyResult.value, KeyResult.unit)
        .where(KeyResult.report_id.in_(ids))
        .order_by(KeyResult.id)
    ):
        if len(results[result.report_id]) < CARD_RESULTS:
            results[result.report_id].append(result)
    out = []
    for row in rows:
        slugs = partner_slugs(partnerships[row.project_id])
        redact = redactor(row)
        photo = photos.get(row.id)
        shown = [p for p in partnerships[row.project_id] if (row.id, p.id) in given]
        named = sorted(
            (p for p in shown if p.consent_name),
            key=lambda p: (-given[row.id, p.id], p.name),
        )
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
                named=[NamedLink(p.name, slugs[p.id]) for p in named],
                others=len(shown) > len(named),
                # Their texts pass the report's redactor, as on the report's own page.
                photo=PublicPhoto(photo.file, redact(photo.alt), "", photo.width, photo.height)
                if photo
                else None,
                results=tuple(
                    PublicResult(redact(r.label), r.value, redact(r.unit)) for r in results[row.id]
                ),
            )
        )
    return out


CARD_RESULTS = 3  # key results on a report's card


@dataclass(frozen=True)
class Totals:
    """What the published reports add up to, counted from what they show the public: every
    partner they list (named or not) and the values of what partners gave that are not
    internal."""

    partners: int
    value: Decimal
    first_year: int | None
    last_year: int | None


def site_totals() -> Totals:
    """The totals across published reports: two queries, whatever the number of reports."""
    listed = (
        sa.select(Partnership.id)
        .join(Report, Report.project_id == Partnership.project_id)
        .where(is_published(), delivered_or_thanked())
    )
    partners = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Partnership.partner_id))).where(
            Partnership.id.in_(listed)
        )
    )
    value = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(Commitment.value), 0)).where(
            Commitment.partnership_id.in_(listed),
            Commitment.direction == Direction.GIVES,
            Commitment.status.in_(SHOWN),
            Commitment.internal.is_(False),
            Commitment.value.is_not(None),
        )
    )
    first, last, first_published, last_published = db.session.execute(
        published(
            sa.select(
                sa.func.min(sa.func.coalesce(Project.start_date, Project.end_date)),
                sa.func.max(sa.func.coalesce(Project.end_date, Project.start_date)),
                sa.func.min(Report.published_at),
                sa.func.max(Report.published_at),
            ).join(Project, Project.id == Report.project_id)
        )
    ).one()
    first, last = first or first_published, last or last_published
    return Totals(
        partners=partners or 0,
        value=Decimal(value or 0),
        first_year=year_of(first),
        last_year=year_of(last),
    )


def year_of(moment) -> int | None:
    if moment is None:
        return None
    if isinstance(moment, str):  # SQLite's min() of a date column
        return int(moment[:4])
    return moment.year


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
    partner_id: int


def named_partners() -> tuple[NamedPartner, ...]:
    """Every partner named in a published report, newest report first.

    The directory, the sitemap and every partner page read this whole list, which grows with
    the site: it is kept until the next write.
    """
    return kept_named_partners.get()


def load_named_partners() -> tuple[NamedPartner, ...]:
    # Every partnership of the published projects, named or not: a page's address depends
    # on them all (partner_slugs).
    rows = db.session.execute(
        published(
            sa.select(
                Report.id,
                Project.slug,
                Project.title,
                Partner.name,
                Partner.id.label("partner_id"),
                Partner.sector,
                Partnership.id.label("partnership_id"),
                Partnership.consent_name,
                delivered_or_thanked().label("listed"),
            )
            .join(Project, Project.id == Report.project_id)
            .join(Partnership, Partnership.project_id == Report.project_id)
            .join(Partner, Partner.id == Partnership.partner_id)
        ).order_by(*NEWEST_FIRST, Partnership.id)
    ).all()
    by_report: dict[int, list] = {}
    for row in rows:
        by_report.setdefault(row.id, []).append(row)
    found = []
    for of_report in by_report.values():
        slugs = partner_slugs([SlugRow(r.partnership_id, r.partner_id, r.name) for r in of_report])
        found += [
            NamedPartner(
                r.id, r.slug, r.title, r.name, slugs[r.partnership_id], r.sector, r.partner_id
            )
            for r in of_report
            if r.consent_name and r.listed
        ]
    return tuple(found)


@dataclass(frozen=True)
class SlugRow:
    id: int
    partner_id: int
    name: str


kept_named_partners = StampedCache(load_named_partners)


@dataclass(frozen=True)
class DirectoryEntry:
    name: str
    sector: Sector
    reports: list[NamedPartner]


def directory_entries(partners: tuple[NamedPartner, ...] | None = None) -> list[DirectoryEntry]:
    """The partners named on the site, by name, each once (two of one name are two entries)
    with the reports that name it."""
    by_partner: dict[int, list[NamedPartner]] = {}
    for named in named_partners() if partners is None else partners:
        by_partner.setdefault(named.partner_id, []).append(named)
    ordered = sorted(by_partner.items(), key=lambda kv: (kv[1][0].name, kv[0]))
    return [DirectoryEntry(found[0].name, found[0].sector, found) for _, found in ordered]


def directory_page(number: int) -> tuple[list[DirectoryEntry], Pager] | None:
    entries = directory_entries()
    pages = page_count(len(entries), PARTNERS_PER_PAGE)
    if number < 1 or number > pages:
        return None
    start = (number - 1) * PARTNERS_PER_PAGE
    return entries[start : start + PARTNERS_PER_PAGE], Pager(number, pages)


def directory_pages() -> int:
    return page_count(len({n.partner_id for n in named_partners()}), PARTNERS_PER_PAGE)


@dataclass(frozen=True)
class PublishedPage:
    """A published report's address and its partner pages' addresses."""

    id: int
    slug: str
    partner_slugs: list[str]


def published_pages(partners: tuple[NamedPartner, ...] | None = None) -> list[PublishedPage]:
    """Every published report and its partner pages, newest first: two queries."""
    reports = db.session.execute(
        published(sa.select(Report.id, Project.slug).join(Project)).order_by(*NEWEST_FIRST)
    ).all()
    partners_of = defaultdict(list)
    for named in named_partners() if partners is None else partners:
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
    own = db.session.scalar(sa.select(Organisation.logo_file).order_by(Organisation.id).limit(1))
    return set(photos) | {name for name in logos if name} | ({own} if own else set())


def is_published_file(name: str) -> bool:
    """Whether a published page shows this upload (the same rule as published_files)."""
    own = db.session.scalar(sa.select(Organisation.logo_file).order_by(Organisation.id).limit(1))
    if own == name:  # the organisation's logo heads every page
        return True
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
