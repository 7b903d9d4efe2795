"""The matrix's links and cell labels, built once per page and filled per row or item.

A large project's matrix has a "+" link in every cell (1,700 of them for 100
partners); building each with `url_for` and the same label per cell took most
of the page's time, so each URL is built once with a hole for the id, and each
column's fixed text is escaped once.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from planner.enums import Category, Direction
from planner.links import HOLE, MarkupPattern, UrlPattern, hole
from planner.matrix.rules import COLUMNS


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
            add_label=escape(
                "Add {} {}".format(
                    category.label.lower(), "given by" if direction is Direction.GIVES else "for"
                )
            ),
        )
        for direction, category in COLUMNS
    ]


def matrix_links() -> dict:
    """The links of the matrix's rows, items and needs, and what makes its columns' cells."""
    return {
        "partnership_url": UrlPattern.of("partnerships.detail", "pid"),
        "edit_url": UrlPattern.of("matrix.edit_item", "item_id"),
        "edit_need_url": UrlPattern.of("matrix.edit_need", "need_id"),
        "cell_patterns": cell_patterns,
    }


def cell_patterns(cell) -> list[tuple[tuple[Direction, Category], MarkupPattern]]:
    """Each column's cell, rendered once by the template's `cell` macro with holes.

    The rows fill in their id, their partner's name and their items' links: the
    matrix's 2,200 cells (100 partners) cost a fill each, not a macro call each.
    """
    return [
        (column.key, MarkupPattern(cell(column, HOLE, hole("name"), hole("items"))))
        for column in columns()
    ]
