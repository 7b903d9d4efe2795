"""One batch PDF at a time per user, across every worker process.

Laying out a project's letters keeps a worker busy for seconds; three at once once held every
gunicorn worker while the dashboard waited. A batch is started by inserting the user's row in
`letter_batch` (its primary key refuses a second, in whatever process it is asked) and
finished by deleting it, whatever happened. A row older than `STALE` was left by a worker that
died mid-batch and no longer counts.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from planner.extensions import db
from planner.models import LetterBatch, User, now

STALE = timedelta(minutes=5)


class Busy(Exception):
    """This user's previous batch is still being made."""


def take(user_id: int) -> bool:
    try:
        db.session.execute(sa.insert(LetterBatch).values(user_id=user_id, started_at=now()))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


@contextmanager
def one_at_a_time(user: User) -> Iterator[None]:
    """Hold the user's batch while the block runs; Busy if one is held already."""
    if not take(user.id):
        # Only a stale row is cleared; whoever clears it then races the others for the insert.
        db.session.execute(
            sa.delete(LetterBatch).where(
                LetterBatch.user_id == user.id, LetterBatch.started_at < now() - STALE
            )
        )
        db.session.commit()
        if not take(user.id):
            raise Busy
    try:
        yield
    finally:
        db.session.rollback()
        db.session.execute(sa.delete(LetterBatch).where(LetterBatch.user_id == user.id))
        db.session.commit()
