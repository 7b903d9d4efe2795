"""What a letter says: built live from the matrix for a draft, frozen once it is sent."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import sqlalchemy as sa

from planner.enums import Direction, LetterStatus
from planner.extensions import db
from planner.formats import format_number
from planner.letters.wording import fill, long_date, wording
from planner.models import Commitment, Letter, Organisation, Partnership

# A letter lists what is agreed or still planned; what failed has no place in it.
from planner.partnerships.rules import COUNTED as LISTED


def next_reference(partnership: Partnership, today: date) -> str:
    """Project code, year, and a sequence number within the project: WW-2026-003.

    Projects can share a code (winter-warmth, wide-world): a number another project
    already took is skipped, as references are unique.
    """
    project = partnership.project
    code = "".join(part[0] for part in project.slug.split("-") if part)[:4].upper() or "P"
    count = db.session.scalar(
        sa.select(sa.func.count(Letter.id))
        .join(Partnership)
        .where(Partnership.project_id == project.id)
    )
    prefix = f"{code}-{today.year}-"
    taken = set(
        db.session.scalars(
            sa.select(Letter.reference).where(Letter.reference.startswith(prefix, autoescape=True))
        )
    )
    number = count + 1
    while f"{prefix}{number:03d}" in taken:
        number += 1
    return f"{prefix}{number:03d}"


def obligations(partnership: Partnership, direction: Direction, words: dict) -> list[dict]:
    items = db.session.scalars(
        sa.select(Commitment)
        .where(
            Commitment.partnership_id == partnership.id,
            Commitment.direction == direction,
            Commitment.status.in_(LISTED),
        )
        .order_by(Commitment.due_date.nulls_last(), Commitment.id)
    )
    return [
        {
            "category": words.get("categories", {}).get(item.category.value, item.category.label),
            "description": item.description,
            "quantity": format_number(item.quantity),
            "unit": item.unit,
            "due": item.due_date.isoformat() if item.due_date else None,
        }
        for item in items
    ]


def live_data(letter: Letter, org: Organisation, today: date) -> dict:
    """Everything the letter shows, as plain data (what a snapshot freezes)."""
    p = letter.partnership
    words = wording(letter.language)
    values = {
        "organisation": org.name,
        "partner": p.partner.name,
        "contact": p.partner_contact or p.partner.contact_person,
        "project": p.project.title,
        "start": long_date(p.project.start_date, words),
        "end": long_date(p.project.end_date, words),
    }
    sent = letter.sent_on or today
    amends = letter.amends
    if amends is not None:
        values["previous"] = amends.reference
        values["date"] = long_date(amends.sent_on, words)
    text = {key: fill(value, **values) for key, value in words.items() if isinstance(value, str)}
    return {
        "reference": letter.reference,
        "version": letter.version,
        "language": letter.language.value,
        "place": letter.place,
        "date": long_date(sent, words),
        "amends": amends.reference if amends else None,
        "organisation": {
            "name": org.name,
            "address": org.address,
            "website": org.website,
            "email": org.email,
            "logo": org.logo_file,
            "signatory_name": org.signatory_name,
            "signatory_title": org.signatory_title,
        },
        "partner": {
            "name": p.partner.name,
            "address": p.partner.address,
            "contact": values["contact"],
        },
        "project": {"title": p.project.title, "start": values["start"], "end": values["end"]},
        "responsible": {
            "ours": p.responsible.name if p.responsible else "",
            "theirs": values["contact"],
        },
        "partner_commits": dated(obligations(p, Direction.GIVES, words), words),
        "we_commit": dated(obligations(p, Direction.GETS, words), words),
        "opening": letter.opening,
        "closing": letter.closing,
        "text": text,
    }


def dated(items: list[dict], words: dict) -> list[dict]:
    for item in items:
        due = date.fromisoformat(item["due"]) if item["due"] else None
        item["due"] = fill(words["by_date"], date=long_date(due, words)) if due else ""
    return items


def default_paragraphs(letter: Letter, org: Organisation) -> None:
    """Fill a new draft's opening and closing from the wording file, to edit per letter."""
    p = letter.partnership
    words = wording(letter.language)
    values = {"organisation": org.name, "partner": p.partner.name, "project": p.project.title}
    letter.opening = fill(words["opening"], **values)
    letter.closing = fill(words["closing"], **values)


def draft(
    partnership: Partnership,
    language,
    org: Organisation,
    today: date,
    amends: Letter | None = None,
) -> Letter:
    """A new draft letter (or an amendment to a sent one), added to the session."""
    letter = Letter(
        partnership=partnership,
        language=language,
        reference=next_reference(partnership, today),
        place=org.address.splitlines()[-1] if org.address else "",
        amends=amends,
        version=amends.version + 1 if amends else 1,
    )
    default_paragraphs(letter, org)
    if amends is not None:
        letter.opening, letter.closing = amends.opening, amends.closing
    db.session.add(letter)
    db.session.flush()
    return letter


def canonical(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def fingerprint(snapshot: str) -> str:
    """A short, readable digest of the snapshot, printed in the letter's footer."""
    digest = hashlib.sha256(snapshot.encode()).hexdigest()[:12].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 12, 4))


def send(letter: Letter, org: Organisation, today: date) -> None:
    """Freeze the letter: from now on it is shown from its snapshot only."""
    letter.sent_on = today
    letter.snapshot = canonical(live_data(letter, org, today))
    letter.fingerprint = fingerprint(letter.snapshot)
    letter.status = LetterStatus.SENT


def view_of(letter: Letter, org: Organisation, today: date) -> dict:
    """What to show: the frozen snapshot once sent, the live matrix for a draft."""
    if letter.snapshot is not None:
        return json.loads(letter.snapshot)
    return live_data(letter, org, today)
