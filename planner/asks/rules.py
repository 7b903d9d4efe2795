"""When to ask: each sector decides at its own speed (see shared DOMAIN, lead time).

Media can run a press release days after receiving it; volunteers and NGOs need
a week or two; government money comes through grant calls with fixed deadlines.
A business sets its budget once a year, so *money* from a business must be asked
for before the budget month that decides it; goods, services, transport or
volunteers a company gives out of what it already has are asked for a month or
so ahead, like any other partner (a large company's gifts in kind may go
through its budget too: an organisation setting says so).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from planner.enums import Category, ItemStatus, Sector, Subtype

# Only what is not yet secured still has to be asked for.
OPEN = frozenset({ItemStatus.PLANNED, ItemStatus.PROMISED})
# Companies large enough to plan even their gifts in kind in the yearly budget.
LARGE = frozenset({Subtype.LARGE_COMPANY, Subtype.INTERNATIONAL})


@dataclass(frozen=True)
class LeadTimes:
    media: int = 3
    volunteers: int = 7
    ngo: int = 14
    government: int = 60
    budget_month: int = 10
    business: int = 30
    budget_in_kind_large: bool = False

    @classmethod
    def of(cls, org) -> LeadTimes:
        """The organisation's settings, or the defaults before it has any."""
        if org is None:
            return cls()
        return cls(
            media=org.lead_days_media,
            volunteers=org.lead_days_volunteers,
            ngo=org.lead_days_ngo,
            government=org.lead_days_government,
            budget_month=org.budget_month,
            business=org.lead_days_business,
            budget_in_kind_large=org.budget_in_kind_large,
        )

    def days(self, sector: Sector) -> int:
        return {
            Sector.MEDIA: self.media,
            Sector.VOLUNTEERS: self.volunteers,
            Sector.NGO: self.ngo,
            Sector.GOVERNMENT: self.government,
            Sector.BUSINESS: self.business,
        }[sector]


def uses_budget_month(
    sector: Sector, category: Category | None, subtype: Subtype | None, lead: LeadTimes
) -> bool:
    """Whether the item waits for the company's yearly budget: money always, gifts in kind
    of large companies only when the organisation says so."""
    if sector is not Sector.BUSINESS:
        return False
    if category is Category.MONEY:
        return True
    return lead.budget_in_kind_large and subtype in LARGE


def before_budget_month(due: date, budget_month: int) -> date:
    """The last day before the budget month whose budget pays for something due on `due`.

    The budget a company sets in its budget month is the one it spends from over the
    twelve months after it. So money due in a month after the budget month (in the same
    year) comes from that year's budget session, and money due in or before the budget
    month from the session a year earlier. With budgets set in October: money due on
    15 December 2026 or on 15 January 2027 is asked for by 30 September 2026 (2½ and
    3½ months ahead, not 14½ and 3½); money due on 20 October 2026 by 30 September 2025.
    "The budget month has passed" means this day is behind us: the budget that would have
    paid is set, so the ask is for next year's budget or for help in kind instead.
    """
    year = due.year if due.month > budget_month else due.year - 1
    return date(year, budget_month, 1) - timedelta(days=1)


def ask_by(
    due: date | None,
    sector: Sector,
    lead: LeadTimes,
    *,
    category: Category | None = None,
    subtype: Subtype | None = None,
    budget_month: int | None = None,
    grant_deadline: date | None = None,
    again: date | None = None,
) -> date | None:
    """The date by which the partner must be asked, or None when nothing says.

    `again` is the date a partner who answered "later" is to be asked again: it wins.
    """
    if again is not None:
        return again
    if sector is Sector.GOVERNMENT and grant_deadline is not None:
        return grant_deadline
    if due is None:
        return None
    if uses_budget_month(sector, category, subtype, lead):
        return before_budget_month(due, budget_month or lead.budget_month)
    return due - timedelta(days=lead.days(sector))


def item_ask_by(item, lead: LeadTimes) -> date | None:
    """The ask-by date of a gives item that is still open, from its partner's sector."""
    if item.status not in OPEN:
        return None
    partner = item.partnership.partner
    return ask_by(
        item.due_date,
        partner.sector,
        lead,
        category=item.category,
        subtype=partner.subtype,
        budget_month=partner.budget_month,
        grant_deadline=item.grant_call.deadline if item.grant_call else None,
        again=item.ask_again_on,
    )


class Advice(StrEnum):
    """What to do about an overdue ask, by why its date was what it was."""

    BUDGET = "budget"
    BUSINESS = "business"
    GRANT = "grant"
    GOVERNMENT = "government"
    MEDIA = "media"
    VOLUNTEERS = "volunteers"
    NGO = "ngo"


# The field's practice (shared DOMAIN) for an ask whose date has passed, kept short.
ADVICE: dict[Advice, LazyString] = {
    Advice.BUDGET: _l(
        "This company's budget month has passed: ask for next year's budget, "
        "or for help in kind now."
    ),
    Advice.BUSINESS: _l(
        "Call the company now: goods, services or a volunteer team can often "
        "still be arranged at short notice."
    ),
    Advice.GRANT: _l(
        "The grant call's deadline has passed: plan for the next call, or ask "
        "for premises, equipment or organisational help instead."
    ),
    Advice.GOVERNMENT: _l(
        "Ask now, and ask for information and organisational support if resources come too late."
    ),
    Advice.MEDIA: _l("Send the press release now: media need it 2–3 days ahead."),
    Advice.VOLUNTEERS: _l(
        "Call the group now: give them the date at least a week ahead, then remind them."
    ),
    Advice.NGO: _l("Call now and suggest a meeting: ask what they can share at short notice."),
}


def overdue_advice(
    sector: Sector,
    lead: LeadTimes,
    *,
    category: Category | None = None,
    subtype: Subtype | None = None,
    grant_call: bool = False,
) -> Advice:
    """Which advice an overdue ask gets."""
    if uses_budget_month(sector, category, subtype, lead):
        return Advice.BUDGET
    if sector is Sector.GOVERNMENT and grant_call:
        return Advice.GRANT
    return Advice(sector.value)


def week_bounds(today: date) -> tuple[date, date]:
    """Monday and Sunday of the week that holds `today`."""
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)
