"""Co-funding arithmetic: what a project's budget costs and what partners' contributions cover.

Plain functions over plain rows, so that tests call them without a database. The rules:

- the budget's total is the sum of its lines: the project's costs paid in money;
- a money item covers its budget line, or the budget as a whole when it names none;
- contributions in kind (every valued give that is not money) are costs partners carry
  themselves: the project's total cost is the budget plus them;
- promised, delivered and partly delivered items count as secured; planned ones are shown
  apart as asked or planned; items not delivered, and those of partnerships that were
  declined or dropped, count for nothing;
- what is left of the budget after partners' money is what the funder is asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from planner.enums import Category, ItemStatus, Sector

SECURED = frozenset({ItemStatus.PROMISED, ItemStatus.DELIVERED, ItemStatus.PARTLY_DELIVERED})
ASKED = frozenset({ItemStatus.PLANNED})
ZERO = Decimal(0)


@dataclass(frozen=True)
class Line:
    """A budget line as the arithmetic reads it."""

    id: int
    name: str
    amount: Decimal


@dataclass(frozen=True)
class Give:
    """One thing a partner gives, as the arithmetic reads it."""

    sector: Sector
    category: Category
    status: ItemStatus
    value: Decimal | None
    budget_line_id: int | None = None
    internal: bool = False

    @property
    def money(self) -> bool:
        return self.category is Category.MONEY


@dataclass
class Amounts:
    """Money and in kind, secured and asked for, of one sector or of everyone."""

    money: Decimal = ZERO
    in_kind: Decimal = ZERO
    asked_money: Decimal = ZERO
    asked_in_kind: Decimal = ZERO

    @property
    def secured(self) -> Decimal:
        return self.money + self.in_kind

    @property
    def asked(self) -> Decimal:
        return self.asked_money + self.asked_in_kind


@dataclass
class LineCover:
    """A budget line and what partners' money covers of it."""

    line: Line
    covered: Decimal = ZERO
    asked: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        return max(self.line.amount - self.covered, ZERO)

    @property
    def over(self) -> Decimal:
        return max(self.covered - self.line.amount, ZERO)

    @property
    def share(self) -> Decimal | None:
        return share(self.covered, self.line.amount)


@dataclass
class CoFunding:
    """A project's budget and the share partners' contributions cover."""

    lines: list[LineCover]
    # Secured money that names no budget line (or a line since deleted).
    unassigned: Decimal
    asked_unassigned: Decimal
    total: Amounts
    by_sector: dict[Sector, Amounts]
    # Gives in kind that count but have no value yet: they cover something not summed here.
    unvalued: int = 0
    # Counted items whose value is kept private: shown here, never on the public site.
    internal: int = 0

    @property
    def budget(self) -> Decimal:
        return sum((c.line.amount for c in self.lines), ZERO)

    @property
    def total_cost(self) -> Decimal:
        """The budget plus the value of what partners give in kind."""
        return self.budget + self.total.in_kind

    @property
    def requested(self) -> Decimal:
        """What the budget still needs after partners' money: what a funder is asked for."""
        return max(self.budget - self.total.money, ZERO)

    @property
    def share(self) -> Decimal | None:
        """The share of the total cost that partners' contributions cover."""
        return share(self.total.secured, self.total_cost)

    @property
    def money_share(self) -> Decimal | None:
        """The share of the budget that partners' money covers."""
        return share(self.total.money, self.budget)

    def sector_share(self, sector: Sector) -> Decimal | None:
        return share(self.by_sector[sector].secured, self.total_cost)


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """`part` as a fraction of `whole` (0.25 for a quarter); None when there is no whole."""
    if whole <= 0:
        return None
    return part / whole


def co_funding(lines: Iterable[Line], gives: Iterable[Give]) -> CoFunding:
    """Add up a project's budget lines and what its partners give."""
    covers = {line.id: LineCover(line) for line in lines}
    total = Amounts()
    by_sector = {sector: Amounts() for sector in Sector}
    unassigned = asked_unassigned = ZERO
    unvalued = internal = 0
    for give in gives:
        secured = give.status in SECURED
        if not secured and give.status not in ASKED:
            continue
        if give.value is None:
            unvalued += secured and not give.money
            continue
        internal += give.internal
        for amounts in (total, by_sector[give.sector]):
            if give.money and secured:
                amounts.money += give.value
            elif give.money:
                amounts.asked_money += give.value
            elif secured:
                amounts.in_kind += give.value
            else:
                amounts.asked_in_kind += give.value
        if give.money:
            cover = covers.get(give.budget_line_id)
            if cover is not None and secured:
                cover.covered += give.value
            elif cover is not None:
                cover.asked += give.value
            elif secured:
                unassigned += give.value
            else:
                asked_unassigned += give.value
    return CoFunding(
        lines=list(covers.values()),
        unassigned=unassigned,
        asked_unassigned=asked_unassigned,
        total=total,
        by_sector=by_sector,
        unvalued=unvalued,
        internal=internal,
    )
