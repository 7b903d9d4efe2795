"""The asks of the organisation, filtered, ordered, counted and capped in SQL.

Every list reads only the columns it shows, from the stored ask-by date
(kept right by `planner.asks.stored`), so a page costs the same for ten
commitments as for ten thousand.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

import sqlalchemy as sa

from planner.asks.rules import OPEN, week_bounds
from planner.enums import Direction, ItemStatus
from planner.extensions import db
from planner.models import Commitment, GrantCall, Partner, Partnership, Project
from planner.paging import Capped, Page, page_number

# How many asks a page lists before it offers "show all".
PER_PAGE = 50


class AskList(StrEnum):
    """The lists of asks, each with its own page of everything in it."""

    # A promised contribution keeps its ask-by date (the matrix and calendar show it)
    # but is no longer an ask to make, so only planned ones are overdue or due this week.
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
            Partnership.id.label("partnership_id"),
            Partner.name.label("partner_name"),
            Partner.sector,
            Project.title.label("project_title"),
            GrantCall.name.label("grant_call_name"),
        )
        .select_from(Commitment)
        .join(Partnership, Commitment.partnership_id == Partnership.id)
        .join(Partner, Partnership.partner_id == Partner.id)
        .join(Project, Partnership.project_id == Project.id)
        .outerjoin(GrantCall, Commitment.grant_call_id == GrantCall.id)
        .where(Project.archived_at.is_(None))
    )


def ask_filter(kind: AskList, today: date) -> sa.ColumnElement[bool]:
    """Which gives items belong to a list of asks, as of `today`."""
    _, sunday = week_bounds(today)
    is_ask = sa.and_(
        Commitment.direction == Direction.GIVES,
        Commitment.ask_by.is_not(None),
        Commitment.status.in_(OPEN),
    )
    if kind is AskList.OPEN:
        return is_ask
    planned = sa.and_(is_ask, Commitment.status == ItemStatus.PLANNED)
    if kind is AskList.OVERDUE:
        return sa.and_(planned, Commitment.ask_by < today)
    return sa.and_(planned, Commitment.ask_by.between(today, sunday))


def asks(kind: AskList, today: date, limit: int, offset: int = 0) -> list[sa.Row]:
    """One list of asks, soonest first, at most `limit` of them.

    Each status is read on its own, in the order of the index on (direction, status,
    ask-by date), and the two runs merged: a list of both statuses in one query would sort
    every open ask to show the first few.
    """
    runs = [
        ask_columns()
        .where(ask_filter(kind, today), Commitment.status == status)
        .order_by(Commitment.ask_by, Commitment.id)
        .limit(limit + offset)
        .subquery()
        for status in sorted(OPEN if kind is AskList.OPEN else {ItemStatus.PLANNED})
    ]
    merged = sa.union_all(*(sa.select(run) for run in runs)).subquery()
    return db.session.execute(
        sa.select(merged).order_by(merged.c.ask_by, merged.c.id).limit(limit).offset(offset)
    ).all()


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
