"""The matrix's links and cell labels, built once per page and filled per row or item.

A large project's matrix has a "+" link in every cell (1,700 of them for 100
partners); building each with `url_for` and the same label per cell took most
of the page's time, so each URL is built once with a hole for the id, and each
column's fixed text is escaped once.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from jinja2.filters import do_truncate
from markupsafe import Markup, escape

from planner.enums import Category, Direction
from planner.formats import format_date, format_money, format_number
from planner.links import HOLE, MarkupPattern, MarkupPatterns, UrlPattern, hole
from planner.matrix.rules import COLUMNS, shown_ask_by


@dataclass(frozen=True)
class Column:
    """One column of the matrix: what its cells need, computed once."""

    key: tuple[Direction, Category]
    css: Markup
    value: Markup
    add: UrlPattern
    add_label: Markup


def columns() -> list[Column]:
    return [
        Column(
            key=(direction, category),
            css=escape(f"dir-{direction.value}"),
            value=escape(category.value),
            add=UrlPattern.of(
                "matrix.new_item", "pid", direction=direction.value, category=category.value
            ),
            add_label=add_label(direction, category),
        )
        for direction, category in COLUMNS
    ]


def add_label(direction: Direction, category: Category) -> Markup:
    """What a "+" link says to a screen reader, with a hole for the row's partner."""
    # Lowercased as a word in the sentence, only its first letter: "publications and PR".
    what = category.label[:1].lower() + category.label[1:]
    if direction is Direction.GIVES:
        text = _("Add %(category)s given by %(name)s", category=what, name=hole("name"))
    else:
        text = _("Add %(category)s for %(name)s", category=what, name=hole("name"))
    return escape(text)


def matrix_links() -> dict:
    """The links of the matrix's rows, items and needs, and what makes its columns' cells."""
    return {
        "partnership_url": UrlPattern.of("partnerships.detail", "pid"),
        "edit_need_url": UrlPattern.of("matrix.edit_need", "need_id"),
        "Cells": Cells,
    }


class Cells:
    """A row's cells, from each column's cell rendered once by the template with holes.

    The matrix of 100 partners has 2,200 cells, most of them empty but for their "+"
    link: the template's `cell` macro renders each column's once per page with holes
    for the row's id, its partner's name and the cell's items, and a row's cells are
    filled in one call here. The items' links are filled the same way, from the
    template's `item_link` macro, with their texts formatted here once.
    """

    def __init__(self, cell, item_link):
        self.patterns = [
            (column.key, MarkupPattern(cell(column, HOLE, hole("name"), hole("items"))))
            for column in columns()
        ]
        self.item_link = MarkupPatterns(item_link, optional=("qty", "amount", "due", "ask_by"))
        self.edit_url = UrlPattern.of("matrix.edit_item", "item_id")
        self.env = current_app.jinja_env

    def item(self, item) -> Markup:
        ask_by = shown_ask_by(item) if item.direction is Direction.GIVES else None
        return self.item_link(
            edit=self.edit_url(item.id),
            status=item.status.value,
            what=do_truncate(self.env, item.description, 60),
            qty=None if item.quantity is None else format_number(item.quantity),
            unit=item.unit,
            amount=None if item.value is None else format_money(item.value),
            state=item.status.label,
            due=format_date(item.due_date) if item.due_date else None,
            ask_by=format_date(item.ask_by) if ask_by else None,
        )

    def __call__(self, row_cells: dict, pid: int, name: str) -> Markup:
        values = {"id": str(int(pid)), "name": escape(name), "items": ""}
        out = []
        for key, pattern in self.patterns:
            items = row_cells.get(key)
            values["items"] = "".join(map(self.item, items)) if items else ""
            out.append(pattern.fill_text(values))
        # Safe: each part is a pattern filled with escaped values.
        return Markup("".join(out))  # noqa: S704
