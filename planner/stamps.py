"""Change stamps: counters in the database that move whenever one kind of data is written.

A cache built from that data remembers the stamp it was built at and is rebuilt when the
stamp has moved. The stamps move in one place, a session listener, in the same transaction
as the write (a rollback takes the move back), so no view has to remember to. Every process
(every gunicorn worker) reads the stamp once per use, a primary-key query, so a write made
in one process reaches the caches of all of them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from planner.extensions import db
from planner.models import ChangeStamp, Commitment, Partner, Partnership, Project

T = TypeVar("T")

# What each stamp follows: a write to any of these rows moves it.
WATCHED: dict[str, tuple[type, ...]] = {
    # What partners gave, summed across projects (the overview).
    "contributions": (Commitment, Partnership, Partner, Project),
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
    touched = (*session.new, *session.deleted, *session.dirty)
    stamped = session.info.setdefault("stamps", set())
    for name, models in WATCHED.items():
        if name not in stamped and any(isinstance(obj, models) for obj in touched):
            bump_stamp(session.connection(), name)
            stamped.add(name)  # once per transaction: the counter only needs to differ


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_local_copies(session: Session) -> None:
    # This process saw the write (or its undoing): drop its copies at once rather than trust
    # the counter alone, which starts from zero again in a database emptied outside the ORM.
    for name in session.info.pop("stamps", ()):
        for cache in StampedCache.instances.get(name, ()):
            cache.clear()


class StampedCache(Generic[T]):
    """One value built from the data a stamp follows, rebuilt when the stamp moves."""

    instances: dict[str, list[StampedCache]] = {}

    def __init__(self, stamp: str, build: Callable[[], T]):
        if stamp not in WATCHED:
            raise ValueError(f"No stamp called {stamp!r}: add it to WATCHED.")
        self.stamp, self.build = stamp, build
        self._entry: tuple[tuple, T] | None = None
        self._lock = threading.Lock()
        StampedCache.instances.setdefault(stamp, []).append(self)

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


def clear_caches() -> None:
    """Forget every cached value (a database emptied or replaced outside the ORM)."""
    for caches in StampedCache.instances.values():
        for cache in caches:
            cache.clear()
