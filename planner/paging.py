"""Lists that can grow: the first rows with a count ("show all"), or one page of them."""

from __future__ import annotations

import math
from dataclasses import dataclass

# A huge ?page= would overflow the database's OFFSET; nothing here has a million pages.
MAX_PAGE = 1_000_000


def page_count(total: int, per_page: int) -> int:
    """How many pages `total` rows make, `per_page` a page: at least one, if empty."""
    return max(1, math.ceil(total / per_page))


@dataclass(frozen=True)
class Capped:
    """The first rows of a list and how many it holds in all.

    `total` is None for a list too long to count on every view: it was read one row
    past the cap, and `more` says whether that row was there.
    """

    items: list
    total: int | None
    beyond: bool = False

    @classmethod
    def uncounted(cls, rows: list, cap: int) -> Capped:
        """From rows read with LIMIT cap + 1."""
        return cls(rows[:cap], None, len(rows) > cap)

    @property
    def more(self) -> bool:
        return self.beyond if self.total is None else self.total > len(self.items)


@dataclass(frozen=True)
class Page:
    """One page of a list, numbered from 1."""

    items: list
    number: int
    total: int
    per_page: int

    @property
    def pages(self) -> int:
        return page_count(self.total, self.per_page)


def page_number(asked: int | None, total: int, per_page: int) -> int:
    """The page to show: the one asked for, within the pages there are."""
    return min(max(asked or 1, 1), page_count(total, per_page), MAX_PAGE)
