"""Keep `Commitment.ask_by` equal to what the rules say, whatever was edited.

The asks lists filter, order and count ask-by dates in SQL, so the date is
stored. It depends on the commitment (due date, category, grant call, partnership,
the date a partner said to ask again), its partner (sector, subtype, budget
month), its grant call (deadline) and the
organisation's lead times; one listener before every flush recomputes it for
whatever of these changed, so no view has to remember to. (A partnership never
changes its partner, so partnerships are not watched.)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from datetime import date

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from planner.asks.rules import LeadTimes, ask_by
from planner.enums import Category, Sector, Subtype
from planner.models import Commitment, GrantCall, Organisation, Partner, Partnership

LEAD_FIELDS = (
    "lead_days_media",
    "lead_days_volunteers",
    "lead_days_ngo",
    "lead_days_government",
    "budget_month",
    "lead_days_business",
    "budget_in_kind_large",
)
# What of a partner the rule reads.
PARTNER_FIELDS = ("sector", "subtype", "budget_month")


def changed(obj, *names: str) -> bool:
    state = sa.inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


def lead_of(org: Organisation | None) -> LeadTimes:
    """The organisation's lead times; a setting not yet given (a new row) is the default."""
    defaults = LeadTimes()
    if org is None:
        return defaults
    given = asdict(LeadTimes.of(org))
    return LeadTimes(**{k: getattr(defaults, k) if v is None else v for k, v in given.items()})


def pending_lead(session: Session) -> tuple[LeadTimes, bool]:
    """The lead times as they will be after this flush, and whether this flush changes them."""
    new = [o for o in session.new if isinstance(o, Organisation)]
    org = session.scalar(sa.select(Organisation).order_by(Organisation.id).limit(1))
    if org is None and new:
        # The first organisation: its settings replace the defaults every date was made with.
        lead = lead_of(new[0])
        return lead, lead != LeadTimes()
    moved = org is not None and org in session.dirty and changed(org, *LEAD_FIELDS)
    return lead_of(org), moved


def linked(item: Commitment, session: Session, relation: str, key: str, model):
    """The related object as it will be after the flush, whether set by object or by id."""
    if changed(item, key) or getattr(item, relation) is None:
        ident = getattr(item, key)
        return session.get(model, ident) if ident is not None else None
    return getattr(item, relation)


def item_ask_by(item: Commitment, session: Session, lead: LeadTimes) -> date | None:
    partnership = linked(item, session, "partnership", "partnership_id", Partnership)
    if partnership is None:
        return None  # not a valid commitment: the flush itself will refuse it
    partner = linked(partnership, session, "partner", "partner_id", Partner)
    call = linked(item, session, "grant_call", "grant_call_id", GrantCall)
    if call is not None and call in session.deleted:
        call = None
    return ask_by(
        item.due_date,
        partner.sector,
        lead,
        category=item.category,
        subtype=partner.subtype,
        budget_month=partner.budget_month,
        grant_deadline=call.deadline if call else None,
        again=item.ask_again_on,
    )


def refresh_rows(
    session: Session,
    where: Iterable[sa.ColumnElement[bool]],
    lead: LeadTimes,
    skip: set[int],
) -> None:
    """Recompute the stored dates of the commitments `where` selects, with pending edits applied.

    The rows are read as stored, then the partners and grant calls edited in this
    flush (not yet written) lend their new values.
    """
    partners = {p.id: p for p in session.dirty if isinstance(p, Partner)}
    calls = {c.id: c for c in session.dirty if isinstance(c, GrantCall)}
    gone = {c.id for c in session.deleted if isinstance(c, GrantCall)}
    rows = session.execute(
        sa.select(
            Commitment.id,
            Commitment.due_date,
            Commitment.ask_by,
            Commitment.grant_call_id,
            Commitment.category,
            Commitment.ask_again_on,
            Partner.id,
            Partner.sector,
            Partner.subtype,
            Partner.budget_month,
            GrantCall.deadline,
        )
        .join(Partnership, Commitment.partnership_id == Partnership.id)
        .join(Partner, Partnership.partner_id == Partner.id)
        .outerjoin(GrantCall, Commitment.grant_call_id == GrantCall.id)
        .where(sa.or_(*where))
    )
    updates = []
    for row in rows:
        item_id, due, stored, call_id, category, again, partner_id = row[:7]
        sector, subtype, budget_month, deadline = row[7:]
        if item_id in skip:
            continue
        if partner_id in partners:
            sector = partners[partner_id].sector
            subtype = partners[partner_id].subtype
            budget_month = partners[partner_id].budget_month
        if call_id in gone:
            deadline = None
        elif call_id in calls:
            deadline = calls[call_id].deadline
        when = ask_by(
            due,
            Sector(sector),
            lead,
            category=Category(category),
            subtype=Subtype(subtype) if subtype else None,
            budget_month=budget_month,
            grant_deadline=deadline,
            again=again,
        )
        if when != stored:
            updates.append({"item_id": item_id, "new_date": when})
    if not updates:
        return
    table = Commitment.__table__
    session.execute(
        sa.update(table)
        .where(table.c.id == sa.bindparam("item_id"))
        .values(ask_by=sa.bindparam("new_date")),
        updates,
    )
    # Commitments already loaded in this session must not keep the old date.
    by_id = {u["item_id"]: u["new_date"] for u in updates}
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Commitment) and obj.id in by_id:
            set_committed_value(obj, "ask_by", by_id[obj.id])


@event.listens_for(Session, "before_flush")
def keep_ask_by(session: Session, flush_context, instances) -> None:
    """Recompute stored ask-by dates for everything this flush edits that they depend on."""
    edited = [*session.new, *session.dirty, *session.deleted]
    if not any(
        isinstance(o, Commitment | Partner | Partnership | GrantCall | Organisation) for o in edited
    ):
        return
    lead, lead_moved = pending_lead(session)
    items = [o for o in (*session.new, *session.dirty) if isinstance(o, Commitment)]
    for item in items:
        when = item_ask_by(item, session, lead)
        if item.ask_by != when:
            item.ask_by = when
    where: list[sa.ColumnElement[bool]] = []
    if lead_moved:
        where.append(sa.true())
    partner_ids = [
        p.id for p in session.dirty if isinstance(p, Partner) and changed(p, *PARTNER_FIELDS)
    ]
    if partner_ids:
        where.append(Partnership.partner_id.in_(partner_ids))
    call_ids = [
        c.id for c in session.dirty if isinstance(c, GrantCall) and changed(c, "deadline")
    ] + [c.id for c in session.deleted if isinstance(c, GrantCall)]
    if call_ids:
        where.append(Commitment.grant_call_id.in_(call_ids))
    if where:
        skip = {item.id for item in items if item.id is not None}
        refresh_rows(session, where, lead, skip)


def refresh_all(session: Session) -> None:
    """Recompute every stored date: after data was written around the ORM (bulk loads)."""
    refresh_rows(session, [sa.true()], pending_lead(session)[0], set())
