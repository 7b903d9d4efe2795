"""When to ask, as plain functions: lead times per sector, budget months, grant calls, weeks."""

from datetime import date
from types import SimpleNamespace

import pytest

from planner.asks.rules import (
    ADVICE,
    Advice,
    LeadTimes,
    ask_by,
    before_budget_month,
    item_ask_by,
    overdue_advice,
    week_bounds,
)
from planner.enums import Category, ItemStatus, Sector, Subtype

DUE = date(2026, 6, 15)


def item(
    sector,
    due=DUE,
    status=ItemStatus.PLANNED,
    budget_month=None,
    deadline=None,
    category=Category.MONEY,
    again=None,
):
    partner = SimpleNamespace(sector=sector, subtype=None, budget_month=budget_month)
    return SimpleNamespace(
        due_date=due,
        status=status,
        category=category,
        ask_again_on=again,
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


MONEY, GOODS, TRANSPORT = Category.MONEY, Category.GOODS, Category.TRANSPORT
SMALL, LARGE = Subtype.SMALL_BUSINESS, Subtype.LARGE_COMPANY
IN_KIND_TOO = LeadTimes(budget_in_kind_large=True)


@pytest.mark.parametrize(
    ("due", "category", "subtype", "lead", "expected"),
    [
        # The examples: weekly bread from a small business is asked 30 days ahead
        # (it showed 30 Sep 2025, 429 days ahead) ...
        (date(2026, 12, 3), GOODS, SMALL, LeadTimes(), date(2026, 11, 3)),
        # ... a large company's truck too, while its gifts in kind are not budgeted ...
        (date(2027, 3, 23), TRANSPORT, LARGE, LeadTimes(), date(2027, 2, 21)),
        # ... and before the budget month once the organisation says they are.
        (date(2027, 3, 23), TRANSPORT, LARGE, IN_KIND_TOO, date(2026, 9, 30)),
        (date(2027, 3, 23), TRANSPORT, SMALL, IN_KIND_TOO, date(2027, 2, 21)),
        (date(2027, 3, 23), TRANSPORT, Subtype.INTERNATIONAL, IN_KIND_TOO, date(2026, 9, 30)),
        # Money due on 15 December and on 15 January come from the same budget session:
        # asked by 30 September, 2½ and 3½ months ahead (not 14½ and 3½).
        (date(2026, 12, 15), MONEY, SMALL, LeadTimes(), date(2026, 9, 30)),
        (date(2027, 1, 15), MONEY, SMALL, LeadTimes(), date(2026, 9, 30)),
        # Money due in the budget month itself (or just before) comes from the session a year
        # earlier: that year's budget was already set.
        (date(2026, 10, 20), MONEY, None, LeadTimes(), date(2025, 9, 30)),
        (date(2026, 11, 1), MONEY, None, LeadTimes(), date(2026, 9, 30)),
        (DUE, MONEY, None, LeadTimes(), date(2025, 9, 30)),
        # Another lead time for the business days.
        (date(2026, 12, 3), GOODS, None, LeadTimes(business=10), date(2026, 11, 23)),
    ],
)
def test_business_money_waits_for_the_budget_month_other_items_for_lead_days(
    due, category, subtype, lead, expected
):
    """Only money (and, by a setting, a large company's gifts in kind) follows the budget month."""
    assert ask_by(due, Sector.BUSINESS, lead, category=category, subtype=subtype) == expected


def test_business_budget_month_january_crosses_the_year_boundary():
    """Budget month January: money due 1 March 2027 must be asked for by 31 December 2026."""
    lead = LeadTimes(budget_month=1)
    assert ask_by(date(2027, 3, 1), Sector.BUSINESS, lead, category=MONEY) == date(2026, 12, 31)
    assert before_budget_month(date(2027, 1, 20), 1) == date(2025, 12, 31)


def test_partners_own_budget_month_overrides_the_organisation_default():
    """A partner's own budget month wins over the organisation's default."""
    lead = LeadTimes(budget_month=10)
    assert ask_by(DUE, Sector.BUSINESS, lead, category=MONEY, budget_month=3) == date(2026, 2, 28)
    assert item_ask_by(item(Sector.BUSINESS, budget_month=1), lead) == date(2025, 12, 31)


def test_budget_month_march_in_a_leap_year():
    """The day before March in a leap year is 29 February."""
    assert before_budget_month(date(2024, 5, 1), 3) == date(2024, 2, 29)


def test_a_later_answer_sets_the_date_to_ask_again():
    """A partner who said "later" is asked again on the date given, whatever the rule says."""
    again = date(2027, 1, 10)
    assert ask_by(DUE, Sector.BUSINESS, LeadTimes(), category=MONEY, again=again) == again
    assert item_ask_by(item(Sector.NGO, again=again), LeadTimes()) == again


@pytest.mark.parametrize(
    ("sector", "fields", "advice", "words"),
    [
        (Sector.BUSINESS, {"category": MONEY}, Advice.BUDGET, "budget month has passed"),
        (Sector.BUSINESS, {"category": GOODS}, Advice.BUSINESS, "short notice"),
        (Sector.GOVERNMENT, {"grant_call": True}, Advice.GRANT, "next call"),
        (Sector.GOVERNMENT, {}, Advice.GOVERNMENT, "organisational support"),
        (Sector.MEDIA, {}, Advice.MEDIA, "press release"),
        (Sector.VOLUNTEERS, {}, Advice.VOLUNTEERS, "a week ahead"),
        (Sector.NGO, {}, Advice.NGO, "meeting"),
    ],
)
def test_an_overdue_ask_gets_the_advice_of_its_case(app, sector, fields, advice, words):
    """Each case of an overdue ask has its own short advice from the field's practice."""
    assert overdue_advice(sector, LeadTimes(), **fields) is advice
    with app.test_request_context():
        assert words in str(ADVICE[advice])


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
        lead_days_business=6,
        budget_in_kind_large=True,
    )
    assert LeadTimes.of(org) == LeadTimes(1, 2, 3, 4, 5, 6, True)
    assert LeadTimes.of(None) == LeadTimes(3, 7, 14, 60, 10, 30, False)


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
