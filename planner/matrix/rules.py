"""The contribution-and-benefit matrix as plain data: cells, totals, coverage, flags.

Rows are partnerships grouped by sector; columns are categories, what partners
give beside what they get. Nothing here touches the request or the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import ngettext

from planner.asks.rules import OPEN
from planner.enums import CATEGORIES, Category, Coverage, Direction, ItemStatus, Sector, Trust
from planner.partnerships.rules import COUNTED, LEFT, MAX_WORKED, WORKED

COLUMNS: tuple[tuple[Direction, Category], ...] = tuple(
    (direction, category) for direction in Direction for category in CATEGORIES[direction]
)
MAX_VALUE = Decimal("999999999999.99")


def compute_value(
    value: Decimal | None, hours: Decimal | None, rate: Decimal | None
) -> Decimal | None:
    """Time is worth hours × the hourly rate; otherwise the value as entered."""
    if hours is not None and rate is not None:
        return (hours * rate).quantize(Decimal("0.01"))
    return value


# The one-click steps offered on an item: forward along planned → promised → delivered (or
# partly, or not). Going back, or any other change, is the item's form.
NEXT_STATUSES: dict[ItemStatus, tuple[ItemStatus, ...]] = {
    ItemStatus.PLANNED: (ItemStatus.PROMISED, ItemStatus.DELIVERED),
    ItemStatus.PROMISED: (
        ItemStatus.DELIVERED,
        ItemStatus.PARTLY_DELIVERED,
        ItemStatus.NOT_DELIVERED,
    ),
    ItemStatus.PARTLY_DELIVERED: (ItemStatus.DELIVERED, ItemStatus.NOT_DELIVERED),
    ItemStatus.DELIVERED: (),
    ItemStatus.NOT_DELIVERED: (),
}


def shown_ask_by(item):
    """The stored ask-by date, while the item is still to be secured."""
    return item.ask_by if item.status in OPEN else None


@dataclass(frozen=True)
class Flag:
    kind: str  # gives-nothing, gets-nothing, uncovered-need, untried-only-cover, too-many
    text: str


@dataclass
class Total:
    value: Decimal = Decimal(0)
    unvalued: int = 0
    items: int = 0

    def add(self, item) -> None:
        self.items += 1
        if item.value is None:
            self.unvalued += 1
        else:
            self.value += item.value


@dataclass
class Row:
    partnership: object
    health: object = None
    cells: dict = field(default_factory=lambda: defaultdict(list))
    # Every item of the row in the order loaded (by due date): the page lists them so.
    items: list = field(default_factory=list)
    gives: Total = field(default_factory=Total)
    gets: Total = field(default_factory=Total)

    def total(self, direction: Direction) -> Total:
        return self.gives if direction is Direction.GIVES else self.gets


@dataclass
class Matrix:
    groups: list[tuple[Sector, list[Row]]]
    columns: tuple[tuple[Direction, Category], ...]
    column_totals: dict[tuple[Direction, Category], Total]
    totals: dict[Direction, Total]
    needs: list[tuple[object, Coverage, Decimal]]
    flags: list[Flag]

    @property
    def rows(self) -> list[Row]:
        return [row for _, rows in self.groups for row in rows]


@dataclass(frozen=True)
class Filters:
    """What the coordinator chose to see: one category, one status, or everything."""

    category: Category | None = None
    status: ItemStatus | None = None

    @classmethod
    def of(cls, args) -> Filters:
        """Read from query arguments; a value that is not a category or status is ignored."""
        return cls(
            category=Category.__members__.get(str(args.get("category", "")).upper()),
            status=ItemStatus.__members__.get(str(args.get("status", "")).upper()),
        )

    def __bool__(self) -> bool:
        return self.category is not None or self.status is not None

    def keeps(self, item) -> bool:
        return (self.category is None or item.category is self.category) and (
            self.status is None or item.status is self.status
        )

    def args(self) -> dict[str, str]:
        found = {"category": self.category, "status": self.status}
        return {name: value.value for name, value in found.items() if value is not None}


@dataclass
class Line:
    """A partner's row as the page shows it: what it gives beside what it gets."""

    row: Row
    gives: list
    gets: list
    totals: dict[Direction, Total]


@dataclass
class View:
    """The matrix narrowed by the filters: rows by sector and the totals of what is shown."""

    groups: list[tuple[Sector, list[Line]]]
    totals: dict[Direction, Total]
    hidden: int  # rows left out because none of their items is shown


def line(row: Row, filters: Filters) -> Line:
    shown = {d: [] for d in Direction}
    totals = {d: Total() for d in Direction}
    for item in row.items:
        if filters.keeps(item):
            shown[item.direction].append(item)
            totals[item.direction].add(item)
    return Line(row, shown[Direction.GIVES], shown[Direction.GETS], totals)


def view(matrix: Matrix, filters: Filters | None = None) -> View:
    """Each row's items by direction; with a filter, only matching items and rows with some."""
    filters = filters or Filters()
    totals = {d: Total() for d in Direction}
    groups, hidden = [], 0
    for sector, rows in matrix.groups:
        lines = []
        for row in rows:
            one = line(row, filters)
            if filters and not (one.gives or one.gets):
                hidden += 1
                continue
            lines.append(one)
            for direction in Direction:
                for item in one.gives if direction is Direction.GIVES else one.gets:
                    totals[direction].add(item)
        if lines:
            groups.append((sector, lines))
    return View(groups, totals, hidden)


def coverage(need, items: Iterable) -> tuple[Coverage, Decimal]:
    """How far the gives items linked to a need cover it, and the quantity they add up to."""
    linked = [i for i in items if i.status in COUNTED]
    covered = sum((i.quantity or Decimal(0) for i in linked), Decimal(0))
    if not linked:
        return Coverage.NONE, covered
    if need.quantity is None or covered >= need.quantity:
        return Coverage.FULL, covered
    return Coverage.PARTIAL, covered


def build_matrix(partnerships, items, needs, health: dict | None = None, columns=COLUMNS) -> Matrix:
    """Lay out a project's partnerships, commitments and needs as the matrix."""
    health = health or {}
    rows = {
        p.id: Row(partnership=p, health=health.get(p.id))
        for p in partnerships
        if p.status not in LEFT
    }
    column_totals = {key: Total() for key in columns}
    totals = {d: Total() for d in Direction}
    by_need = defaultdict(list)
    for item in items:
        if item.need_id is not None:
            by_need[item.need_id].append(item)
        row = rows.get(item.partnership_id)
        if row is None:
            continue
        key = (item.direction, item.category)
        row.cells[key].append(item)
        row.items.append(item)
        row.total(item.direction).add(item)
        totals[item.direction].add(item)
        if key in column_totals:
            column_totals[key].add(item)
    groups = [
        (sector, rows_of)
        for sector in Sector
        if (rows_of := [r for r in rows.values() if r.partnership.partner.sector is sector])
    ]
    need_rows = [(need, *coverage(need, by_need[need.id])) for need in needs]
    return Matrix(
        groups=groups,
        columns=columns,
        column_totals=column_totals,
        totals=totals,
        needs=need_rows,
        flags=flags(
            list(rows.values()),
            need_rows,
            partnerships,
            untried_only_cover(needs, by_need, partnerships),
        ),
    )


def untried_only_cover(needs, by_need, partnerships) -> list[tuple[object, object]]:
    """Needs whose only cover is one partner not yet tried (trial before trust), with it.

    The field's practice: give a new partner a non-critical task first, and rely on it for
    something the project cannot do without only once it has proved itself.
    """
    by_id = {p.id: p for p in partnerships}
    found = []
    for need in needs:
        # One partnership per partner in a project: distinct partnerships are distinct partners.
        covering = {
            i.partnership_id
            for i in by_need.get(need.id, ())
            if i.status in COUNTED and i.partnership_id in by_id
        }
        if len(covering) == 1 and (partner := by_id[covering.pop()].partner).trust is Trust.NEW:
            found.append((need, partner))
    return found


def flags(rows: list[Row], need_rows, partnerships, untried=()) -> list[Flag]:
    """The warnings a coordinator cannot miss, in words (the page's language)."""
    found = []
    for row in rows:
        name = row.partnership.partner.name
        if not row.gives.items:
            found.append(
                Flag(
                    "gives-nothing",
                    _("%(name)s gives nothing yet: what does the project need from it?", name=name),
                )
            )
        if not row.gets.items:
            found.append(
                Flag(
                    "gets-nothing",
                    _("%(name)s gets nothing in return: why would it stay to the end?", name=name),
                )
            )
    for need, cover, _covered in need_rows:
        if cover is Coverage.NONE:
            found.append(
                Flag(
                    "uncovered-need",
                    _("Nobody covers the need “%(need)s”.", need=need.description),
                )
            )
    for need, partner in untried:
        found.append(
            Flag(
                "untried-only-cover",
                _(
                    "Only %(name)s covers the need “%(need)s”, and it is a new partner: try it "
                    "on something less critical first, or find a second partner for this need.",
                    name=partner.name,
                    need=need.description,
                ),
            )
        )
    worked = sum(1 for p in partnerships if p.status in WORKED)
    if worked > MAX_WORKED:
        found.append(
            Flag(
                "too-many",
                ngettext(
                    "%(num)d partnership is being worked at once; one to %(max)d "
                    "well-worked partnerships are easier to manage.",
                    "%(num)d partnerships are being worked at once; one to %(max)d "
                    "well-worked partnerships are easier to manage.",
                    worked,
                    max=MAX_WORKED,
                ),
            )
        )
    return found
