"""Adding up contributions across projects, as plain functions over sums."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from planner.enums import Category, Sector


@dataclass(frozen=True)
class Contribution:
    """The value of counted contributions of one sector, category and year."""

    sector: Sector
    category: Category
    year: int | None
    value: Decimal


def add_up(contributions: list[Contribution]) -> dict[str, dict]:
    """Totals by sector, by year and by category, largest first (years in order)."""
    by_sector: dict = defaultdict(Decimal)
    by_year: dict = defaultdict(Decimal)
    by_category: dict = defaultdict(Decimal)
    for c in contributions:
        by_sector[c.sector] += c.value
        by_year[c.year] += c.value
        by_category[c.category] += c.value
    return {
        "sector": dict(sorted(by_sector.items(), key=lambda kv: -kv[1])),
        "year": dict(sorted(by_year.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))),
        "category": dict(sorted(by_category.items(), key=lambda kv: -kv[1])),
    }
