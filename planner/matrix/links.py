"""The matrix's links and items, built once per page and filled per row or item.

A large project's matrix lists 500 items, each with its edit link and one-click status
buttons, in 100 rows with their "+ give" and "+ get" links. Rendering the item macro and
building each URL with `url_for` per item took most of the page's time, so each URL is
built once with a hole for the id, and the item's markup is rendered once per shape (which
of its optional parts it has) and filled per item.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from jinja2.filters import do_truncate
from markupsafe import Markup

from planner.enums import Direction, ItemStatus
from planner.formats import format_date, format_money, format_number
from planner.links import HOLE, MarkupPattern, MarkupPatterns, UrlPattern
from planner.matrix.rules import NEXT_STATUSES, shown_ask_by


def matrix_links() -> dict:
    """The links of the matrix's rows and needs, and what makes its items."""
    return {
        "partnership_url": UrlPattern.of("partnerships.detail", "pid"),
        "add_gives_url": UrlPattern.of("matrix.new_item", "pid", direction="gives"),
        "add_gets_url": UrlPattern.of("matrix.new_item", "pid", direction="gets"),
        "edit_need_url": UrlPattern.of("matrix.edit_need", "need_id"),
        "Items": Items,
    }


class Items:
    """Items' markup, from the template's `item` macro rendered once per shape with holes.

    The status buttons an item offers depend on its status alone: the template's
    `status_buttons` macro renders them once per status with a hole for the id.
    """

    def __init__(self, item, status_buttons):
        self.item = MarkupPatterns(
            item, optional=("qty", "time", "amount", "due", "ask_by", "private")
        )
        self.edit_url = UrlPattern.of("matrix.edit_item", "item_id")
        status_url = UrlPattern.of("matrix.item_status", "item_id")
        self.buttons = {
            status: MarkupPattern(status_buttons(status_url(int(HOLE)), NEXT_STATUSES[status]))
            for status in ItemStatus
        }
        self.env = current_app.jinja_env

    def __call__(self, item) -> Markup:
        ask_by = shown_ask_by(item) if item.direction is Direction.GIVES else None
        timed = item.hours is not None and item.hourly_rate is not None
        return self.item(
            id=str(int(item.id)),
            edit=self.edit_url(item.id),
            status=item.status.value,
            tag=item.category.label,
            what=do_truncate(self.env, item.description, 90),
            qty=None if item.quantity is None else format_number(item.quantity),
            unit=item.unit,
            time=_(
                "%(hours)s h × %(rate)s",
                hours=format_number(item.hours),
                rate=format_money(item.hourly_rate),
            )
            if timed
            else None,
            amount=None if item.value is None else format_money(item.value),
            private="" if item.internal else None,
            state=item.status.label,
            due=format_date(item.due_date) if item.due_date else None,
            ask_by=format_date(item.ask_by) if ask_by else None,
            buttons=self.buttons[item.status].fill_escaped({"id": str(int(item.id))}),
        )

    def many(self, items) -> Markup:
        # Safe: each part is a pattern filled with escaped values.
        return Markup("".join(map(self, items)))  # noqa: S704
