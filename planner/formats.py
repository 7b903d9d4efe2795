"""How numbers, money and dates are written, in the language of the page (Babel's locale data).

Wherever they are shown: pages, letters, the public site. Letters render inside
`flask_babel.force_locale(letter's language)`, so the same helpers write their dates too.
"""

from datetime import date, datetime
from decimal import Decimal

import flask_babel
from babel import Locale
from babel.numbers import parse_pattern

from planner.settings import organisation_settings

DEFAULT_CURRENCY = "EUR"
ENGLISH = Locale.parse("en_GB")  # outside a request (the command line)
# Grouped digits, up to six decimals, no trailing zeros: parsed once, not per number.
QUANTITY = parse_pattern("#,##0.######")


def format_date(value: date | datetime | None, format: str = "medium") -> str:
    """A day: 23 Nov 2026, 23 нояб. 2026 г. ("long": 23 November 2026, 23 ноября 2026 г.)."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return flask_babel.format_date(value, format)


def format_datetime(value: datetime | None, format: str = "medium") -> str:
    """A moment: 23 Nov 2026, 14:05; 23 нояб. 2026 г., 14:05."""
    if not value:
        return ""
    return f"{format_date(value, format)}, {flask_babel.format_time(value, 'short')}"


def format_number(value) -> str:
    """A quantity without trailing zeros or exponent, grouped as the language groups digits:
    1,500 and 2.5 in English, 1 500 and 2,5 in Russian."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = value.normalize()
    return QUANTITY.apply(value, flask_babel.get_locale() or ENGLISH)


def format_money(value, currency: str | None = None) -> str:
    """An amount in the organisation's currency (or `currency`): €1,500.00, 1 500,00 ₽."""
    if value is None:
        return ""
    if currency is None:
        settings = organisation_settings()
        currency = settings.currency if settings else DEFAULT_CURRENCY
    return flask_babel.format_currency(value, currency)


def month_names() -> dict[int, str]:
    """January to December as a list names them, in the page's language.

    Babel's stand-alone names (Russian: «Октябрь», not the «октября» of a date); forms are
    made at import time, so their choices call this when a page shows them.
    """
    names = (flask_babel.get_locale() or ENGLISH).months["stand-alone"]["wide"]
    return {m: names[m][:1].upper() + names[m][1:] for m in range(1, 13)}
