"""Server-rendered SVG bar charts: no JavaScript, printable, with a text table beside them."""

from collections.abc import Callable
from decimal import Decimal

from flask_babel import gettext as _
from markupsafe import Markup, escape

from planner.formats import format_number

BAR = 22
GAP = 8
LABEL_WIDTH = 260  # room for about 31 characters at 13px, Cyrillic included
WIDTH = 640


def whole_number(value: Decimal) -> str:
    return format_number(round(value))


def bar_chart(
    title: str, rows: list[tuple[str, Decimal]], write: Callable[[Decimal], str] = whole_number
) -> Markup:
    """A horizontal bar chart of labelled values, scaled to the largest; `write` writes a
    value beside its bar (a whole number in the page's language unless told otherwise)."""
    rows = [(label, value) for label, value in rows if value]
    height = max(len(rows), 1) * (BAR + GAP) + GAP
    top = max((value for _, value in rows), default=Decimal(1)) or Decimal(1)
    span = WIDTH - LABEL_WIDTH - 110
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(rows):
        y = GAP + i * (BAR + GAP)
        width = max(float(value / top) * span, 1.0)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR * 0.7:.1f}" text-anchor="end" '
            f'font-size="13">{escape(shorten(label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{BAR}" rx="3" '
            f'class="bar bar-{i % 6}"></rect>'
            f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{y + BAR * 0.7:.1f}" font-size="13">'
            f"{escape(write(value))}</text>"
        )
    if not rows:
        parts.append(f'<text x="10" y="{BAR}" font-size="13">{escape(_("No values yet"))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every text in it went through escape())


def shorten(text: str, length: int = 31) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
