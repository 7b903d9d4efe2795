"""What every page needs of the organisation (its language and currency), kept until a write.

Below every area: the language selector (planner/i18n.py) and the money formatter
(planner/formats.py) read it on every page, so it is one cached query, not one per use.
"""

from dataclasses import dataclass

import sqlalchemy as sa

from planner.extensions import db
from planner.models import Organisation
from planner.stamps import StampedCache


@dataclass(frozen=True)
class Settings:
    """What every page needs of the organisation: its language and currency."""

    language: str
    currency: str


def load_settings() -> Settings | None:
    row = db.session.execute(
        sa.select(Organisation.language, Organisation.currency).order_by(Organisation.id).limit(1)
    ).first()
    return Settings(row.language.value, row.currency) if row else None


_settings = StampedCache(load_settings)


def organisation_settings() -> Settings | None:
    """The organisation's language and currency (None before set-up), kept until a write."""
    return _settings.get()
