"""When to ask, as plain functions: lead times per sector, budget months, grant calls, weeks."""

from datetime import date
from types import SimpleNamespace

import pytest

from planner.asks.rules import LeadTimes, ask_by, before_budget_month, item_ask_by, week_bounds
from planner.enums import ItemStatus, Sector

DUE = date(2026, 6, 15)


def item(sector, due=DUE, status=ItemStatus.PLANNED, budget_month=None, deadline=None):
    partner = SimpleNamespace(sector=sector, budget_month=budget_month)
    return SimpleNamespace(
        due_date=due,
        status=status,
        partnership=SimpleNamespace(partner=partner),
        grant_call=SimpleNamespace(deadline=deadline) if deadline else None,
    )


@pytest.mark.parametrize(
    ("sector", "expected"),
    [
        (Sector.MEDIA, date(2026, 6, 12)),
        (Sector.VOLUNTEERS, date(2026, 6, 8)),
        (Sector.NGO, date(2026, 6, 1)),
    ],
)
def test_ask_by_counts_the_sectors_lead_days_back_from_the_due_date(sector, expected):
    """Media are asked 3 days ahead, volunteers 7, NGOs 14 (the defaults)."""
    assert ask_by(DUE, sector, LeadTimes()) == expected


def test_government_with_a_grant_call_is_asked_by_its_deadline():
    """Government money tied to a grant call must be asked for by the call's deadline."""
    deadline = date(2026, 2, 28)
    assert ask_by(DUE, Sector.GOVERNMENT, LeadTimes(), grant_deadline=deadline) == deadline
    assert ask_by(None, Sector.GOVERNMENT, LeadTimes(), grant_deadline=deadline) == deadline


def test_government_without_a_grant_call_is_asked_60_days_ahead():
    """Government help outside a grant call is asked 60 days before it is due."""
    assert ask_by(DUE, Sector.GOVERNMENT, LeadTimes()) == date(2026, 4, 16)


def test_business_is_asked_before_its_budget_month_in_the_year_before():
    """A business is asked by the day before the default budget month (October), a year ahead."""
    assert ask_by(DUE, Sector.BUSINESS, LeadTimes()) == date(2025, 9, 30)


def test_business_budget_month_january_crosses_the_year_boundary():
    """Budget month January: money due 1 March 2027 must be asked for by 31 December 2025."""
    lead = LeadTimes(budget_month=1)
    assert ask_by(date(2027, 3, 1), Sector.BUSINESS, lead) == date(2025, 12, 31)
    assert before_budget_month(date(2027, 3, 1), 1) == date(2025, 12, 31)


def test_partners_own_budget_month_overrides_the_organisation_default():
    """A partner's own budget month wins over the organisation's default."""
    lead = LeadTimes(budget_month=10)
    assert ask_by(DUE, Sector.BUSINESS, lead, budget_month=3) == date(2025, 2, 28)
    assert item_ask_by(item(Sector.BUSINESS, budget_month=1), lead) == date(2024, 12, 31)


def test_budget_month_march_in_a_leap_year():
    """The day before March in a leap year is 29 February."""
    assert before_budget_month(date(2025, 5, 1), 3) == date(2024, 2, 29)


def test_custom_lead_times_change_the_ask_by_dates():
    """The organisation's own lead times replace the defaults."""
    lead = LeadTimes(media=1, volunteers=2, ngo=30, government=90)
    assert ask_by(DUE, Sector.MEDIA, lead) == date(2026, 6, 14)
    assert ask_by(DUE, Sector.VOLUNTEERS, lead) == date(2026, 6, 13)
    assert ask_by(DUE, Sector.NGO, lead) == date(2026, 5, 16)
    assert ask_by(DUE, Sector.GOVERNMENT, lead) == date(2026, 3, 17)


def test_no_due_date_and_no_grant_call_gives_no_ask_by():
    """Without a due date (and no grant call) there is nothing to count back from."""
    for sector in Sector:
        assert ask_by(None, sector, LeadTimes()) is None


def test_grant_call_only_sets_the_date_for_government():
    """A grant deadline on a non-government item does not replace its sector's rule."""
    deadline = date(2026, 1, 10)
    assert ask_by(DUE, Sector.NGO, LeadTimes(), grant_deadline=deadline) == date(2026, 6, 1)


@pytest.mark.parametrize("status", [ItemStatus.PLANNED, ItemStatus.PROMISED])
def test_open_items_get_an_ask_by_date(status):
    """Planned and promised contributions still have an ask-by date."""
    assert item_ask_by(item(Sector.NGO, status=status), LeadTimes()) == date(2026, 6, 1)


@pytest.mark.parametrize(
    "status", [ItemStatus.DELIVERED, ItemStatus.PARTLY_DELIVERED, ItemStatus.NOT_DELIVERED]
)
def test_delivered_or_failed_items_get_no_ask_by(status):
    """Items that were delivered (or not) are past asking: no ask-by date."""
    assert item_ask_by(item(Sector.NGO, status=status), LeadTimes()) is None
    gov = item(Sector.GOVERNMENT, status=status, deadline=date(2026, 3, 1))
    assert item_ask_by(gov, LeadTimes()) is None


def test_item_ask_by_uses_the_grant_calls_deadline():
    """A government item tied to a grant call is asked by the call's deadline."""
    gov = item(Sector.GOVERNMENT, deadline=date(2026, 3, 1))
    assert item_ask_by(gov, LeadTimes()) == date(2026, 3, 1)


def test_lead_times_of_an_organisation_and_of_none():
    """Lead times come from the organisation's settings, or the defaults before there is one."""
    org = SimpleNamespace(
        lead_days_media=1,
        lead_days_volunteers=2,
        lead_days_ngo=3,
        lead_days_government=4,
        budget_month=5,
    )
    assert LeadTimes.of(org) == LeadTimes(1, 2, 3, 4, 5)
    assert LeadTimes.of(None) == LeadTimes(3, 7, 14, 60, 10)


@pytest.mark.parametrize(
    ("today", "monday", "sunday"),
    [
        (date(2026, 3, 2), date(2026, 3, 2), date(2026, 3, 8)),  # a Monday
        (date(2026, 3, 5), date(2026, 3, 2), date(2026, 3, 8)),  # a Thursday
        (date(2026, 3, 8), date(2026, 3, 2), date(2026, 3, 8)),  # a Sunday
        (date(2025, 12, 31), date(2025, 12, 29), date(2026, 1, 4)),  # across New Year
    ],
)
def test_week_bounds_are_monday_to_sunday(today, monday, sunday):
    """The week of a day runs from its Monday to its Sunday, across month and year ends."""
    assert week_bounds(today) == (monday, sunday)
