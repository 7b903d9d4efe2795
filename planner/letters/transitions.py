"""A letter's steps (sent, signed, declined, amended) as compare-and-set, never as edits.

Each step is one `UPDATE letter … WHERE id = :id AND status = :expected` that says how many
rows it changed: of two people (or ten requests) taking the same step at once, exactly one
finds the letter still in the expected state; the others change nothing, roll back and are
told who was first. What a step writes (a sent letter's snapshot and fingerprint with its
status) goes in that same statement, so no reader ever sees a status without its text, nor
two fingerprints for one letter. Works the same on SQLite and PostgreSQL (where the second
UPDATE waits for the first's row lock and then finds the status moved on).

An amendment is a new row, not a step: the unique `letter.amends_id` refuses a second one,
and the IntegrityError of the one that lost becomes the same "someone was first".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from planner.enums import LetterStatus
from planner.extensions import db
from planner.letters.compose import canonical, draft, fingerprint, live_data
from planner.models import Letter, Organisation, User, now
from planner.stamps import bump_stamp

# How often a new letter is tried again when its reference was taken by one made meanwhile:
# each try lost means another letter was made, so this many people may press at once.
REFERENCE_TRIES = 25


class Taken(Exception):
    """Someone else took this step first (or another that rules it out): nothing changed."""

    def __init__(self, letter: Letter):
        super().__init__(letter.reference)
        self.letter = letter


def moved_stamp() -> None:
    """Move the change stamp for a write the ORM does not see (a bulk UPDATE), so that cached
    pages such as the dashboard follow it."""
    session = db.session()
    if not session.info.get("stamped"):
        bump_stamp(session.connection())
        session.info["stamped"] = True


def step(letter: Letter, expected: LetterStatus, **values) -> None:
    """Write `values` if the letter is still `expected`, in one statement; raise Taken (having
    rolled back, and with the letter as it now is) if it was not."""
    moved_stamp()
    changed = db.session.execute(
        sa.update(Letter)
        .where(Letter.id == letter.id, Letter.status == expected)
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        db.session.rollback()
        db.session.refresh(letter)
        raise Taken(letter)
    db.session.refresh(letter)


def by(user: User | None, status: LetterStatus) -> dict:
    return {
        "status": status,
        "status_changed_at": now(),
        "status_changed_by_id": user.id if user else None,
    }


def send(letter: Letter, org: Organisation, today: date, user: User | None) -> None:
    """Freeze a draft as sent: its snapshot and fingerprint are written with its status."""
    snapshot = canonical(live_data(letter, org, today))
    step(
        letter,
        LetterStatus.DRAFT,
        sent_on=today,
        snapshot=snapshot,
        fingerprint=fingerprint(snapshot),
        sent_by_id=user.id if user else None,
        **by(user, LetterStatus.SENT),
    )


def sign(letter: Letter, signed_on: date, signatory: str, user: User | None) -> None:
    step(
        letter,
        LetterStatus.SENT,
        signed_on=signed_on,
        partner_signatory=signatory,
        **by(user, LetterStatus.SIGNED),
    )


def decline(letter: Letter, declined_on: date, user: User | None) -> None:
    step(letter, LetterStatus.SENT, declined_on=declined_on, **by(user, LetterStatus.DECLINED))


def amendment_of(letter: Letter) -> Letter | None:
    return db.session.scalar(sa.select(Letter).where(Letter.amends_id == letter.id))


def new_letter(make: Callable[[], Letter], taken: Callable[[], Letter | None]) -> Letter:
    """Add and commit the letter `make` builds.

    Another letter committed meanwhile may have taken its reference (then it is made again,
    with the next one) or its place (`taken` says which letter holds it: then Taken).
    """
    for attempt in range(REFERENCE_TRIES):
        try:
            letter = make()
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            winner = taken()
            if winner is not None:
                raise Taken(winner) from None
            if attempt == REFERENCE_TRIES - 1:
                raise
        else:
            return letter
    raise AssertionError("unreachable")  # pragma: no cover


def create(partnership, language, org: Organisation, today: date, user: User | None) -> Letter:
    """A new draft letter, committed."""

    def make() -> Letter:
        letter = draft(partnership, language, org, today)
        letter.created_by_id = user.id if user else None
        return letter

    return new_letter(make, lambda: None)


def amend(previous: Letter, org: Organisation, today: date, user: User | None) -> Letter:
    """Start the amendment of a sent letter, committed. Taken (with the letter that holds
    the place) if it has one already, made earlier or a moment ago by someone else."""
    existing = amendment_of(previous)
    if existing is not None:
        raise Taken(existing)

    def make() -> Letter:
        letter = draft(previous.partnership, previous.language, org, today, amends=previous)
        letter.created_by_id = user.id if user else None
        return letter

    return new_letter(make, lambda: amendment_of(previous))
