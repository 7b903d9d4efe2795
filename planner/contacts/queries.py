"""What the contact log, the next steps and keep-in-touch read: a fixed number of
queries whatever the length of the log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from planner.contacts.rules import StepList, gone_quiet, step_window, would_work_again
from planner.enums import Status
from planner.extensions import db
from planner.models import Contact, Partner, Partnership, Project, User
from planner.paging import Capped, Page, page_number

PER_PAGE = 20
# The partnership page shows the latest contacts; the partner's page holds them all.
RECENT = 10

Who = aliased(User)
Owner = aliased(User)


def contact_columns() -> sa.Select:
    return (
        sa.select(
            Contact,
            Who.name.label("user_name"),
            Owner.name.label("owner_name"),
            Project.title.label("project_title"),
            Partnership.id.label("partnership_id"),
        )
        .join(Partnership, Contact.partnership_id == Partnership.id)
        .join(Project, Partnership.project_id == Project.id)
        .outerjoin(Who, Contact.user_id == Who.id)
        .outerjoin(Owner, Contact.next_owner_id == Owner.id)
        .order_by(Contact.contacted_on.desc(), Contact.id.desc())
    )


def recent_contacts(partnership_id: int, cap: int = RECENT) -> Capped:
    """A partnership's latest contacts, newest first, and how many it has."""
    total = sa.func.count().over().label("total")
    rows = db.session.execute(
        contact_columns()
        .add_columns(total)
        .where(Contact.partnership_id == partnership_id)
        .limit(cap)
    ).all()
    return Capped(rows, rows[0].total if rows else 0)


def one_contact(contact_id: int) -> sa.Row | None:
    return db.session.execute(contact_columns().where(Contact.id == contact_id)).first()


def partner_history(partner_id: int, number: int | None) -> Page:
    """A page of a partner's contacts across all its projects, newest first."""
    where = Partnership.partner_id == partner_id
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(Contact).join(Partnership).where(where)
    )
    number = page_number(number, total, PER_PAGE)
    rows = db.session.execute(
        contact_columns().where(where).limit(PER_PAGE).offset((number - 1) * PER_PAGE)
    ).all()
    return Page(rows, number, total, PER_PAGE)


def step_columns() -> sa.Select:
    return (
        sa.select(
            Contact.id,
            Contact.next_step,
            Contact.next_due_on,
            Contact.revision,
            Contact.partnership_id,
            Partner.name.label("partner_name"),
            Project.title.label("project_title"),
        )
        .join(Partnership, Contact.partnership_id == Partnership.id)
        .join(Partner, Partnership.partner_id == Partner.id)
        .join(Project, Partnership.project_id == Project.id)
        .where(Contact.next_done_at.is_(None), Contact.next_due_on.is_not(None))
        .order_by(Contact.next_due_on, Contact.id)
    )


def next_steps(owner_id: int, kind: StepList, today: date, cap: int) -> Capped:
    """The owner's open next steps in one of the dashboard's lists, capped and counted."""
    first, last = step_window(kind, today)
    query = step_columns().where(Contact.next_owner_id == owner_id)
    if first is not None:
        query = query.where(Contact.next_due_on >= first)
    if last is not None:
        query = query.where(Contact.next_due_on <= last)
    total = sa.func.count().over().label("total")
    rows = db.session.execute(query.add_columns(total).limit(cap)).all()
    return Capped(rows, rows[0].total if rows else 0)


def open_steps(owner_id: int) -> list[sa.Row]:
    """Every open next step the user owns, for the calendar feed."""
    return db.session.execute(step_columns().where(Contact.next_owner_id == owner_id)).all()


@dataclass(frozen=True)
class KeepInTouch:
    """A partner to be in touch with, and why."""

    partner: Partner
    last_contact: date | None
    quiet: bool
    again: bool
    project_title: str


def keep_in_touch(today: date, weeks: int) -> list[KeepInTouch]:
    """Partners who agreed to hear from us and went quiet, and past partners who would work
    with us again: two queries, the rules applied in Python (planner/contacts/rules.py)."""
    last = (
        sa.select(Partnership.partner_id, sa.func.max(Contact.contacted_on).label("last"))
        .join(Contact, Contact.partnership_id == Partnership.id)
        .group_by(Partnership.partner_id)
        .subquery()
    )
    consenting = db.session.execute(
        sa.select(Partner, last.c.last)
        .outerjoin(last, last.c.partner_id == Partner.id)
        .where(Partner.archived_at.is_(None), Partner.updates_consent.is_(True))
    ).all()
    past = db.session.execute(
        sa.select(Partner, last.c.last, Partnership.again_us, Partnership.again_them, Project.title)
        .join(Partnership, Partnership.partner_id == Partner.id)
        .join(Project, Partnership.project_id == Project.id)
        .outerjoin(last, last.c.partner_id == Partner.id)
        .where(
            Partner.archived_at.is_(None),
            Partnership.status == Status.COMPLETED,
            Partnership.again_them.is_not(None),
        )
        .order_by(Project.end_date.desc().nulls_last(), Project.id.desc())
    ).all()
    again: dict[int, str] = {}
    found: dict[int, tuple[Partner, date | None]] = {}
    for partner, last_on, us, them, title in past:
        if would_work_again(us, them) and partner.id not in again:
            again[partner.id] = title
            found[partner.id] = (partner, last_on)
    quiet = set()
    for partner, last_on in consenting:
        since = partner.updates_consent_on or partner.created_at.date()
        if gone_quiet(last_on, since, today, weeks):
            quiet.add(partner.id)
            found[partner.id] = (partner, last_on)
    listed = [
        KeepInTouch(p, last_on, p.id in quiet, p.id in again, again.get(p.id, ""))
        for p, last_on in found.values()
    ]
    return sorted(listed, key=lambda k: (k.last_contact or date.min, k.partner.name))


def latest_partnerships(partner_ids: list[int]) -> dict[int, Partnership]:
    """Each partner's newest partnership: where an invitation to a later event is logged."""
    if not partner_ids:
        return {}
    rows = db.session.scalars(
        sa.select(Partnership)
        .where(Partnership.partner_id.in_(partner_ids))
        .order_by(Partnership.created_at, Partnership.id)
    ).all()
    return {p.partner_id: p for p in rows}


def partners_by_id(partner_ids: list[int]) -> list[Partner]:
    if not partner_ids:
        return []
    return db.session.scalars(
        sa.select(Partner)
        .where(Partner.id.in_(partner_ids), Partner.archived_at.is_(None))
        .order_by(Partner.name, Partner.id)
    ).all()
