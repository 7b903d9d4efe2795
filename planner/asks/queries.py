"""The asks of the organisation, filtered, ordered, counted and capped in SQL.

Every list reads only the columns it shows, from the stored ask-by date
(kept right by `planner.asks.stored`), so a page costs the same for ten
commitments as for ten thousand.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from types import SimpleNamespace

import sqlalchemy as sa
from flask import g

from planner.asks.rules import ADVICE, LeadTimes, overdue_advice, week_bounds
from planner.enums import AskAnswer, Direction, ItemStatus
from planner.extensions import db
from planner.models import (
    Commitment,
    GrantCall,
    Organisation,
    Partner,
    Partnership,
    Project,
    User,
)
from planner.paging import Capped, Page, page_number

# How many asks a page lists before it offers "show all".
PER_PAGE = 50


class AskList(StrEnum):
    """The lists of asks, each with its own page of everything in it."""

    # Only planned contributions are asks: a promised one was answered "yes". An ask
    # answered "no" leaves the lists; one answered "later" comes back on its new date. One
    # already asked and waiting for its answer is in the open list only.
    OVERDUE = "overdue"
    THIS_WEEK = "this-week"
    OPEN = "open"


def ask_columns() -> sa.Select:
    """What an ask's line shows, for commitments in active projects."""
    return (
        sa.select(
            Commitment.id,
            Commitment.ask_by,
            Commitment.description,
            Commitment.quantity,
            Commitment.unit,
            Commitment.status,
            Commitment.due_date,
            Commitment.category,
            Commitment.asked_on,
            Commitment.answer,
            Commitment.answer_note,
            Partnership.id.label("partnership_id"),
            Partner.name.label("partner_name"),
            Partner.sector,
            Partner.subtype,
            Project.title.label("project_title"),
            GrantCall.name.label("grant_call_name"),
            User.name.label("asked_by_name"),
        )
        .select_from(Commitment)
        .join(Partnership, Commitment.partnership_id == Partnership.id)
        .join(Partner, Partnership.partner_id == Partner.id)
        .join(Project, Partnership.project_id == Project.id)
        .outerjoin(GrantCall, Commitment.grant_call_id == GrantCall.id)
        .outerjoin(User, Commitment.asked_by_id == User.id)
        .where(Project.archived_at.is_(None))
    )


def ask_filter(kind: AskList, today: date) -> sa.ColumnElement[bool]:
    """Which gives items belong to a list of asks, as of `today`."""
    _, sunday = week_bounds(today)
    is_ask = sa.and_(
        Commitment.direction == Direction.GIVES,
        Commitment.ask_by.is_not(None),
        Commitment.status == ItemStatus.PLANNED,
        sa.or_(Commitment.answer.is_(None), Commitment.answer == AskAnswer.LATER),
    )
    if kind is AskList.OPEN:
        return is_ask
    planned = sa.and_(is_ask, to_ask())
    if kind is AskList.OVERDUE:
        return sa.and_(planned, Commitment.ask_by < today)
    return sa.and_(planned, Commitment.ask_by.between(today, sunday))


def to_ask() -> sa.ColumnElement[bool]:
    """Not asked yet, or to be asked again (the partner said "later")."""
    return sa.or_(Commitment.asked_on.is_(None), Commitment.answer == AskAnswer.LATER)


def current_lead() -> LeadTimes:
    """The organisation's lead times, read once per request."""
    if "lead_times" not in g:
        org = db.session.scalar(sa.select(Organisation).order_by(Organisation.id).limit(1))
        g.lead_times = LeadTimes.of(org)
    return g.lead_times


def line(row: sa.Row, today: date, lead: LeadTimes) -> SimpleNamespace:
    """An ask's line: the row, whether it waits for an answer, and what to do when overdue."""
    waiting = row.asked_on is not None and row.answer is None
    overdue = row.ask_by is not None and row.ask_by < today and not waiting
    advice = None
    if overdue:
        key = overdue_advice(
            row.sector,
            lead,
            category=row.category,
            subtype=row.subtype,
            grant_call=row.grant_call_name is not None,
        )
        advice = ADVICE[key]
    return SimpleNamespace(**row._mapping, waiting=waiting, overdue=overdue, advice=advice)


def asks(kind: AskList, today: date, limit: int, offset: int = 0) -> list[SimpleNamespace]:
    """One list of asks, soonest first, at most `limit` of them, in the order of the index
    on (direction, status, ask-by date)."""
    rows = db.session.execute(
        ask_columns()
        .where(ask_filter(kind, today))
        .order_by(Commitment.ask_by, Commitment.id)
        .limit(limit)
        .offset(offset)
    ).all()
    lead = current_lead()
    return [line(row, today, lead) for row in rows]


def one_ask(item_id: int, today: date) -> SimpleNamespace | None:
    """One gives item as an ask's line, whatever its state (for its page and fragments)."""
    row = db.session.execute(
        ask_columns().where(Commitment.id == item_id, Commitment.direction == Direction.GIVES)
    ).first()
    return line(row, today, current_lead()) if row else None


def ask_counts(today: date, kinds=tuple(AskList)) -> dict[AskList, int]:
    """How many asks each of these lists holds, in one query."""
    counted = [sa.func.count(sa.case((ask_filter(kind, today), 1))) for kind in kinds]
    # Ruling out the few partnerships of archived projects once is about twice as quick
    # as joining every counted commitment to its partnership and project.
    archived = (
        sa.select(Partnership.id)
        .join(Project, Partnership.project_id == Project.id)
        .where(Project.archived_at.is_not(None))
    )
    query = (
        sa.select(*counted)
        .select_from(Commitment)
        .where(Commitment.partnership_id.not_in(archived), ask_filter(AskList.OPEN, today))
    )
    if AskList.OPEN not in kinds:
        # Overdue and this week's asks end on Sunday: the index on ask_by skips the rest.
        query = query.where(Commitment.ask_by <= week_bounds(today)[1])
    return dict(zip(kinds, db.session.execute(query).one(), strict=True))


def capped_asks(today: date, cap: int, kinds=tuple(AskList)) -> dict[AskList, Capped]:
    """The first `cap` asks of each list, with the full count of overdue and this week's.

    Every open ask, from six months back to a year ahead, is too many to count on
    each view: that list only says whether there are more (its own pages count them).
    """
    counted = tuple(kind for kind in kinds if kind is not AskList.OPEN)
    counts = ask_counts(today, counted) if counted else {}
    return {
        kind: Capped(asks(kind, today, cap), counts[kind])
        if kind in counts
        else Capped.uncounted(asks(kind, today, cap + 1), cap)
        for kind in kinds
    }


def ask_page(kind: AskList, today: date, asked: int | None) -> Page:
    """One page of a list of asks."""
    total = ask_counts(today, (kind,))[kind]
    number = page_number(asked, total, PER_PAGE)
    return Page(asks(kind, today, PER_PAGE, (number - 1) * PER_PAGE), number, total, PER_PAGE)


def calendar_dates() -> tuple[list[sa.Row], list[sa.Row]]:
    """Every open ask and every due date in active projects, for the calendar feed."""
    asks_rows = db.session.execute(
        ask_columns()
        .where(ask_filter(AskList.OPEN, date.today()))
        .order_by(Commitment.ask_by, Commitment.id)
    ).all()
    due_rows = db.session.execute(
        ask_columns()
        .add_columns(Commitment.direction)
        .where(Commitment.due_date.is_not(None))
        .order_by(Commitment.due_date, Commitment.id)
    ).all()
    return asks_rows, due_rows


def grant_calls() -> list[GrantCall]:
    return db.session.scalars(sa.select(GrantCall).order_by(GrantCall.deadline.desc())).all()
