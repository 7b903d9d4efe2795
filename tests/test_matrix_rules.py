"""The matrix as plain data: totals, coverage of needs, flags, value of time (no database)."""

import itertools
from decimal import Decimal
from types import SimpleNamespace

import pytest

from planner.enums import Category, Coverage, Direction, ItemStatus, Sector, Status, Trust
from planner.matrix.rules import Total, build_matrix, compute_value, coverage

D = Decimal
_ids = itertools.count(1)


def partnership(name="Bakery", sector=Sector.BUSINESS, status=Status.ACTIVE, trust=Trust.TRIED):
    return SimpleNamespace(
        id=next(_ids),
        status=status,
        partner=SimpleNamespace(name=name, sector=sector, trust=trust),
    )


def item(
    p,
    direction=Direction.GIVES,
    category=Category.MONEY,
    value=None,
    quantity=None,
    status=ItemStatus.PLANNED,
    need=None,
):
    return SimpleNamespace(
        id=next(_ids),
        partnership_id=p.id,
        direction=direction,
        category=category,
        value=None if value is None else D(value),
        quantity=None if quantity is None else D(quantity),
        status=status,
        need_id=need.id if need else None,
    )


def need(description="Warm meals", quantity=None):
    return SimpleNamespace(
        id=next(_ids),
        description=description,
        quantity=None if quantity is None else D(quantity),
    )


def as_tuple(total: Total) -> tuple:
    return total.value, total.unvalued, total.items


def kinds(matrix) -> list[str]:
    return [flag.kind for flag in matrix.flags]


# --- totals -------------------------------------------------------------------------------


def test_row_totals_add_values_and_count_items_without_value_per_direction():
    """Each row adds up what its partner gives and gets, counting items without a value apart."""
    bakery, radio = partnership("Bakery"), partnership("Radio", Sector.MEDIA)
    items = [
        item(bakery, value="100.50"),
        item(bakery, category=Category.GOODS, value="20"),
        item(bakery, category=Category.GOODS),
        item(bakery, Direction.GETS, Category.RECOGNITION),
        item(radio, category=Category.PUBLICATIONS, value="300"),
        item(radio, Direction.GETS, Category.RESULTS_REPORT, value="40"),
    ]
    matrix = build_matrix([bakery, radio], items, [])
    rows = {row.partnership.partner.name: row for row in matrix.rows}
    assert as_tuple(rows["Bakery"].gives) == (D("120.50"), 1, 3)
    assert as_tuple(rows["Bakery"].gets) == (D(0), 1, 1)
    assert as_tuple(rows["Radio"].gives) == (D(300), 0, 1)
    assert as_tuple(rows["Radio"].gets) == (D(40), 0, 1)


def test_column_totals_add_up_each_category_across_rows():
    """Each (direction, category) column adds its cells' values across all partnerships."""
    a, b = partnership("A"), partnership("B", Sector.NGO)
    items = [
        item(a, value="10"),
        item(b, value="15"),
        item(b),
        item(a, category=Category.GOODS, value="7"),
        item(b, Direction.GETS, Category.RECOGNITION),
    ]
    matrix = build_matrix([a, b], items, [])
    assert as_tuple(matrix.column_totals[(Direction.GIVES, Category.MONEY)]) == (D(25), 1, 3)
    assert as_tuple(matrix.column_totals[(Direction.GIVES, Category.GOODS)]) == (D(7), 0, 1)
    assert as_tuple(matrix.column_totals[(Direction.GETS, Category.RECOGNITION)]) == (D(0), 1, 1)
    assert as_tuple(matrix.column_totals[(Direction.GIVES, Category.PREMISES)]) == (D(0), 0, 0)


def test_overall_totals_equal_the_sum_of_rows_and_of_columns():
    """The overall gives and gets totals equal both the rows' sum and the columns' sum."""
    ps = [partnership(f"P{i}", sector) for i, sector in enumerate(Sector)]
    items = [
        item(p, d, c, value=v)
        for p, (d, c, v) in zip(
            itertools.cycle(ps),
            [
                (Direction.GIVES, Category.MONEY, "1000"),
                (Direction.GIVES, Category.TRANSPORT, "250.25"),
                (Direction.GIVES, Category.VOLUNTEER_TIME, None),
                (Direction.GETS, Category.RECOGNITION, None),
                (Direction.GETS, Category.LEARNING, "80"),
                (Direction.GIVES, Category.MONEY, "0.75"),
                (Direction.GETS, Category.TAX_BENEFIT, None),
            ],
            strict=False,
        )
    ]
    matrix = build_matrix(ps, items, [])
    assert as_tuple(matrix.totals[Direction.GIVES]) == (D("1251.00"), 1, 4)
    assert as_tuple(matrix.totals[Direction.GETS]) == (D(80), 2, 3)
    for direction in Direction:
        by_rows = [row.total(direction) for row in matrix.rows]
        by_columns = [t for (d, _), t in matrix.column_totals.items() if d is direction]
        for parts in (by_rows, by_columns):
            assert sum((t.value for t in parts), D(0)) == matrix.totals[direction].value
            assert sum(t.unvalued for t in parts) == matrix.totals[direction].unvalued


def test_declined_and_dropped_partnerships_have_no_row_and_add_nothing():
    """Partnerships that declined or were dropped are left out of rows, totals and flags."""
    active = partnership("Active", status=Status.ACTIVE)
    declined = partnership("Declined", status=Status.DECLINED)
    dropped = partnership("Dropped", status=Status.DROPPED)
    items = [item(active, value="5"), item(declined, value="500"), item(dropped, value="700")]
    matrix = build_matrix([active, declined, dropped], items, [])
    assert [row.partnership.partner.name for row in matrix.rows] == ["Active"]
    assert matrix.totals[Direction.GIVES].value == D(5)
    assert matrix.column_totals[(Direction.GIVES, Category.MONEY)].items == 1
    assert not any("Declined" in f.text or "Dropped" in f.text for f in matrix.flags)


def test_rows_are_grouped_by_sector_in_the_sector_order():
    """Rows come grouped by their partner's sector, in the order of the sector vocabulary."""
    radio = partnership("Radio", Sector.MEDIA)
    shop = partnership("Shop", Sector.BUSINESS)
    ngo = partnership("Shelter", Sector.NGO)
    matrix = build_matrix([radio, shop, ngo], [], [])
    assert [
        (sector, [r.partnership.partner.name for r in rows]) for sector, rows in matrix.groups
    ] == [
        (Sector.NGO, ["Shelter"]),
        (Sector.BUSINESS, ["Shop"]),
        (Sector.MEDIA, ["Radio"]),
    ]


# --- coverage -----------------------------------------------------------------------------


def test_need_without_linked_items_is_not_covered():
    """A need nobody's contribution is linked to is not covered."""
    assert coverage(need(quantity="10"), []) == (Coverage.NONE, D(0))


def test_need_partly_covered_when_linked_quantities_fall_short():
    """Linked quantities below the need's quantity cover it partly, and add up."""
    p, n = partnership(), need(quantity="100")
    items = [item(p, quantity="30", need=n), item(p, quantity="20", need=n)]
    assert coverage(n, items) == (Coverage.PARTIAL, D(50))


def test_need_fully_covered_when_linked_quantities_reach_it():
    """Linked quantities that reach the need's quantity cover it fully."""
    p, n = partnership(), need(quantity="100")
    items = [item(p, quantity="60", need=n), item(p, quantity="40", need=n)]
    assert coverage(n, items) == (Coverage.FULL, D(100))


def test_not_delivered_items_do_not_count_towards_a_need():
    """An item marked not delivered neither covers a need nor adds to its quantity."""
    p, n = partnership(), need(quantity="100")
    failed = item(p, quantity="100", need=n, status=ItemStatus.NOT_DELIVERED)
    assert coverage(n, [failed]) == (Coverage.NONE, D(0))
    partly = item(p, quantity="30", need=n, status=ItemStatus.PARTLY_DELIVERED)
    assert coverage(n, [failed, partly]) == (Coverage.PARTIAL, D(30))


def test_need_without_quantity_is_fully_covered_by_any_linked_item():
    """A need with no quantity is covered as soon as one counting item is linked to it."""
    p, n = partnership(), need(quantity=None)
    assert coverage(n, [item(p, need=n)]) == (Coverage.FULL, D(0))


def test_build_matrix_reports_each_need_with_its_coverage():
    """The matrix lists every need with its coverage and the quantity covered."""
    p = partnership()
    full, part, none = need("Food", "10"), need("Rooms", "4"), need("Vans", "2")
    items = [item(p, quantity="10", need=full), item(p, quantity="1", need=part)]
    matrix = build_matrix([p], items, [full, part, none])
    assert [(n.description, cover, qty) for n, cover, qty in matrix.needs] == [
        ("Food", Coverage.FULL, D(10)),
        ("Rooms", Coverage.PARTIAL, D(1)),
        ("Vans", Coverage.NONE, D(0)),
    ]


# --- flags --------------------------------------------------------------------------------


def test_flags_partner_that_gives_nothing():
    """A partnership with benefits but no contribution is flagged by name."""
    p = partnership("Printer")
    matrix = build_matrix([p], [item(p, Direction.GETS, Category.RECOGNITION)], [])
    assert kinds(matrix) == ["gives-nothing"]
    assert "Printer gives nothing" in matrix.flags[0].text


def test_flags_partner_that_gets_nothing():
    """A partnership that contributes but gets nothing back is flagged by name."""
    p = partnership("Printer")
    matrix = build_matrix([p], [item(p, value="10")], [])
    assert kinds(matrix) == ["gets-nothing"]
    assert "Printer gets nothing" in matrix.flags[0].text


def test_flags_need_nobody_covers():
    """A need with no counting item linked to it is flagged by its description."""
    p = partnership()
    covered, uncovered = need("Hot soup"), need("Blankets")
    items = [
        item(p, need=covered),
        item(p, Direction.GETS, Category.RECOGNITION),
    ]
    matrix = build_matrix([p], items, [covered, uncovered])
    assert kinds(matrix) == ["uncovered-need"]
    assert "Blankets" in matrix.flags[0].text


@pytest.mark.parametrize(
    ("covers", "flagged"),
    [
        ([(Trust.NEW, ItemStatus.PLANNED)], True),
        ([(Trust.NEW, ItemStatus.DELIVERED)], True),
        ([(Trust.TRIED, ItemStatus.PLANNED)], False),
        ([(Trust.VERIFIED, ItemStatus.PROMISED)], False),
        ([(Trust.NEW, ItemStatus.PLANNED), (Trust.NEW, ItemStatus.PLANNED)], False),
        ([(Trust.NEW, ItemStatus.PLANNED), (Trust.TRIED, ItemStatus.PLANNED)], False),
        ([(Trust.NEW, ItemStatus.NOT_DELIVERED)], False),
    ],
)
def test_flags_need_resting_on_one_untried_partner(covers, flagged):
    """Trial before trust: a need covered only by one new partner is flagged; a second
    partner, or a tried one, lifts it; an item not delivered covers nothing."""
    rides = need("Rides")
    partnerships, items = [], []
    for n, (trust, status) in enumerate(covers):
        p = partnership(name=f"Drivers {n}", trust=trust)
        partnerships.append(p)
        items += [item(p, need=rides, status=status), item(p, Direction.GETS, Category.RECOGNITION)]
    matrix = build_matrix(partnerships, items, [rides])
    assert ("untried-only-cover" in kinds(matrix)) is flagged


@pytest.mark.parametrize(("worked", "flagged"), [(3, False), (4, True)])
def test_flags_more_than_three_partnerships_worked_at_once(worked, flagged):
    """More than three partnerships being worked at once is flagged; three is fine."""
    statuses = [Status.CONTACTED, Status.NEGOTIATING, Status.AGREED, Status.ACTIVE][:worked]
    ps = [partnership(f"P{i}", status=s) for i, s in enumerate(statuses)]
    ps += [
        partnership("Done", status=Status.COMPLETED),
        partnership("New", status=Status.CANDIDATE),
    ]
    items = [
        item(p, d, c)
        for p in ps
        for d, c in ((Direction.GIVES, Category.MONEY), (Direction.GETS, Category.LEARNING))
    ]
    matrix = build_matrix(ps, items, [])
    assert ("too-many" in kinds(matrix)) is flagged
    if flagged:
        assert matrix.flags[-1].text.startswith("4 partnerships are being worked at once")


def test_balanced_matrix_has_no_flags():
    """Partners that give and get, with every need covered, raise no flag."""
    p, n = partnership(), need(quantity="1")
    items = [item(p, quantity="1", need=n), item(p, Direction.GETS, Category.LEARNING)]
    assert build_matrix([p], items, [n]).flags == []


# --- value of time ------------------------------------------------------------------------


def test_compute_value_is_hours_times_rate():
    """Time given is worth hours × hourly rate, rounded to cents, whatever value was typed."""
    assert compute_value(D("999"), D("12.5"), D("20")) == D("250.00")
    assert compute_value(None, D("3"), D("33.333")) == D("100.00")


def test_compute_value_keeps_the_typed_value_without_hours_and_rate():
    """Without both hours and rate the value is the one typed (or none)."""
    assert compute_value(D("80"), None, None) == D("80")
    assert compute_value(D("80"), D("3"), None) == D("80")
    assert compute_value(None, None, None) is None
