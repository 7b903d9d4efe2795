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
from flask_babel import ngettext
from jinja2.filters import do_truncate
from markupsafe import Markup

from planner.enums import Direction, ItemStatus
from planner.formats import format_date, format_money, format_number
from planner.links import HOLE, MarkupPattern, MarkupPatterns, UrlPattern, hole
from planner.matrix.rules import NEXT_STATUSES, shown_ask_by


def matrix_links() -> dict:
    """The links of the matrix's rows and needs, and what makes its rows and items."""
    return {
        "edit_need_url": UrlPattern.of("matrix.edit_need", "need_id"),
        "Rows": Rows,
    }


class Texts:
    """Labels, dates and amounts formatted once per page: Babel's formatters and gettext
    cost far more than a dictionary lookup, and a project's items share most of them."""

    def __init__(self):
        self.labels: dict = {}
        self.dates: dict = {}
        self.amounts: dict = {}
        self.numbers: dict = {}
        self.unvalued: dict[int, str] = {}
        self.times: dict = {}

    def label(self, member) -> str:
        found = self.labels.get(member)
        if found is None:
            found = self.labels[member] = member.label
        return found

    def date(self, value) -> str:
        found = self.dates.get(value)
        if found is None:
            found = self.dates[value] = format_date(value)
        return found

    def money(self, value) -> str:
        found = self.amounts.get(value)
        if found is None:
            found = self.amounts[value] = format_money(value)
        return found

    def number(self, value) -> str:
        found = self.numbers.get(value)
        if found is None:
            found = self.numbers[value] = format_number(value)
        return found

    def time(self, hours, rate) -> str:
        found = self.times.get((hours, rate))
        if found is None:
            found = self.times[(hours, rate)] = _(
                "%(hours)s h × %(rate)s", hours=self.number(hours), rate=self.money(rate)
            )
        return found

    def items_without_value(self, count: int) -> str:
        found = self.unvalued.get(count)
        if found is None:
            found = self.unvalued[count] = ngettext(
                "%(num)d item without value", "%(num)d items without value", count
            )
        return found


class Rows:
    """Partners' rows, from the template's `row` macro rendered once with holes, filled per
    row with its items (`Items`) and its totals (the `money_parts` macro, once per shape)."""

    def __init__(self, row, item, status_buttons, money_parts):
        self.texts = Texts()
        self.items = Items(item, status_buttons, self.texts)
        self.row = MarkupPatterns(row, optional=("health",))
        self.money_parts = MarkupPatterns(money_parts, optional=("amount", "unvalued"))
        self.partnership_url = UrlPattern.of("partnerships.detail", "pid")
        self.add_gives_url = UrlPattern.of("matrix.new_item", "pid", direction="gives")
        self.add_gets_url = UrlPattern.of("matrix.new_item", "pid", direction="gets")
        self.log_url = UrlPattern.of("contacts.new", "pid", place="row")

    def money(self, total) -> Markup:
        """A total as shown: its amount, and how many items have none; a dash for nothing."""
        if not total.items:
            return Markup("—")
        amount = self.texts.money(total.value) if total.value or not total.unvalued else None
        unvalued = self.texts.items_without_value(total.unvalued) if total.unvalued else None
        return self.money_parts(amount=amount, unvalued=unvalued)

    def __call__(self, line) -> Markup:
        p = line.row.partnership
        health = line.row.health
        return self.row(
            id=str(int(p.id)),
            name=p.partner.name,
            url=self.partnership_url(p.id),
            add_gives=self.add_gives_url(p.id),
            add_gets=self.add_gets_url(p.id),
            status=self.texts.label(p.status),
            health=None if health is None else health.colour.value,
            health_label=None if health is None else self.texts.label(health.colour),
            gives_sum=self.money(line.totals[Direction.GIVES]),
            gets_sum=self.money(line.totals[Direction.GETS]),
            gives=self.items.many(line.gives),
            gets=self.items.many(line.gets),
            log=self.log_url(p.id),
        )


class Items:
    """Items' markup, from the template's `item` macro rendered once per shape with holes.

    The status buttons an item offers depend on its status alone: the template's
    `status_buttons` macro renders them once per status with a hole for the id.
    """

    def __init__(self, item, status_buttons, texts: Texts):
        self.texts = texts
        self.item = MarkupPatterns(
            item, optional=("qty", "time", "amount", "due", "ask_by", "private")
        )
        self.edit_url = UrlPattern.of("matrix.edit_item", "item_id")
        status_url = UrlPattern.of("matrix.item_status", "item_id")
        self.buttons = {
            # The revision the item is shown at goes with the press (planner/conflicts.py).
            status: MarkupPattern(
                status_buttons(
                    status_url(int(HOLE))
                    + Markup("?revision=")
                    + hole("revision")
                    + Markup("&amp;was=")
                    + status.value,
                    NEXT_STATUSES[status],
                )
            )
            for status in ItemStatus
        }
        self.env = current_app.jinja_env

    def __call__(self, item) -> Markup:
        t = self.texts
        ask_by = shown_ask_by(item) if item.direction is Direction.GIVES else None
        timed = item.hours is not None and item.hourly_rate is not None
        return self.item(
            id=str(int(item.id)),
            edit=self.edit_url(item.id),
            status=item.status.value,
            tag=t.label(item.category),
            what=do_truncate(self.env, item.description, 90),
            qty=None if item.quantity is None else t.number(item.quantity),
            unit=item.unit,
            time=t.time(item.hours, item.hourly_rate) if timed else None,
            amount=None if item.value is None else t.money(item.value),
            private="" if item.internal else None,
            state=t.label(item.status),
            due=t.date(item.due_date) if item.due_date else None,
            ask_by=t.date(item.ask_by) if ask_by else None,
            buttons=self.buttons[item.status].fill_escaped(
                {"id": str(int(item.id)), "revision": str(int(item.revision))}
            ),
        )

    def many(self, items) -> Markup:
        # Safe: each part is a pattern filled with escaped values.
        return Markup("".join(map(self, items)))  # noqa: S704
