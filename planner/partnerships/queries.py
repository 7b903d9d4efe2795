"""Finding partnerships, for any area's views."""

from collections import Counter

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from planner.enums import LetterStatus, Status
from planner.extensions import db
from planner.models import (
    Commitment,
    HealthCheck,
    Letter,
    Partner,
    Partnership,
    Project,
    Report,
    StatusChange,
    User,
    search_key,
)
from planner.paging import Page, page_number
from planner.partnerships.rules import OPEN_ITEMS, ProjectFacts

# A letter the partner has in hand: sent, or sent and signed.
SENT = (LetterStatus.SENT, LetterStatus.SIGNED)

# How many registry partners the "Add a partner" list shows at once; typing narrows it.
CHOICES_SHOWN = 8


def get_partnership(pid: int) -> Partnership:
    return db.first_or_404(
        sa.select(Partnership)
        .where(Partnership.id == pid)
        .options(joinedload(Partnership.project), joinedload(Partnership.partner))
    )


def project_partnerships(project: Project) -> list[Partnership]:
    """A project's partnerships with their partners and who is responsible, oldest first."""
    return db.session.scalars(
        sa.select(Partnership)
        .where(Partnership.project_id == project.id)
        .options(joinedload(Partnership.partner), joinedload(Partnership.responsible))
        .order_by(Partnership.id)
    ).all()


def available_partners(project: Project) -> list[tuple[int, str]]:
    """Partners in the registry not yet in this project, by name: (id, name)."""
    attached = sa.select(Partnership.partner_id).where(Partnership.project_id == project.id)
    return db.session.execute(
        sa.select(Partner.id, Partner.name)
        .where(Partner.id.not_in(attached), Partner.archived_at.is_(None))
        .order_by(Partner.name)
    ).all()


def registry_choices(project: Project, q: str, chosen: int | None = None) -> tuple[list, bool]:
    """Registry partners not yet in this project whose name or contact matches `q`, by name:
    the first CHOICES_SHOWN, whether more match, and the `chosen` one first if it is not among
    them (so a form sent back with an error keeps the pick)."""
    attached = sa.select(Partnership.partner_id).where(Partnership.project_id == project.id)
    # Casefolded in Python as the registry's search does: Cyrillic matches on SQLite too.
    matches = Partner.search_text.contains(search_key(q), autoescape=True) if q else sa.true()
    order = [Partner.name, Partner.id]
    if chosen is not None:
        matches = sa.or_(matches, Partner.id == chosen)
        order.insert(0, sa.case((Partner.id == chosen, 0), else_=1))
    query = (
        sa.select(Partner)
        .where(Partner.id.not_in(attached), Partner.archived_at.is_(None), matches)
        .order_by(*order)
    )
    partners = db.session.scalars(query.limit(CHOICES_SHOWN + 1)).all()
    return partners[:CHOICES_SHOWN], len(partners) > CHOICES_SHOWN


def already_in(project: Project, partner: Partner) -> bool:
    return (
        db.session.scalar(
            sa.select(Partnership.id).where(
                Partnership.project_id == project.id, Partnership.partner_id == partner.id
            )
        )
        is not None
    )


def registry_twin(name: str) -> Partner | None:
    """The registry partner (not archived) with this very name, whatever its case."""
    # search_text is the casefolded name, a newline, then the contact person.
    return db.session.scalar(
        sa.select(Partner)
        .where(
            Partner.search_text.startswith(search_key(name) + "\n", autoescape=True),
            Partner.archived_at.is_(None),
        )
        .limit(1)
    )


def registry_state(project: Project) -> tuple[int, int]:
    """How many partners the registry has (not archived), and how many of them this project
    already has: the words shown when there is nothing to pick."""
    in_project = (
        sa.select(sa.func.count())
        .select_from(Partnership)
        .join(Partner)
        .where(Partnership.project_id == project.id, Partner.archived_at.is_(None))
        .scalar_subquery()
    )
    row = db.session.execute(
        sa.select(sa.func.count(), in_project)
        .select_from(Partner)
        .where(Partner.archived_at.is_(None))
    ).one()
    return row[0], row[1]


def projects_open_to(partner: Partner) -> list[tuple[int, str]]:
    """Active projects this partner is not yet in, by title: (id, title)."""
    joined = sa.select(Partnership.project_id).where(Partnership.partner_id == partner.id)
    return db.session.execute(
        sa.select(Project.id, Project.title)
        .where(Project.id.not_in(joined), Project.archived_at.is_(None))
        .order_by(Project.title, Project.id)
    ).all()


def status_history(partnership: Partnership) -> list[StatusChange]:
    """A partnership's steps, newest first, with who took them."""
    return db.session.scalars(
        partnership.history.select()
        .options(joinedload(StatusChange.user))
        .order_by(None)  # drop the relationship's oldest-first order: newest first here
        .order_by(StatusChange.id.desc())
    ).all()


def health_checks(pid: int) -> list[HealthCheck]:
    return db.session.scalars(
        sa.select(HealthCheck)
        .where(HealthCheck.partnership_id == pid)
        .options(joinedload(HealthCheck.user))
        .order_by(HealthCheck.checked_on.desc(), HealthCheck.id.desc())
    ).all()


def partnership_items(pid: int) -> list[Commitment]:
    """A partnership's commitments: what it gives, then what it gets, soonest first."""
    return db.session.scalars(
        sa.select(Commitment)
        .where(Commitment.partnership_id == pid)
        .order_by(Commitment.direction, Commitment.due_date.nulls_last(), Commitment.id)
    ).all()


def partnership_letters(pid: int) -> list[Letter]:
    return db.session.scalars(
        sa.select(Letter).where(Letter.partnership_id == pid).order_by(Letter.version, Letter.id)
    ).all()


def letter_sent(pid: int) -> bool:
    """Whether a commitment letter of this partnership has been sent (or signed)."""
    found = sa.select(Letter.id).where(Letter.partnership_id == pid, Letter.status.in_(SENT))
    return db.session.scalar(sa.select(found.exists())) or False


def open_item_count(pid: int) -> int:
    """How many of a partnership's commitments are still planned or promised."""
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Commitment)
        .where(Commitment.partnership_id == pid, Commitment.status.in_(OPEN_ITEMS))
    )


def project_facts(project: Project, statuses: Counter) -> ProjectFacts:
    """What the project's stage is read from, given its partnerships' statuses: one query."""
    letter = (
        sa.select(Letter.id)
        .join(Partnership, Letter.partnership_id == Partnership.id)
        .where(Partnership.project_id == project.id, Letter.status.in_(SENT))
        .exists()
    )
    published = (
        sa.select(Report.id)
        .where(Report.project_id == project.id, Report.published_at.is_not(None))
        .exists()
    )
    sent, done = db.session.execute(sa.select(letter, published)).one()
    return ProjectFacts(statuses, bool(sent), bool(done))


def status_totals() -> Counter:
    """Partnerships of all active projects, by status (the dashboard's pipeline)."""
    rows = db.session.execute(
        sa.select(Partnership.status, sa.func.count())
        .join(Project, Partnership.project_id == Project.id)
        .where(Project.archived_at.is_(None))
        .group_by(Partnership.status)
    )
    return Counter(dict(rows.all()))


# The partnerships lists (by status, across projects) show this many a page.
PER_PAGE = 25


def status_page(status: Status, number: int | None) -> Page:
    """One page of the partnerships with this status in active projects, by project then
    partner: two queries (the count, the page) whatever the number of partnerships."""
    where = sa.and_(Partnership.status == status, Project.archived_at.is_(None))
    total = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Partnership)
        .join(Project, Partnership.project_id == Project.id)
        .where(where)
    )
    number = page_number(number, total, PER_PAGE)
    rows = db.session.execute(
        sa.select(
            Partnership.id,
            Partner.name.label("partner_name"),
            Partner.sector,
            Project.title.label("project_title"),
            Project.slug.label("project_slug"),
            User.name.label("responsible_name"),
        )
        .join(Partner, Partnership.partner_id == Partner.id)
        .join(Project, Partnership.project_id == Project.id)
        .outerjoin(User, Partnership.responsible_id == User.id)
        .where(where)
        .order_by(Project.title, Project.id, Partner.name, Partnership.id)
        .limit(PER_PAGE)
        .offset((number - 1) * PER_PAGE)
    ).all()
    return Page(rows, number, total, PER_PAGE)
