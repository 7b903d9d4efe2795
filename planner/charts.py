"""Server-rendered SVG bar charts: no JavaScript, printable, with a text table beside them.

A chart has no viewBox: its bars are placed in percentages of its width and its text keeps
the page's own size (the stylesheet's `.chart text`), so a chart on a phone is as readable
as on a desk instead of shrinking with the drawing. Each label sits on its own line above
its bar, so long labels in any language have the whole width.
"""

from collections.abc import Callable
from decimal import Decimal

from flask_babel import gettext as _
from markupsafe import Markup, escape

from planner.formats import format_number

LINE = 22  # a label's line, for text about 16 px high
BAR = 16
GAP = 12
SPAN = 62  # the longest bar, in percent of the width; its value is written after it


def whole_number(value: Decimal) -> str:
    return format_number(round(value))


def bar_chart(
    title: str, rows: list[tuple[str, Decimal]], write: Callable[[Decimal], str] = whole_number
) -> Markup:
    """A horizontal bar chart of labelled values, scaled to the largest; `write` writes a
    value beside its bar (a whole number in the page's language unless told otherwise)."""
    rows = [(label, value) for label, value in rows if value]
    step = LINE + BAR + GAP
    height = max(len(rows), 1) * step
    top = max((value for _, value in rows), default=Decimal(1)) or Decimal(1)
    parts = [
        f'<svg class="chart" width="100%" height="{height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(rows):
        y = i * step
        width = max(float(value / top) * SPAN, 0.5)
        parts.append(
            f'<text x="0" y="{y + LINE - 6}">{escape(shorten(label))}</text>'
            f'<rect x="0" y="{y + LINE}" width="{width:.1f}%" height="{BAR}" rx="3" '
            f'class="bar bar-{i % 6}"></rect>'
            f'<text x="{width:.1f}%" dx="8" y="{y + LINE + BAR - 3}" class="value">'
            f"{escape(write(value))}</text>"
        )
    if not rows:
        parts.append(f'<text x="0" y="{LINE - 6}">{escape(_("No values yet"))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every text in it went through escape())


def shorten(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
