"""The registry-wide redactor, built once per change of the registry and kept between requests.

Building it reads every partner and compiles a pattern of thousands of names and contact
details: far too slow for every public page. It is rebuilt only when the 'registry' change
stamp moves, and that stamp moves in one place: a session listener that bumps it in the same
transaction as any write to a partner or a partnership (names, contacts, consent). Every
process (every gunicorn worker) reads the stamp once per request, so a write made in one
process reaches the pages served by all of them.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from planner.extensions import db
from planner.models import ChangeStamp, Partner, Partnership
from planner.publishing.public import NAMELESS, Redactor

REGISTRY = "registry"
# Rows whose writes change what the registry redactor hides.
WATCHED = (Partner, Partnership)


def read_stamp(name: str = REGISTRY) -> int:
    """The stamp's counter (0 before the first write): one primary-key read."""
    return db.session.scalar(sa.select(ChangeStamp.counter).where(ChangeStamp.name == name)) or 0


def bump_stamp(connection: sa.Connection, name: str = REGISTRY) -> None:
    """Move a stamp on, in the writer's transaction (so a rollback takes the move back)."""
    table = ChangeStamp.__table__
    moved = connection.execute(
        sa.update(table).where(table.c.name == name).values(counter=table.c.counter + 1)
    )
    if moved.rowcount == 0:
        connection.execute(sa.insert(table).values(name=name, counter=1))


@event.listens_for(Session, "before_flush")
def _stamp_registry_writes(session: Session, flush_context, instances) -> None:
    touched = (*session.new, *session.deleted, *session.dirty)
    if any(isinstance(obj, WATCHED) for obj in touched) and not session.info.get("stamped"):
        bump_stamp(session.connection())
        # Once per transaction is enough: the counter only needs to differ.
        session.info["stamped"] = True


@event.listens_for(Session, "after_commit")
def _forget_after_commit(session: Session) -> None:
    if session.info.pop("stamped", False):
        # This process saw the write: drop its copy at once rather than trust the counter
        # alone (a wiped test database starts counting from zero again).
        registry_cache.clear()


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    if session.info.pop("stamped", False):
        # A redactor built from the rolled-back rows may be cached under a counter that the
        # next write will reach again.
        registry_cache.clear()


@dataclass(frozen=True)
class Entry:
    key: tuple
    redactor: Redactor


class RegistryCache:
    """One compiled redactor, for one (database, stamp) key; rebuilt when the key moves."""

    def __init__(self):
        self._entry: Entry | None = None
        self._lock = threading.Lock()

    def get(self) -> Redactor:
        key = (str(db.engine.url), read_stamp())
        entry = self._entry
        if entry is not None and entry.key == key:
            return entry.redactor
        with self._lock:
            entry = self._entry
            if entry is None or entry.key != key:
                entry = self._entry = Entry(key, build_registry_redactor())
            return entry.redactor

    def clear(self) -> None:
        self._entry = None


registry_cache = RegistryCache()


def registry_redactor() -> Redactor:
    """Every partner's contact details, and the names of partners that never agreed to be
    named, wherever they are typed: a story may mention a partner of another project."""
    return registry_cache.get()


def build_registry_redactor() -> Redactor:
    consenting = set(
        db.session.scalars(
            sa.select(Partnership.partner_id).where(Partnership.consent_name.is_(True))
        )
    )
    replacements: dict[str, str] = {}
    rows = db.session.execute(
        sa.select(
            Partner.id,
            Partner.name,
            Partner.sector,
            Partner.email,
            Partner.phone,
            Partner.contact_person,
            Partner.address,
        )
    )
    for pid, name, sector, email, phone, contact, address in rows:
        if pid not in consenting:
            replacements[name] = NAMELESS[sector]
        for private in (email, phone, contact, *(address or "").splitlines()):
            if private and private.strip():
                replacements[private.strip()] = "[private]"
    for contact in db.session.scalars(sa.select(Partnership.partner_contact).distinct()):
        if contact:
            replacements[contact] = "[private]"
    return Redactor(replacements)
