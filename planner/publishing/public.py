"""The public view of reports: only what partners agreed may be published.

Templates of the public site receive these dataclasses, never a model, so a
private field cannot reach a page by accident. Every text that is published
also passes `Redactor`, which replaces the names of partners that did not
agree to be named, and every partner's contact details, wherever a
coordinator may have typed them.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property

from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from planner.enums import Direction, ItemStatus, Sector
from planner.formats import format_number
from planner.projects.slugs import slugify
from planner.publishing.rules import SHOWN

# What a partner that did not agree to be named is called instead, in the site's language.
NAMELESS = {
    Sector.NGO: _l("a partner NGO"),
    Sector.BUSINESS: _l("a local business"),
    Sector.GOVERNMENT: _l("a public institution"),
    Sector.MEDIA: _l("a media partner"),
    Sector.VOLUNTEERS: _l("a group of volunteers"),
}
# What a contact detail is replaced with.
PRIVATE = _l("[private]")


def nameless(sector: Sector) -> str:
    """How the site calls a partner of `sector` that did not agree to be named."""
    locale = get_locale()
    found = _NAMELESS_IN.get(locale)
    if found is None:
        found = _NAMELESS_IN[locale] = {sector: str(name) for sector, name in NAMELESS.items()}
    return found[sector]


# NAMELESS in each language, translated at first use: a freeze asks for hundreds.
_NAMELESS_IN: dict[Locale | None, dict[Sector, str]] = {}


class Redactor:
    """Replace private strings (names without consent, contact details) in public text."""

    SHORTEST = 3  # a shorter string is too common to hide
    ANCHOR = 5  # how many first letters of a key choose the keys to try

    def __init__(self, replacements: dict[str, str]):
        self.replacements = {
            k: v for k, v in replacements.items() if k and len(k.strip()) >= self.SHORTEST
        }
        self.lookup = {k.lower(): v for k, v in self.replacements.items()}
        # One pattern of every key compiled thousands of keys into a regular expression (over a
        # second for a large registry). Instead the pattern holds only their first three
        # letters, small and quick to build; where it matches, the keys that begin with the
        # next five letters are looked up by length, the longest first. Five, so that "for"
        # and "and" in a story do not each go through every "Forest..." and "Andrei...".
        anchors: dict[str, set[int]] = defaultdict(set)
        for key in self.lookup:
            anchors[key[: self.ANCHOR]].add(len(key))
        for anchor, sizes in anchors.items():
            # A key shorter than the anchor ("art") is tried under the longer keys' anchors
            # that begin with it ("artis"), as those are looked up first.
            for end in range(self.SHORTEST, len(anchor)):
                sizes |= anchors.get(anchor[:end], set())
        self.lengths = {anchor: sorted(found, reverse=True) for anchor, found in anchors.items()}
        starts = sorted({key[: self.SHORTEST] for key in self.lookup})
        # Only from the start of a word: a partner called "Art" must not eat the middle of
        # "partners"; no end boundary, so "Neva Radios" cannot leak "Neva Radio".
        self.pattern = (
            re.compile(rf"(?<!\w)(?:{trie_pattern(starts)})", re.IGNORECASE) if starts else None
        )

    @cached_property
    def digest(self) -> str:
        """What it replaces, as a digest: a freeze renders everything again when it moves."""
        return hashlib.sha256(repr(sorted(self.replacements.items())).encode()).hexdigest()

    def sizes(self, window: str) -> list[int]:
        """The lengths of the keys that may start with `window` (five lowercase letters)."""
        get = self.lengths.get
        return get(window) or get(window[:4]) or get(window[:3]) or []

    def __call__(self, text: str) -> str:
        if not text or self.pattern is None:
            return text or ""
        out, done, search = [], 0, self.pattern.search
        found = search(text)
        if found is None:
            return text  # most texts: no key even starts in them
        lowered = text.lower()
        if len(lowered) != len(text):
            lowered = None  # a letter whose lower case is longer ("İ") shifts the positions
        while found is not None:
            at = found.start()
            for size in self.sizes(
                lowered[at : at + self.ANCHOR] if lowered else text[at : at + self.ANCHOR].lower()
            ):
                piece = lowered[at : at + size] if lowered else text[at : at + size].lower()
                replacement = self.lookup.get(piece)
                if replacement is not None:
                    out += (text[done:at], replacement)
                    done = at + size
                    found = search(text, done)
                    break
            else:
                found = search(text, at + 1)
        if not out:
            return text
        out.append(text[done:])
        return "".join(out)


def trie_pattern(keys) -> str:
    """A regular expression matching any of `keys` (lowercase), the longest first."""
    trie: dict = {}
    for key in keys:
        node = trie
        for ch in key.lower():
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict) -> str:
        branches = [re.escape(ch) + walk(child) for ch, child in node.items() if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return walk(trie)


def redactor_for(partnerships) -> Redactor:
    """The names of a report's partners that did not agree to be named in it.

    Only names: every partner's contact details, and the names of partners never named
    anywhere, are the registry redactor's (applied after this one). A pattern of a few names
    per report instead of five strings per partnership keeps lists of reports cheap.
    """
    return Redactor({p.name: nameless(p.sector) for p in partnerships if not named(p)})


def named(partnership) -> bool:
    return bool(partnership.consent_name)


@dataclass(frozen=True)
class PublicItem:
    category: str
    description: str
    quantity: str
    value: Decimal | None
    status: ItemStatus

    @property
    def delivered(self) -> bool:
        return self.status is ItemStatus.DELIVERED


@dataclass
class PublicPartner:
    slug: str | None
    name: str
    named: bool
    sector: Sector
    gave: list[PublicItem] = field(default_factory=list)
    got: list[PublicItem] = field(default_factory=list)
    made_possible: str = ""
    thank_you: str = ""
    quote: str = ""
    logo: str | None = None

    @property
    def given_value(self) -> Decimal:
        return sum((i.value for i in self.gave if i.value is not None), Decimal(0))


@dataclass(frozen=True)
class PublicResult:
    label: str
    value: Decimal
    unit: str


@dataclass(frozen=True)
class PublicPhoto:
    file: str
    alt: str
    credit: str
    width: int
    height: int


@dataclass
class PublicReport:
    slug: str
    title: str
    summary: str
    narrative: str
    territory: str
    start: date | None
    end: date | None
    published_at: datetime | None
    updated_at: datetime
    results: list[PublicResult]
    photos: list[PublicPhoto]
    partners: list[PublicPartner]
    by_sector: dict[Sector, Decimal]
    by_category: dict[str, Decimal]

    @property
    def named_partners(self) -> list[PublicPartner]:
        return [p for p in self.partners if p.named]


def partner_slugs(partnerships) -> dict[int, str]:
    """Each partnership's partner page address within its report, by partnership id.

    Unique and stable: among partners whose names make the same address, the partnership
    made first keeps it and every later one gets its partner's id as a suffix. The suffixes
    are chosen among every partnership of the project, named or not, listed or not, so a
    partnership added, a consent given or a delivery later moves no address already out.
    `partnerships` are one project's rows (id, partner_id, name), in any order.
    """
    taken: set[str] = set()
    slugs = {}
    for p in sorted(partnerships, key=lambda p: p.id):
        slug = slugify(p.name) or f"partner-{p.partner_id}"
        if slug in taken:
            slug = f"{slug}-{p.partner_id}"
        taken.add(slug)
        slugs[p.id] = slug
    return slugs


def public_item(item, redact: Redactor, with_description: bool) -> PublicItem:
    return PublicItem(
        category=item.category.label,
        description=redact(item.description) if with_description else "",
        quantity=f"{format_number(item.quantity)} {redact(item.unit)}".strip()
        if item.quantity is not None
        else "",
        value=None if item.internal else item.value,
        status=item.status,
    )


def build_report(report, partnerships, items, thanks, results, photos, redact) -> PublicReport:
    """Assemble the public view of one report from rows already loaded.

    `report` carries its project's columns, and each partnership its partner's
    (data.ReportRows).
    """
    by_partnership = defaultdict(list)
    for item in items:
        if item.status in SHOWN:
            by_partnership[item.partnership_id].append(item)
    thanks_of = {t.partnership_id: t for t in thanks}
    slugs = partner_slugs(partnerships)
    partners: list[PublicPartner] = []
    by_sector: dict = defaultdict(Decimal)
    by_category: dict = defaultdict(Decimal)
    for p in partnerships:
        shown = by_partnership.get(p.id, [])
        if not shown and p.id not in thanks_of:
            continue
        is_named = named(p)
        note = thanks_of.get(p.id)
        partner = PublicPartner(
            slug=slugs[p.id] if is_named else None,
            name=p.name if is_named else nameless(p.sector),
            named=is_named,
            sector=p.sector,
            gave=[
                public_item(i, redact, is_named) for i in shown if i.direction is Direction.GIVES
            ],
            got=[public_item(i, redact, is_named) for i in shown if i.direction is Direction.GETS],
            made_possible=redact(note.made_possible) if note else "",
            thank_you=redact(note.thank_you) if note and is_named else "",
            quote=redact(p.quote) if is_named and p.consent_quote else "",
            logo=p.logo_file if is_named and p.consent_logo else None,
        )
        partners.append(partner)
        for i in shown:
            if i.direction is Direction.GIVES and i.value is not None and not i.internal:
                by_sector[p.sector] += i.value
                by_category[i.category.label] += i.value
    partners.sort(key=lambda x: (not x.named, -x.given_value, x.name))
    return PublicReport(
        slug=report.slug,
        title=report.title,
        summary=redact(report.summary),
        narrative=redact(report.narrative),
        territory=report.territory,
        start=report.start_date,
        end=report.end_date,
        published_at=report.published_at,
        updated_at=report.updated_at,
        results=[PublicResult(redact(r.label), r.value, redact(r.unit)) for r in results],
        photos=[
            PublicPhoto(f.file, redact(f.alt), redact(f.credit), f.width, f.height) for f in photos
        ],
        partners=partners,
        by_sector=dict(sorted(by_sector.items(), key=lambda kv: -kv[1])),
        by_category=dict(sorted(by_category.items(), key=lambda kv: -kv[1])),
    )
