"""How numbers and dates are written, wherever they are shown: pages, letters, the public site."""

from decimal import Decimal


def format_date(value, fmt: str = "%-d %b %Y") -> str:
    return value.strftime(fmt) if value else ""


def format_number(value) -> str:
    """A quantity without trailing zeros or exponent: 100, 2.5."""
    if value is None:
        return ""
    text = format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)
    return text
