"""What a letter says: built live from the matrix for a draft, frozen once it is sent."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import force_locale

from planner.enums import Category, Direction, Language, LetterStatus
from planner.extensions import db
from planner.formats import format_date, format_money, format_number
from planner.i18n import LOCALES
from planner.letters.wording import fill, wording
from planner.matrix.rules import compute_value
from planner.models import Commitment, Letter, Organisation, Partnership, Project
from planner.partners.rules import organisation_language, writing_language

# A letter lists what is agreed or still planned; what failed has no place in it.
from planner.partnerships.rules import COUNTED as LISTED


@contextmanager
def letter_locale(language: Language) -> Iterator[None]:
    """Write dates, numbers and category labels in the letter's language, whatever the page's."""
    with force_locale(LOCALES.get(language.value, language.value)):
        yield


def long_date(day: date | None) -> str:
    """A date as a letter writes it, in the locale in force: 23 November 2026, 23 ноября 2026 г."""
    return format_date(day, "long")


def in_language(own: str, translated: str, own_language: Language, language: Language) -> str:
    """A name as a letter in `language` writes it.

    `own` is written in `own_language` (the organisation's), `translated` in the other one;
    the letter takes the version in its language and falls back to the other when that is empty.
    """
    first, second = (own, translated) if language is own_language else (translated, own)
    return first or second


# Each language's quotes: the outer pair, and the pair for quotes inside quotes.
QUOTES = {
    Language.RU: (("«", "»"), ("„", "“")),
    Language.EN: (("“", "”"), ("‘", "’")),
}
# A straight or typographic quote that opens: at the start, or after a space or a bracket.
OPENS = re.compile(r"(?:(?<=^)|(?<=[\s(\[]))[\"'«„“‘]")
# A quote mark, but not an apostrophe between letters (Joe's, O’Brien).
ANY_QUOTE = re.compile(r"[\"«»„“”]|(?<!\w)['‘’]|['‘’](?!\w)")


def quote(name: str, language: Language) -> str:
    """A name in quotes as `language` writes them, for a letter that puts it in quotes.

    A name without quotes is wrapped: Лента → «Лента». A name that ends in its own quotes
    carries them already and is not wrapped again: ООО «Лента», Фонд «Тёплый дом». One with
    quotes inside is wrapped and its quotes become the inner kind: «Акция „Тёплая зима“ 2026»,
    “Book ‘Tales’ club”. Straight quotes typed in a name become the language's own.
    """
    (outer_open, outer_close), (inner_open, inner_close) = QUOTES[language]
    name = name.strip()
    if not name or not ANY_QUOTE.search(name):
        return f"{outer_open}{name}{outer_close}" if name else ""
    if ANY_QUOTE.match(name, len(name) - 1):
        # Its own quotes, at the outer level: only their kind is set right.
        return in_quotes(name, outer_open, outer_close)
    return f"{outer_open}{in_quotes(name, inner_open, inner_close)}{outer_close}"


def in_quotes(text: str, opening: str, closing: str) -> str:
    """Every quote in `text` as `opening` or `closing`, by where it stands."""
    return "".join(
        (opening if OPENS.match(text, i) else closing) if ANY_QUOTE.match(text, i) else char
        for i, char in enumerate(text)
    )


def fill_quoted(text: str, language: Language, **values: str) -> str:
    """`fill`, with a placeholder the wording puts in quotes («{partner}») quoted by `quote`."""
    (outer_open, outer_close), _ = QUOTES[language]
    pattern = re.escape(outer_open) + r"\{([_a-z][_a-z0-9]*)\}" + re.escape(outer_close)

    def quoted(match: re.Match) -> str:
        key = match.group(1)
        # Braces doubled: `fill` below leaves the quoted value as it is.
        return quote(values[key], language).replace("{", "{{") if key in values else match[0]

    return fill(re.sub(pattern, quoted, text), **values)


# A contact's form of address (Partnership.contact_form): "" or NEUTRAL greets by the full name.
MALE, FEMALE, NEUTRAL = "male", "female", "neutral"
CONTACT_FORMS = (NEUTRAL, MALE, FEMALE)
PATRONYMIC = re.compile(r"(?:вич|вна|чна|ична|оглы|кызы)$", re.IGNORECASE)


def greeting(language: Language, words: dict, contact: str, form: str, addressed_as: str) -> str:
    """The letter's first line, from the contact's form of address.

    The name after "Dear Mr"/"Уважаемый" is `addressed_as` when given; else read from the
    contact's name: in Russian the first name and patronymic (Игорь Петрович, from "Игорь
    Петрович Петров" or "Петров Игорь Петрович"), in English the surname (Mr Petrov). Without
    a patronymic a Russian greeting uses the whole name; the neutral form always does
    (Dear Igor Petrov, Здравствуйте, Игорь Петров!). No contact: "Dear colleagues".
    """
    contact = " ".join(contact.split())
    if not contact:
        return words["salutation_no_contact"]
    if form not in (MALE, FEMALE):
        return fill(words["salutation"], name=addressed_as.strip() or contact, contact=contact)
    parts = contact.split()
    # Surname last (Игорь Петрович Петров), or first when the patronymic ends the name.
    surname_first = len(parts) == 3 and bool(PATRONYMIC.search(parts[2]))
    if addressed_as.strip():
        name = addressed_as.strip()
    elif language is Language.RU:
        if len(parts) == 3 and (surname_first or PATRONYMIC.search(parts[1])):
            name = " ".join(parts[1:] if surname_first else parts[:2])
        else:
            name = contact
    else:
        name = parts[0] if surname_first else parts[-1]
    return fill(words[f"salutation_{form}"], name=name, contact=contact)


@dataclass(frozen=True)
class Names:
    """The organisation's and the project's names in one letter's language."""

    organisation: str
    address: str
    project: str
    territory: str


def names_in(language: Language, org: Organisation, project: Project) -> Names:
    """The names a letter in `language` uses: its language's version, else the other one.

    A project's title and territory are written in the organisation's language, as its name is.
    """
    own = organisation_language(org)

    def pick(mine: str | None, other: str | None) -> str:
        return in_language(mine or "", other or "", own, language)

    return Names(
        organisation=pick(org.name, org.name_translated),
        address=pick(org.address, org.address_translated),
        project=pick(project.title, project.title_translated),
        territory=pick(project.territory, project.territory_translated),
    )


def default_place(language: Language, org: Organisation) -> str:
    """Where a letter in `language` is signed: the organisation's place, else its address's
    last line (the town, as most addresses end)."""
    own = organisation_language(org)
    place = in_language(org.place or "", org.place_translated or "", own, language)
    address = in_language(org.address or "", org.address_translated or "", own, language)
    return place or (address.strip().splitlines() or [""])[-1].strip()


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
            "amount": amount(item, words),
            "due": item.due_date.isoformat() if item.due_date else None,
        }
        for item in items
    ]


def amount(item: Commitment, words: dict) -> str:
    """What an item is worth, as the letter writes it in its language and the organisation's
    currency: money as its sum, time as hours × rate = value, anything else at its value."""
    if item.hours is not None and item.hourly_rate is not None:
        value = compute_value(item.value, item.hours, item.hourly_rate)
        return fill(
            words["time_value"],
            hours=format_number(item.hours),
            rate=format_money(item.hourly_rate),
            value=format_money(value),
        )
    if item.value is None:
        return ""
    key = "money_value" if item.category is Category.MONEY else "valued_at"
    return fill(words[key], value=format_money(item.value))


def live_data(letter: Letter, org: Organisation, today: date) -> dict:
    """Everything the letter shows, as plain data (what a snapshot freezes).

    All of it in the letter's language: its wording file, its names (the organisation's and the
    project's), and its dates and numbers by that language's locale. The snapshot holds all that
    is printed, so its fingerprint changes with any of it.
    """
    with letter_locale(letter.language):
        return _live_data(letter, org, today)


def _live_data(letter: Letter, org: Organisation, today: date) -> dict:
    p = letter.partnership
    words = wording(letter.language)
    names = names_in(letter.language, org, p.project)
    values = {
        "organisation": names.organisation,
        "partner": p.partner.name,
        "contact": p.partner_contact or p.partner.contact_person,
        "project": names.project,
        "territory": names.territory,
        "start": long_date(p.project.start_date),
        "end": long_date(p.project.end_date),
    }
    sent = letter.sent_on or today
    amends = letter.amends
    if amends is not None:
        values["previous"] = amends.reference
        values["date"] = long_date(amends.sent_on)
    text = {
        key: fill_quoted(value, letter.language, **values)
        for key, value in words.items()
        if isinstance(value, str)
    }
    text["greeting"] = greeting(
        letter.language, words, values["contact"], p.contact_form, p.contact_addressed_as
    )
    # Each side's heading over its signature block, its name quoted as the language does.
    text["for_ours"] = fill_quoted(words["for_side"], letter.language, side=names.organisation)
    text["for_theirs"] = fill_quoted(words["for_side"], letter.language, side=p.partner.name)
    return {
        "reference": letter.reference,
        "version": letter.version,
        "language": letter.language.value,
        "place": letter.place,
        "date": long_date(sent),
        "amends": amends.reference if amends else None,
        "organisation": {
            "name": names.organisation,
            "address": names.address,
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
        "project": {
            "title": names.project,
            "territory": names.territory,
            "start": values["start"],
            "end": values["end"],
        },
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
        item["due"] = fill(words["by_date"], date=long_date(due)) if due else ""
    return items


def default_paragraphs(letter: Letter, org: Organisation) -> None:
    """Fill a new draft's opening and closing from the wording file, to edit per letter."""
    p = letter.partnership
    words = wording(letter.language)
    names = names_in(letter.language, org, p.project)
    values = {
        "organisation": names.organisation,
        "partner": p.partner.name,
        "project": names.project,
        "territory": names.territory,
    }
    letter.opening = fill_quoted(words["opening"], letter.language, **values)
    letter.closing = fill_quoted(words["closing"], letter.language, **values)


def draft(
    partnership: Partnership,
    language: Language | None,
    org: Organisation,
    today: date,
    amends: Letter | None = None,
) -> Letter:
    """A new draft letter (or an amendment to a sent one), added to the session.

    Without a `language`, it is written in the partner's preferred one, else the organisation's.
    """
    language = language or writing_language(partnership.partner, org)
    letter = Letter(
        partnership=partnership,
        language=language,
        reference=next_reference(partnership, today),
        place=default_place(language, org),
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
