"""When to ask: each sector decides at its own speed (see shared DOMAIN, lead time).

Media can run a press release days after receiving it; volunteers and NGOs need
a week or two; a business sets its budget once a year, so an ask must arrive
before its budget month in the year before the money is needed; government
money comes through grant calls with fixed deadlines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from planner.enums import ItemStatus, Sector

# Only what is not yet secured still has to be asked for.
OPEN = frozenset({ItemStatus.PLANNED, ItemStatus.PROMISED})


@dataclass(frozen=True)
class LeadTimes:
    media: int = 3
    volunteers: int = 7
    ngo: int = 14
    government: int = 60
    budget_month: int = 10

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
        )

    def days(self, sector: Sector) -> int | None:
        return {
            Sector.MEDIA: self.media,
            Sector.VOLUNTEERS: self.volunteers,
            Sector.NGO: self.ngo,
            Sector.GOVERNMENT: self.government,
        }.get(sector)


def before_budget_month(due: date, budget_month: int) -> date:
    """The last day before the budget month of the year before `due`."""
    return date(due.year - 1, budget_month, 1) - timedelta(days=1)


def ask_by(
    due: date | None,
    sector: Sector,
    lead: LeadTimes,
    *,
    budget_month: int | None = None,
    grant_deadline: date | None = None,
) -> date | None:
    """The date by which the partner must be asked, or None when nothing says."""
    if sector is Sector.GOVERNMENT and grant_deadline is not None:
        return grant_deadline
    if due is None:
        return None
    if sector is Sector.BUSINESS:
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
        budget_month=partner.budget_month,
        grant_deadline=item.grant_call.deadline if item.grant_call else None,
    )


def week_bounds(today: date) -> tuple[date, date]:
    """Monday and Sunday of the week that holds `today`."""
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)
