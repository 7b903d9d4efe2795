"""Finding partners in the registry: filters and search, as one query."""

from dataclasses import dataclass

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from planner.enums import CATEGORIES, Category, Direction, Sector, Subtype, Trust
from planner.forms import clean_text
from planner.models import Commitment, Partner, Partnership, search_key
from planner.partners.rules import GAVE


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
    # "Gave this before": a contribution of the category delivered, in any project.
    gave: Category | None = None
    archived: bool = False

    @classmethod
    def from_args(cls, args: MultiDict) -> "Filters":
        """Read filters from a query string; unknown values are ignored, not errors."""
        return cls(
            q=clean_text(args.get("q", ""))[:200],
            sector=enum_or_none(Sector, args.get("sector")),
            subtype=enum_or_none(Subtype, args.get("subtype")),
            trust=enum_or_none(Trust, args.get("trust")),
            gave=given_category(args.get("gave")),
            archived=args.get("archived") == "1",
        )

    def as_args(self) -> dict:
        args = {
            "q": self.q,
            "sector": self.sector,
            "subtype": self.subtype,
            "trust": self.trust,
            "gave": self.gave,
        }
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
        if self.gave is not None:
            # A correlated EXISTS: still one query, however many items partners have.
            query = query.where(
                sa.select(Commitment.id)
                .join(Partnership, Commitment.partnership_id == Partnership.id)
                .where(
                    Partnership.partner_id == Partner.id,
                    Commitment.direction == Direction.GIVES,
                    Commitment.category == self.gave,
                    Commitment.status.in_(GAVE),
                )
                .exists()
            )
        return query


def given_category(value) -> Category | None:
    """A category a partner gives; what it gets is no filter of who gave what."""
    category = enum_or_none(Category, value)
    return category if category in CATEGORIES[Direction.GIVES] else None
