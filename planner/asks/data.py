"""The open asks of the organisation, loaded in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from planner.asks.rules import OPEN, LeadTimes, item_ask_by, week_bounds
from planner.enums import Direction, ItemStatus
from planner.extensions import db
from planner.models import Commitment, GrantCall, Partnership, Project
from planner.organisation.profile import current_organisation


@dataclass(frozen=True)
class Ask:
    item: Commitment
    ask_by: date


def dated_items() -> list[Commitment]:
    """Every commitment with a date, in active projects, with what its page shows."""
    return db.session.scalars(
        sa.select(Commitment)
        .join(Partnership)
        .join(Project)
        .where(Project.archived_at.is_(None))
        .where(sa.or_(Commitment.due_date.is_not(None), Commitment.grant_call_id.is_not(None)))
        .options(
            joinedload(Commitment.partnership).joinedload(Partnership.partner),
            joinedload(Commitment.partnership).joinedload(Partnership.project),
            joinedload(Commitment.grant_call),
        )
        .order_by(Commitment.due_date.nulls_last(), Commitment.id)
    ).all()


def open_asks(items: list[Commitment], lead: LeadTimes) -> list[Ask]:
    """Gives items still to be secured, with their ask-by dates, soonest first."""
    asks = [
        Ask(item, when)
        for item in items
        if item.direction is Direction.GIVES
        and item.status in OPEN
        and (when := item_ask_by(item, lead)) is not None
    ]
    return sorted(asks, key=lambda ask: (ask.ask_by, ask.item.id))


def asks_now(today: date) -> tuple[list[Ask], list[Ask]]:
    """What to ask this week, and what should have been asked already.

    A promised contribution keeps its ask-by date (the matrix and calendar show
    it) but is no longer an ask to make, so only planned ones are listed here.
    """
    asks = [
        a
        for a in open_asks(dated_items(), LeadTimes.of(current_organisation()))
        if a.item.status is ItemStatus.PLANNED
    ]
    _, sunday = week_bounds(today)
    overdue = [a for a in asks if a.ask_by < today]
    this_week = [a for a in asks if today <= a.ask_by <= sunday]
    return this_week, overdue


def grant_calls() -> list[GrantCall]:
    return db.session.scalars(sa.select(GrantCall).order_by(GrantCall.deadline.desc())).all()
