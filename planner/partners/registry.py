"""Finding partners in the registry: filters and search, as one query."""

from dataclasses import dataclass

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from planner.enums import Sector, Subtype, Trust
from planner.forms import clean_text
from planner.models import Partner, search_key


def enum_or_none(enum, value):
    try:
        return enum(value) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Filters:
    q: str = ""
    sector: Sector | None = None
    subtype: Subtype | None = None
    trust: Trust | None = None
    archived: bool = False

    @classmethod
    def from_args(cls, args: MultiDict) -> "Filters":
        """Read filters from a query string; unknown values are ignored, not errors."""
        return cls(
            q=clean_text(args.get("q", ""))[:200],
            sector=enum_or_none(Sector, args.get("sector")),
            subtype=enum_or_none(Subtype, args.get("subtype")),
            trust=enum_or_none(Trust, args.get("trust")),
            archived=args.get("archived") == "1",
        )

    def as_args(self) -> dict:
        args = {"q": self.q, "sector": self.sector, "subtype": self.subtype, "trust": self.trust}
        if self.archived:
            args["archived"] = "1"
        return {k: v for k, v in args.items() if v}

    def select(self) -> sa.Select:
        query = sa.select(Partner).order_by(Partner.name, Partner.id)
        query = query.where(
            Partner.archived_at.is_not(None) if self.archived else Partner.archived_at.is_(None)
        )
        if self.q:
            # Both sides casefolded in Python: the same on SQLite and PostgreSQL, Cyrillic too.
            query = query.where(Partner.search_text.contains(search_key(self.q), autoescape=True))
        for column, value in (
            (Partner.sector, self.sector),
            (Partner.subtype, self.subtype),
            (Partner.trust, self.trust),
        ):
            if value is not None:
                query = query.where(column == value)
        return query
