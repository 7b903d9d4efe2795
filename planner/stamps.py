"""The change stamp: a counter in the database that moves whenever anything is written.

A cache built from the data remembers the stamp it was built at and is rebuilt when the
stamp has moved. The stamp moves in one place, a session listener, in the same transaction
as the write (a rollback takes the move back), so no view has to remember to. Every process
(every gunicorn worker) reads the stamp before using what it kept, a primary-key query, so
a write made in one process reaches the caches of all of them.

One stamp for all data, not one per kind: a write transaction takes the stamp's row lock
before any other, so two coordinators saving at once queue there instead of deadlocking
on each other's rows, and a cache never misses a write to some table it did not name.
Writes are rare next to reads; a cache rebuilt needlessly costs a few queries.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

import sqlalchemy as sa
from flask import has_request_context, request
from flask_babel import get_locale
from markupsafe import Markup
from sqlalchemy import event
from sqlalchemy.orm import Session

from planner.extensions import db
from planner.models import ChangeStamp

T = TypeVar("T")

STAMP = "data"
STAMP_SEEN = "planner.data_stamp"  # the request's reading of it, in its WSGI environ


def read_stamp() -> int:
    """The stamp's counter (0 before the first write), read once per request."""
    seen = request.environ if has_request_context() else {}
    if STAMP_SEEN in seen:
        return seen[STAMP_SEEN]
    stamp = db.session.scalar(sa.select(ChangeStamp.counter).where(ChangeStamp.name == STAMP)) or 0
    seen[STAMP_SEEN] = stamp
    return stamp


def bump_stamp(connection: sa.Connection) -> None:
    """Move the stamp on, in the writer's transaction."""
    table = ChangeStamp.__table__
    moved = connection.execute(
        sa.update(table).where(table.c.name == STAMP).values(counter=table.c.counter + 1)
    )
    if moved.rowcount == 0:  # a database emptied outside the migrations (the tests' wipe)
        connection.execute(sa.insert(table).values(name=STAMP, counter=1))


@event.listens_for(Session, "before_flush")
def _stamp_writes(session: Session, flush_context, instances) -> None:
    if session.info.get("stamped"):
        return  # once per transaction: the counter only needs to differ
    if session.new or session.deleted or any(session.is_modified(o) for o in session.dirty):
        bump_stamp(session.connection())
        session.info["stamped"] = True


@event.listens_for(Session, "after_commit")
def _forget_after_commit(session: Session) -> None:
    forget(session)


@event.listens_for(Session, "after_transaction_end")
def _forget_after_any_end(session: Session, transaction) -> None:
    # A rollback or a closed session undoes the move: copies built inside that transaction
    # may hold rows that never were.
    if transaction.parent is None:
        forget(session)


def forget(session: Session) -> None:
    # This process saw the write (or its undoing): drop its copies at once rather than trust
    # the counter alone, which starts from zero again in a database emptied outside the ORM.
    if session.info.pop("stamped", False):
        clear_caches()
        if has_request_context():
            request.environ.pop(STAMP_SEEN, None)


# Every cache that follows the stamp.
CACHES: list = []


class StampedCache(Generic[T]):
    """One value built from the data, rebuilt when the stamp moves."""

    def __init__(self, build: Callable[[], T]):
        self.build = build
        self._entry: tuple[tuple, T] | None = None
        self._lock = threading.Lock()
        CACHES.append(self)

    def get(self) -> T:
        key = (str(db.engine.url), read_stamp())
        entry = self._entry
        if entry is not None and entry[0] == key:
            return entry[1]
        with self._lock:
            entry = self._entry
            if entry is None or entry[0] != key:
                entry = self._entry = (key, self.build())
            return entry[1]

    def clear(self) -> None:
        self._entry = None


class FragmentCache:
    """Rendered parts of pages, one per key (a page and what it depends on beyond the data),
    kept until the stamp moves; the least recently used go first past `size` entries.

    Only for HTML that holds nothing tied to one session: no CSRF token, no flash message.
    Each language keeps its own copy (the key includes the page's locale).
    """

    def __init__(self, size: int = 64):
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[tuple, Markup]] = OrderedDict()
        self._lock = threading.Lock()
        CACHES.append(self)

    def get(self, key: Hashable, render: Callable[[], str]) -> Markup:
        key = (str(get_locale()), key)
        version = (str(db.engine.url), read_stamp())
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] == version:
                self._entries.move_to_end(key)
                return entry[1]
        html = Markup(render())  # noqa: S704 (a template's own output, escaped as it rendered)
        with self._lock:
            self._entries[key] = (version, html)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return html

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def clear_caches() -> None:
    """Forget every cached value (a database emptied or replaced outside the ORM)."""
    for cache in CACHES:
        cache.clear()
