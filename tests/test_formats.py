"""Numbers and money are written exactly as Babel writes them, in every interface language."""

from decimal import Decimal

import pytest
from babel import Locale, numbers
from flask_babel import force_locale

from planner.formats import format_money, format_number
from planner.i18n import LANGUAGES, LOCALES

LOCALE_NAMES = [LOCALES.get(language, language) for language in LANGUAGES]
AMOUNTS = [
    Decimal("0"),
    Decimal("1"),
    Decimal("0.5"),
    Decimal("12.345"),
    Decimal("999.995"),
    Decimal("1500"),
    Decimal("1320.50"),
    Decimal("1234567.891"),
    Decimal("-42.10"),
    Decimal("-1234567"),
    Decimal("100000000.01"),
    12.5,
    7,
    -3,
]
QUANTITIES = [
    *AMOUNTS,
    Decimal("2.5000"),
    Decimal("0.000001"),
    Decimal("0.0000015"),
    Decimal("1E+3"),
    Decimal("123456.1234567"),
]


@pytest.mark.parametrize("locale_name", LOCALE_NAMES)
@pytest.mark.parametrize("currency", ["EUR", "RUB", "USD", "GBP", "JPY", "KZT"])
def test_money_is_written_as_babel_writes_it(app, locale_name, currency):
    """Every amount, in every currency and interface language, matches Babel's own output."""
    locale = Locale.parse(locale_name)
    with app.test_request_context(), force_locale(locale_name):
        for amount in AMOUNTS:
            expected = numbers.format_currency(amount, currency, locale=locale)
            assert format_money(amount, currency) == expected, (amount, currency, locale_name)


@pytest.mark.parametrize("locale_name", LOCALE_NAMES)
def test_quantities_are_written_as_babel_writes_them(app, locale_name):
    """Quantities: grouped digits, up to six decimals, no trailing zeros, as Babel's pattern."""
    locale = Locale.parse(locale_name)
    with app.test_request_context(), force_locale(locale_name):
        for quantity in QUANTITIES:
            value = quantity.normalize() if isinstance(quantity, Decimal) else quantity
            expected = numbers.format_decimal(value, "#,##0.######", locale=locale)
            assert format_number(quantity) == expected, (quantity, locale_name)


def test_russian_money_and_numbers_read_as_in_russia(app):
    """1 500,00 ₽ and 2,5 with no-break spaces between thousands."""
    with app.test_request_context(), force_locale("ru"):
        assert format_money(Decimal("1500"), "RUB") == "1\xa0500,00\xa0₽"
        assert format_number(Decimal("2.50")) == "2,5"
    with app.test_request_context(), force_locale("en_GB"):
        assert format_money(Decimal("1500"), "EUR") == "€1,500.00"
        assert format_number(Decimal("1234.50")) == "1,234.5"
