"""The co-funding arithmetic as plain functions: lines, what is left, shares by sector,
money against in kind, promised against planned, a project without budget lines."""

from decimal import Decimal as D

import pytest

from planner.budget.rules import Give, Line, co_funding, share
from planner.enums import Category, ItemStatus, Sector

C, S = Category, ItemStatus
FOOD, TRAVEL = Line(1, "Food", D(6000)), Line(2, "Travel", D(1500))


def money(value, line=None, status=S.PROMISED, sector=Sector.BUSINESS, internal=False):
    return Give(sector, C.MONEY, status, None if value is None else D(value), line, internal)


def kind(value, status=S.DELIVERED, sector=Sector.NGO, category=C.GOODS, internal=False):
    return Give(sector, category, status, None if value is None else D(value), None, internal)


@pytest.mark.parametrize(
    ("gives", "covered", "remaining", "asked"),
    [
        ([], [0, 0], [6000, 1500], [0, 0]),
        ([money(1000, 1)], [1000, 0], [5000, 1500], [0, 0]),
        ([money(1000, 1), money(500, 1, S.DELIVERED)], [1500, 0], [4500, 1500], [0, 0]),
        ([money(600, 2, S.PARTLY_DELIVERED)], [0, 600], [6000, 900], [0, 0]),
        ([money(2000, 2)], [0, 2000], [6000, 0], [0, 0]),  # over-covered: nothing left, not less
        ([money(700, 1, S.PLANNED)], [0, 0], [6000, 1500], [700, 0]),
        ([money(700, 1, S.NOT_DELIVERED)], [0, 0], [6000, 1500], [0, 0]),
        ([money(None, 1)], [0, 0], [6000, 1500], [0, 0]),
        ([money(300, 99)], [0, 0], [6000, 1500], [0, 0]),  # a line of another project
        ([kind(900)], [0, 0], [6000, 1500], [0, 0]),  # in kind covers no line
    ],
)
def test_each_line_shows_what_partners_money_covers_and_what_is_left(
    gives, covered, remaining, asked
):
    """Each budget line: secured money for it, what is still to cover, and money asked for."""
    funding = co_funding([FOOD, TRAVEL], gives)
    assert [c.covered for c in funding.lines] == [D(v) for v in covered]
    assert [c.remaining for c in funding.lines] == [D(v) for v in remaining]
    assert [c.asked for c in funding.lines] == [D(v) for v in asked]


def test_over_covered_line_says_by_how_much():
    """Money beyond a line's amount is shown as more than the line, at a share above 100%."""
    cover = co_funding([TRAVEL], [money(2000, 2)]).lines[0]
    assert (cover.over, cover.share) == (D(500), D(2000) / D(1500))


@pytest.mark.parametrize(
    ("gives", "budget", "money_total", "in_kind", "total_cost", "requested", "partners_share"),
    [
        ([], 7500, 0, 0, 7500, 7500, D(0)),
        ([money(1500, 1)], 7500, 1500, 0, 7500, 6000, D("0.2")),
        ([money(1500)], 7500, 1500, 0, 7500, 6000, D("0.2")),  # no line: the whole budget
        ([kind(2500)], 7500, 0, 2500, 10000, 7500, D("0.25")),
        ([money(1500, 1), kind(2500)], 7500, 1500, 2500, 10000, 6000, D("0.4")),
        ([money(9000)], 7500, 9000, 0, 7500, 0, D("1.2")),
        ([kind(2500, S.PLANNED), money(100, 1, S.PLANNED)], 7500, 0, 0, 7500, 7500, D(0)),
    ],
)
def test_totals_money_and_in_kind(
    gives, budget, money_total, in_kind, total_cost, requested, partners_share
):
    """The budget, money and in kind, the total cost (budget plus in kind), what a funder is
    asked for and the share partners cover."""
    funding = co_funding([FOOD, TRAVEL], gives)
    assert funding.budget == D(budget)
    assert funding.total.money == D(money_total)
    assert funding.total.in_kind == D(in_kind)
    assert funding.total_cost == D(total_cost)
    assert funding.requested == D(requested)
    assert funding.share == partners_share


def test_shares_by_sector_add_up_to_the_whole():
    """Each sector's money and in kind, as a share of the total cost; together the whole."""
    gives = [
        money(1000, 1, sector=Sector.BUSINESS),
        kind(1500, sector=Sector.BUSINESS, category=C.TRANSPORT),
        kind(2000, sector=Sector.VOLUNTEERS, category=C.VOLUNTEER_TIME),
        money(500, 2, sector=Sector.GOVERNMENT, status=S.DELIVERED),
        kind(900, S.PLANNED, sector=Sector.MEDIA, category=C.PUBLICATIONS),
    ]
    funding = co_funding([FOOD, TRAVEL], gives)
    assert funding.total_cost == D(7500 + 3500)
    business = funding.by_sector[Sector.BUSINESS]
    assert (business.money, business.in_kind) == (D(1000), D(1500))
    assert funding.sector_share(Sector.BUSINESS) == D(2500) / D(11000)
    assert funding.sector_share(Sector.VOLUNTEERS) == D(2000) / D(11000)
    assert funding.by_sector[Sector.MEDIA].secured == 0
    assert funding.by_sector[Sector.MEDIA].asked_in_kind == D(900)
    assert funding.sector_share(Sector.MEDIA) == 0
    assert sum(funding.sector_share(s) for s in Sector) == pytest.approx(funding.share)


@pytest.mark.parametrize(
    ("status", "secured", "asked"),
    [
        (S.PLANNED, 0, 400),
        (S.PROMISED, 400, 0),
        (S.DELIVERED, 400, 0),
        (S.PARTLY_DELIVERED, 400, 0),
        (S.NOT_DELIVERED, 0, 0),
    ],
)
def test_planned_is_apart_from_promised_and_delivered(status, secured, asked):
    """Promised and delivered count; planned is shown as asked or planned; not delivered, not."""
    funding = co_funding([FOOD], [kind(400, status), money(400, 1, status)])
    assert funding.total.in_kind == funding.total.money == D(secured)
    assert funding.total.asked_in_kind == funding.total.asked_money == D(asked)
    assert funding.lines[0].asked == D(asked)


def test_no_lines_still_counts_contributions_and_has_no_share():
    """A project without budget lines: nothing to cover, partners' gifts still summed."""
    funding = co_funding([], [money(800), kind(1200)])
    assert funding.lines == []
    assert funding.budget == funding.requested == 0
    assert funding.unassigned == D(800)
    assert funding.total_cost == D(1200)
    assert funding.money_share is None
    assert co_funding([], []).share is None


def test_unvalued_in_kind_and_private_values_are_counted_for_the_notes():
    """Gifts in kind without a value are counted apart; private values are summed here."""
    funding = co_funding(
        [FOOD],
        [kind(None), kind(None, S.PLANNED), kind(300, internal=True), money(None, 1)],
    )
    assert funding.unvalued == 1
    assert funding.internal == 1
    assert funding.total.in_kind == D(300)


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(1, 4, D("0.25")), (0, 4, D(0)), (1, 0, None), (1, -5, None)],
)
def test_share_of_nothing_is_none(part, whole, expected):
    """A share needs a whole larger than zero."""
    assert share(D(part), D(whole)) == expected
