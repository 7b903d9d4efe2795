"""The registry's columns as files carry them: what the export writes and the import reads.

One table, so a file exported from the registry imports back unchanged. Headers are written
in the language of the request; the import recognises them in English and Russian, and the
other names people give such columns in their own spreadsheets.
"""

import re
from dataclasses import dataclass
from enum import StrEnum

from flask_babel import LazyString, force_locale, get_locale
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp

from planner.enums import LABELS, Language, LegalForm, Sector, Subtype, Trust, labels_in
from planner.i18n import LANGUAGES
from planner.models import Partner


@dataclass(frozen=True)
class Column:
    key: str  # the Partner attribute it fills
    header: LazyString
    max: int = 0  # characters; 0 for a choice
    enum: type[StrEnum] | None = None
    # Other headers people use for it (casefolded, ё as е), beyond its header in each language.
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column(
        "name",
        _lp("organisation", "Name"),
        max=200,
        aliases=(
            "name",
            "organisation",
            "organization",
            "partner",
            "company",
            "название",
            "наименование",
            "организация",
            "партнер",
            "компания",
        ),
    ),
    Column("sector", _l("Sector"), enum=Sector, aliases=("sector", "сектор", "тип")),
    Column("subtype", _l("Kind"), enum=Subtype, aliases=("kind", "subtype", "type", "вид")),
    Column(
        "legal_form",
        _l("Legal form"),
        enum=LegalForm,
        aliases=("legal form", "форма", "организационная форма", "правовая форма"),
    ),
    Column(
        "contact_person",
        _l("Contact person"),
        max=200,
        aliases=(
            "contact",
            "contact name",
            "person",
            "контакт",
            "контактное лицо",
            "фио",
            "представитель",
        ),
    ),
    Column(
        "email",
        _l("Email"),
        max=254,
        aliases=("email", "e-mail", "mail", "email address", "почта", "эл. почта", "адрес почты"),
    ),
    Column(
        "phone",
        _l("Phone"),
        max=60,
        aliases=("phone", "telephone", "tel", "mobile", "телефон", "тел", "мобильный"),
    ),
    Column("website", _l("Website"), max=300, aliases=("website", "site", "web", "url", "сайт")),
    Column("address", _l("Address"), max=1000, aliases=("address", "адрес")),
    Column("trust", _l("Trust"), enum=Trust, aliases=("trust", "доверие")),
    Column(
        "language",
        _l("Language of letters"),
        enum=Language,
        aliases=("language", "язык", "язык писем"),
    ),
    Column(
        "notes",
        _l("Private notes"),
        max=20_000,
        aliases=("notes", "note", "comment", "comments", "заметки", "примечание", "комментарий"),
    ),
)
BY_KEY = {column.key: column for column in COLUMNS}

# Words people add to a name that do not make it another organisation: legal forms.
LEGAL_WORDS = frozenset(
    "ооо оао зао пао ао ано нко ип фонд бф мбу мку гбу гку муп гуп ооо. "
    "llc ltd inc plc gmbh co corp limited".split()
)
NOT_LETTERS = re.compile(r"[^\w@.+-]+")


def key_text(value: str) -> str:
    """A header or a choice as it is compared: casefolded, ё as е, spaces and punctuation
    around words made single spaces."""
    return " ".join(NOT_LETTERS.sub(" ", value.casefold().replace("ё", "е")).split())


def name_key(name: str) -> str:
    """A name as duplicates are found: case, quotes and legal-form words do not count
    (ООО «Ромашка» is "Ромашка" LLC)."""
    words = re.sub(r"[\W_]+", " ", name.casefold().replace("ё", "е")).split()
    return " ".join(w for w in words if w not in LEGAL_WORDS)


def _in_every_language(text) -> set[str]:
    found = set()
    for language in LANGUAGES:
        with force_locale(language):
            found.add(key_text(str(text)))
    return found


_HEADERS: dict[str, str] = {}
_CHOICES: dict[type[StrEnum], dict[str, StrEnum]] = {}

# Short names people write for a sector, beside its label ("NGOs", "Business").
SECTOR_WORDS = {
    Sector.NGO: ("ngo", "нко", "nonprofit", "некоммерческая организация"),
    Sector.BUSINESS: ("бизнес", "company", "компания"),
    Sector.GOVERNMENT: ("government", "власть", "государство", "госорган"),
    Sector.MEDIA: ("сми",),
    Sector.VOLUNTEERS: ("volunteers", "волонтеры", "инициативная группа"),
}


def guess_field(header: str) -> str:
    """The column a file's header most likely means, or "" for none."""
    if not _HEADERS:
        for column in COLUMNS:
            for text in (*_in_every_language(column.header), column.key, *column.aliases):
                _HEADERS.setdefault(key_text(text), column.key)
    return _HEADERS.get(key_text(header), "")


def choice(enum: type[StrEnum], text: str) -> StrEnum | None:
    """The member a cell names: by its stored value or its label in English or Russian."""
    if enum not in _CHOICES:
        table: dict[str, StrEnum] = {}
        for member in enum:
            table[key_text(member.value)] = member
            table[key_text(member.value.replace("_", " "))] = member
            for label in _in_every_language(LABELS[member]):
                table[label] = member
        for sector, words in SECTOR_WORDS.items() if enum is Sector else ():
            for word in words:
                table.setdefault(key_text(word), sector)
        for language in Language if enum is Language else ():
            table[language.value] = language
        _CHOICES[enum] = table
    return _CHOICES[enum].get(key_text(text))


def cell_text(partner: Partner, column: Column) -> str:
    """A partner's value in a column as the export writes it (labels in the page's language)."""
    value = getattr(partner, column.key)
    if value is None:
        return ""
    if column.enum is not None:
        return labels_in(get_locale())[value]
    return value
