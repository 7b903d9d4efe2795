"""Adding up contributions across projects, as plain functions over rows."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from planner.enums import Category, ItemStatus, Sector

# A contribution that did not come counts for nothing.
COUNTED = frozenset(set(ItemStatus) - {ItemStatus.NOT_DELIVERED})


@dataclass(frozen=True)
class Contribution:
    sector: Sector
    category: Category
    when: date | None
    value: Decimal
    status: ItemStatus


def add_up(contributions: list[Contribution]) -> dict[str, dict]:
    """Totals by sector, by year and by category, largest first (years in order)."""
    by_sector: dict = defaultdict(Decimal)
    by_year: dict = defaultdict(Decimal)
    by_category: dict = defaultdict(Decimal)
    for c in contributions:
        if c.status not in COUNTED:
            continue
        by_sector[c.sector] += c.value
        by_year[c.when.year if c.when else None] += c.value
        by_category[c.category] += c.value
    return {
        "sector": dict(sorted(by_sector.items(), key=lambda kv: -kv[1])),
        "year": dict(sorted(by_year.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))),
        "category": dict(sorted(by_category.items(), key=lambda kv: -kv[1])),
    }
