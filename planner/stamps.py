"""Change stamps: counters in the database that move whenever one kind of data is written.

A cache built from that data remembers the stamp it was built at and is rebuilt when the
stamp has moved. The stamps move in one place, a session listener, in the same transaction
as the write (a rollback takes the move back), so no view has to remember to. Every process
(every gunicorn worker) reads the stamp once per use, a primary-key query, so a write made
in one process reaches the caches of all of them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

import sqlalchemy as sa
from markupsafe import Markup
from sqlalchemy import event
from sqlalchemy.orm import Session

from planner.extensions import db
from planner.models import ChangeStamp, Commitment, Partner, Partnership, Project

T = TypeVar("T")

# What each stamp follows: a write to any of these rows moves it.
WATCHED: dict[str, tuple[type, ...]] = {
    # What partners gave, summed across projects (the overview).
    "contributions": (Commitment, Partnership, Partner, Project),
    # Anything a coordinator's page may show: every row of every table.
    "workspace": (db.Model,),
}


def read_stamp(name: str) -> int:
    """The stamp's counter (0 before the first write)."""
    return db.session.scalar(sa.select(ChangeStamp.counter).where(ChangeStamp.name == name)) or 0


def bump_stamp(connection: sa.Connection, name: str) -> None:
    """Move a stamp on, in the writer's transaction."""
    table = ChangeStamp.__table__
    moved = connection.execute(
        sa.update(table).where(table.c.name == name).values(counter=table.c.counter + 1)
    )
    if moved.rowcount == 0:
        connection.execute(sa.insert(table).values(name=name, counter=1))


@event.listens_for(Session, "before_flush")
def _stamp_writes(session: Session, flush_context, instances) -> None:
    if "stamps" in session.info:
        return  # once per transaction: the counters only need to differ
    touched = (*session.new, *session.deleted, *session.dirty)
    if any(isinstance(obj, models) for obj in touched for models in WATCHED.values()):
        # Every stamp at once, always in the same order: two transactions that write different
        # kinds of rows in different orders never wait for each other's stamp row (PostgreSQL
        # would end one of them as a deadlock). A cache rebuilt needlessly costs one query.
        for name in sorted(WATCHED):
            bump_stamp(session.connection(), name)
        session.info["stamps"] = set(WATCHED)


@event.listens_for(Session, "after_commit")
def _forget_after_commit(session: Session) -> None:
    forget(session)


@event.listens_for(Session, "after_transaction_end")
def _forget_after_any_end(session: Session, transaction) -> None:
    # A rollback or a closed session undoes the moves: copies built inside that transaction
    # may hold rows that never were.
    if transaction.parent is None:
        forget(session)


def forget(session: Session) -> None:
    # This process saw the write (or its undoing): drop its copies at once rather than trust
    # the counter alone, which starts from zero again in a database emptied outside the ORM.
    for name in session.info.pop("stamps", ()):
        for cache in CACHES.get(name, ()):
            cache.clear()


# Every cache, by the stamp it follows.
CACHES: dict[str, list] = {}


def follow(stamp: str, cache) -> None:
    if stamp not in WATCHED:
        raise ValueError(f"No stamp called {stamp!r}: add it to WATCHED.")
    CACHES.setdefault(stamp, []).append(cache)


class StampedCache(Generic[T]):
    """One value built from the data a stamp follows, rebuilt when the stamp moves."""

    def __init__(self, stamp: str, build: Callable[[], T]):
        self.stamp, self.build = stamp, build
        self._entry: tuple[tuple, T] | None = None
        self._lock = threading.Lock()
        follow(stamp, self)

    def get(self) -> T:
        key = (str(db.engine.url), read_stamp(self.stamp))
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
    """

    def __init__(self, stamp: str, size: int = 64):
        self.stamp, self.size = stamp, size
        self._entries: OrderedDict[Hashable, tuple[tuple, Markup]] = OrderedDict()
        self._lock = threading.Lock()
        follow(stamp, self)

    def get(self, key: Hashable, render: Callable[[], str]) -> Markup:
        version = (str(db.engine.url), read_stamp(self.stamp))
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
    for caches in CACHES.values():
        for cache in caches:
            cache.clear()
