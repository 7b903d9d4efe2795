"""Links and markup repeated down a long list, built once per page and filled per row.

`url_for` costs a URL-map lookup each time; a page with hundreds of rows of
links (the matrix, the board) builds each kind once with a hole for the id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import url_for
from markupsafe import Markup, escape

# An id no row has (the largest the `id` converter takes), to be replaced by a real one.
HOLE = str(2**31 - 1)


@dataclass(frozen=True)
class UrlPattern:
    """A URL with a hole for an id, escaped for HTML once."""

    head: str
    tail: str

    @classmethod
    def of(cls, endpoint: str, key: str, **values) -> UrlPattern:
        head, tail = url_for(endpoint, **{key: HOLE}, **values).split(HOLE)
        return cls(str(escape(head)), str(escape(tail)))

    def __call__(self, ident: int) -> Markup:
        # Safe as it stands: both parts were escaped above and the id is an integer.
        return Markup(f"{self.head}{int(ident)}{self.tail}")  # noqa: S704


# Holes in a piece of markup: a name between two private-use characters, which no text
# typed by a person or written in a template holds, and survive escaping unchanged.
MARK = "\ue000"
NAMED_HOLE = re.compile(f"{MARK}(\\w+){MARK}")


def hole(name: str) -> Markup:
    """A named hole to render into a template, filled later by `MarkupPattern`."""
    return Markup(f"{MARK}{name}{MARK}")  # noqa: S704 (a name: letters, digits, underscore)


def hole_for(name: str) -> str:
    """The hole a value of that name is rendered as: "id" is `HOLE`, for URL converters."""
    return HOLE if name == "id" else hole(name)


class MarkupPattern:
    """Markup rendered once from a template with holes, filled per row.

    Rendering the same macro for every cell of a large table costs far more than
    filling its output: the template renders it once with `hole(name)` (and `HOLE`
    for the id, as in URL patterns), and each row fills the holes with its own values,
    escaped here. A filled value is never searched again for holes.
    """

    def __init__(self, markup: str):
        text = str(markup).replace(HOLE, hole("id"))
        parts = NAMED_HOLE.split(text)
        # A str.format template: the fixed text with its braces doubled, the holes as fields.
        self.template = "".join(
            f"{{{part}}}" if odd else part.replace("{", "{{").replace("}", "}}")
            for odd, part in ((i % 2, p) for i, p in enumerate(parts))
        )

    def __call__(self, **values) -> Markup:
        return self.fill_escaped({k: escape(v) for k, v in values.items()})

    def fill_escaped(self, values: dict[str, str]) -> Markup:
        """Fill with values escaped for HTML already (Markup, or numbers as text)."""
        # Safe: the fixed text is the template's own output and the values are escaped.
        return Markup(self.fill_text(values))  # noqa: S704

    def fill_text(self, values: dict[str, str]) -> str:
        """`fill_escaped` as plain text, for many fills joined into one Markup."""
        return self.template.format_map(values)


class MarkupPatterns:
    """A macro rendered once per shape (which optional values it is given), filled per call.

    A macro that leaves out the markup of a missing value (`{% if qty is not none %}`)
    renders differently with and without it: one pattern per combination met, each
    rendered on first use.
    """

    def __init__(self, macro, optional: tuple[str, ...]):
        self.macro = macro
        self.optional = optional
        self.patterns: dict[tuple[bool, ...], MarkupPattern] = {}

    def __call__(self, **values) -> Markup:
        shape = tuple(values[name] is not None for name in self.optional)
        pattern = self.patterns.get(shape)
        if pattern is None:
            holes = {name: None if v is None else hole_for(name) for name, v in values.items()}
            pattern = self.patterns[shape] = MarkupPattern(self.macro(**holes))
        return pattern.fill_escaped(
            {name: escape(value) for name, value in values.items() if value is not None}
        )
