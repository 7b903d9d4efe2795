"""Sign-in throttling: five failures within a quarter of an hour lock the account (by
e-mail) and the client's address for a quarter of an hour after the last one.

Failures live in the database, so every gunicorn worker counts the same ones."""

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from werkzeug.security import check_password_hash

from planner import models
from planner.extensions import db
from planner.models import LoginFailure, now

MAX_FAILURES = 5
LOCK = timedelta(minutes=15)
# Failures older than this no longer count for anything and are deleted.
KEEP = timedelta(days=1)


def locked_until(email: str, address: str) -> datetime | None:
    """When sign-in opens again for this e-mail or address, or None if it is open now."""
    ends = [_lock_end(LoginFailure.email == email), _lock_end(LoginFailure.address == address)]
    later = max((end for end in ends if end is not None), default=None)
    return later if later is not None and later > now() else None


def _lock_end(which) -> datetime | None:
    recent = db.session.scalars(
        sa.select(LoginFailure.at).where(which).order_by(LoginFailure.at.desc()).limit(MAX_FAILURES)
    ).all()
    if len(recent) < MAX_FAILURES or recent[0] - recent[-1] > LOCK:
        return None
    return recent[0] + LOCK


def record_failure(email: str, address: str) -> None:
    """Count a failed sign-in, and forget those too old to matter; the caller commits."""
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.at < now() - KEEP))
    db.session.add(LoginFailure(email=email, address=address[:64]))


def forget_failures(email: str) -> None:
    """A right password clears the account's count (not the address's: signing in to one's
    own account must not reopen an address that was guessing at others)."""
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.email == email))


_dummy: tuple[object, str] | None = None


def check_without_account(password: str) -> bool:
    """Spend as long as checking a real account's password (an unknown e-mail must not
    answer faster), against a hash made the same way as users' hashes; always False."""
    global _dummy
    # Keyed by the hashing function, so that a changed method makes a new dummy.
    if _dummy is None or _dummy[0] is not models.generate_password_hash:
        _dummy = (models.generate_password_hash, models.generate_password_hash(secrets.token_hex()))
    check_password_hash(_dummy[1], password)
    return False
