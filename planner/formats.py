"""How numbers, money and dates are written, in the language of the page (Babel's locale data).

Wherever they are shown: pages, letters, the public site. Letters render inside
`flask_babel.force_locale(letter's language)`, so the same helpers write their dates too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache

import flask_babel
from babel import Locale, numbers

from planner.settings import organisation_settings

DEFAULT_CURRENCY = "EUR"
ENGLISH = Locale.parse("en_GB")  # outside a request (the command line)
QUANTITY_PLACES = Decimal("0.000001")  # a quantity shows up to six decimals


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
    value = as_decimal(value)
    if value.as_tuple().exponent < -6:
        value = value.quantize(QUANTITY_PLACES)  # half to even, as Babel rounds
    return Digits.of(flask_babel.get_locale() or ENGLISH).write(format(value.normalize(), ",f"))


def format_money(value, currency: str | None = None) -> str:
    """An amount in the organisation's currency (or `currency`): €1,500.00, 1 500,00 ₽."""
    if value is None:
        return ""
    if currency is None:
        settings = organisation_settings()
        currency = settings.currency if settings else DEFAULT_CURRENCY
    return Money.of(flask_babel.get_locale() or ENGLISH, currency).write(as_decimal(value))


def month_names() -> dict[int, str]:
    """January to December as a list names them, in the page's language.

    Babel's stand-alone names (Russian: «Октябрь», not the «октября» of a date); forms are
    made at import time, so their choices call this when a page shows them.
    """
    names = (flask_babel.get_locale() or ENGLISH).months["stand-alone"]["wide"]
    return {m: names[m][:1].upper() + names[m][1:] for m in range(1, 13)}


# Numbers and money as Babel writes them (tests/test_formats.py compares the two on many
# values), with each locale's symbols and each currency's pattern read from Babel once:
# Babel's own formatters read them again for every number, a fifth of a public site's freeze.


def as_decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


@dataclass(frozen=True)
class Digits:
    """How a locale writes Python's "-1,234.5": its minus, group and decimal symbols."""

    table: dict

    @staticmethod
    @cache
    def of(locale: Locale) -> Digits:
        return Digits(
            str.maketrans(
                {
                    "-": numbers.get_minus_sign_symbol(locale),
                    ",": numbers.get_group_symbol(locale),
                    ".": numbers.get_decimal_symbol(locale),
                }
            )
        )

    def write(self, text: str) -> str:
        return text.translate(self.table)


@dataclass(frozen=True)
class Money:
    """How a locale writes an amount of one currency: what comes before and after the digits
    (€1.00, 1,00 €; -€1.00), and the currency's decimal places."""

    digits: Digits
    places: int
    before: str
    after: str
    before_negative: str
    after_negative: str

    @staticmethod
    @cache
    def of(locale: Locale, currency: str) -> Money:
        def around(amount: str) -> tuple[str, str]:
            text = numbers.format_currency(Decimal(amount), currency, locale=locale)
            digits = [i for i, ch in enumerate(text) if ch.isdigit()]
            return text[: digits[0]], text[digits[-1] + 1 :]

        return Money(
            Digits.of(locale),
            numbers.get_currency_precision(currency),
            *around("1"),
            *around("-1"),
        )

    def write(self, value: Decimal, places: int | None = None) -> str:
        places = self.places if places is None else places
        number = self.digits.write(format(abs(value), f",.{places}f"))
        if value < 0:
            return self.before_negative + number + self.after_negative
        return self.before + number + self.after


def format_percent(fraction) -> str:
    """A share as the language writes it: 0.25 is 25% in English, 25 % in Russian."""
    if fraction is None:
        return ""
    return flask_babel.format_percent(as_decimal(fraction))


def format_money_short(value, currency: str | None = None) -> str:
    """A total read at a glance: from a million in short form (€1.2M, 1,2 млн ₽), below it
    in whole units (€40,000, 40 000 ₽)."""
    value = as_decimal(value)
    if currency is None:
        settings = organisation_settings()
        currency = settings.currency if settings else DEFAULT_CURRENCY
    locale = flask_babel.get_locale() or ENGLISH
    if abs(value) >= 1_000_000:
        return numbers.format_compact_currency(value, currency, locale=locale, fraction_digits=1)
    return Money.of(locale, currency).write(value, places=0)
