"""Links repeated down a long list, built once per page and filled per row.

`url_for` costs a URL-map lookup each time; a page with hundreds of rows of
links (the matrix, the board) builds each kind once with a hole for the id.
"""

from __future__ import annotations

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
