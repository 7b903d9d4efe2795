"""Partners from a spreadsheet: read a CSV or XLSX file, check every row, then add or update
partners in one transaction.

Reading and checking are plain functions over lists of strings, so tests and the benchmark
call them without a request; the views (planner/partners/transfer.py) keep the file's rows
between steps in the instance folder.
"""

import csv
import io
import json
import re
import secrets
import time
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from planner.enums import SUBTYPES, Language, LegalForm, Sector, Subtype, Trust
from planner.extensions import db
from planner.formats import format_number
from planner.forms import clean_text
from planner.models import Partner
from planner.partners.columns import BY_KEY, choice, guess_field, name_key

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000  # rows under the header; a file with this many or more is refused
MAX_COLUMNS = 100
# What an XLSX may unpack to: 50,000 rows of a dozen long cells stay well under it.
MAX_UNPACKED = 200 * 1024 * 1024
# Uploads not imported within a day are removed when the next one arrives.
KEEP_SECONDS = 24 * 3600
PHONE = re.compile(r"^[0-9+()\-./ ]+$")
WEBSITE = re.compile(r"^https?://\S+$")
# What the export puts before a cell a spreadsheet would run as a formula
# (planner/spreadsheets.py safe_cell).
GUARDED = re.compile(r"^'(?=[=+\-@\t\r])")


class BadFile(ValueError):
    """A file that cannot be read as a list of partners; the message says why."""


# ---- reading -------------------------------------------------------------------------------


def read_file(data: bytes, filename: str = "") -> list[list[str]]:
    """The rows of an uploaded CSV or XLSX file (header first), as stripped text."""
    if not data:
        raise BadFile(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise BadFile(_("The file is larger than %(num)d MB.", num=MAX_BYTES // 2**20))
    suffix = Path(filename).suffix.casefold()
    if data.startswith(b"PK\x03\x04"):
        rows = read_xlsx(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise BadFile(_("This is an old Excel file (XLS): save it as XLSX or CSV first."))
    elif suffix in ("", ".csv", ".txt", ".tsv") and looks_like_text(data):
        rows = read_csv(decode(data))
    else:
        raise BadFile(_("Upload a CSV or XLSX file."))
    return trimmed(rows)


def looks_like_text(data: bytes) -> bool:
    # A stray NUL is removed with other control characters; many of them mean a binary file.
    head = data[:4096]
    return head.startswith((b"\xff\xfe", b"\xfe\xff")) or head.count(b"\x00") * 10 < len(head)


def decode(data: bytes) -> str:
    """Text from a CSV's bytes: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's
    "Unicode text"), else Windows-1251 (Excel's "CSV" on a Russian Windows)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


def read_csv(text: str) -> list[list[str]]:
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count) if any(d in first for d in ";,\t") else ","
    rows = []
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        rows.append(row[:MAX_COLUMNS])
        if len(rows) > MAX_ROWS:
            raise too_many()
    return rows


def read_xlsx(data: bytes) -> list[list[str]]:
    # openpyxl takes a noticeable share of start-up: loaded by the first workbook instead.
    from openpyxl import load_workbook

    try:
        # A small zip can unpack to gigabytes (a "zip bomb"): its declared sizes are read first.
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
        if unpacked > MAX_UNPACKED:
            raise BadFile(_("That file could not be read as XLSX."))
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise BadFile(_("That file could not be read as XLSX.")) from error
    try:
        rows = []
        for values in book.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS):
            rows.append([xlsx_text(v) for v in values])
            if len(rows) > MAX_ROWS:
                raise too_many()
        return rows
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError) as error:
        raise BadFile(_("That file could not be read as XLSX.")) from error
    finally:
        book.close()


def xlsx_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a phone number typed into a number cell
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def too_many() -> BadFile:
    return BadFile(
        _(
            "The file has %(num)s rows or more: split it into files of fewer rows.",
            num=format_number(MAX_ROWS),
        )
    )


def trimmed(rows: list[list[str]]) -> list[list[str]]:
    """Rows without blank ones; a file with no row under its header is refused."""
    rows = [[clean_text(c) for c in row] for row in rows]
    rows = [row for row in rows if any(row)]
    # Spreadsheets pad rows with empty cells to the widest one: keep the columns in use.
    width = max((max(i for i, c in enumerate(row) if c) + 1 for row in rows), default=0)
    rows = [row[:width] for row in rows]
    if not rows:
        raise BadFile(_("The file is empty."))
    if len(rows) < 2:
        raise BadFile(_("The file has a header but no rows under it."))
    if len(rows) - 1 >= MAX_ROWS:
        raise too_many()
    return rows


def read_pasted(text: str) -> list[list[str]]:
    """Rows pasted from a spreadsheet (tab-separated) or typed as CSV."""
    if not text.strip():
        raise BadFile(_("Paste the rows, header first."))
    if len(text.encode()) > MAX_BYTES:
        raise BadFile(_("The file is larger than %(num)d MB.", num=MAX_BYTES // 2**20))
    return trimmed(read_csv(text))


# ---- keeping an upload between steps -------------------------------------------------------


def folder() -> Path:
    path = Path(current_app.instance_path) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(rows: list[list[str]], filename: str) -> str:
    """Keep rows for the next steps under a random token; remove forgotten uploads."""
    for old in folder().glob("*.json"):
        if old.stat().st_mtime < time.time() - KEEP_SECONDS:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    mapping = [guess_field(h) for h in rows[0]]
    save(token, {"filename": filename, "rows": rows, "mapping": mapping, "sector": ""})
    return token


def path_of(token: str) -> Path | None:
    if not token or not re.fullmatch(r"[A-Za-z0-9_-]{20,64}", token):
        return None
    return folder() / f"{token}.json"


def load(token: str) -> dict | None:
    path = path_of(token)
    if path is None or not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def save(token: str, upload: dict) -> None:
    path = path_of(token)
    path.write_text(json.dumps(upload, ensure_ascii=False), encoding="utf-8")


def forget(token: str) -> None:
    path = path_of(token)
    if path is not None:
        path.unlink(missing_ok=True)


# ---- checking ------------------------------------------------------------------------------


@dataclass
class Row:
    number: int  # as the spreadsheet numbers it: the header is row 1
    values: dict[str, object]  # attribute -> checked value (str or enum)
    cells: dict[str, str]  # attribute -> the cell as the file has it
    errors: list[tuple[str, str]] = field(default_factory=list)  # (attribute, message)
    duplicate: Partner | None = None
    changes: dict[str, object] = field(default_factory=dict)  # what an update would change

    def messages(self, key: str) -> list[str]:
        return [message for k, message in self.errors if k == key]

    @property
    def error_keys(self) -> set[str]:
        return {key for key, _message in self.errors}


@dataclass
class Check:
    rows: list[Row]
    mapping: list[str]

    @property
    def invalid(self) -> list[Row]:
        return [r for r in self.rows if r.errors]

    @property
    def duplicates(self) -> list[Row]:
        return [r for r in self.rows if r.duplicate is not None and not r.errors]

    @property
    def new(self) -> list[Row]:
        return [r for r in self.rows if r.duplicate is None and not r.errors]

    @property
    def fields(self) -> list[str]:
        return [key for key in BY_KEY if key in self.mapping]


def check(rows: list[list[str]], mapping: list[str], default_sector: Sector | None) -> Check:
    """Every row under the header checked, with likely duplicates of registry partners."""
    result = Check(rows=[], mapping=mapping)
    positions = {key: i for i, key in reversed(list(enumerate(mapping))) if key in BY_KEY}
    existing = registry_keys()
    seen: dict[str, int] = {}
    for number, line in enumerate(rows[1:], start=2):
        cells = {
            key: GUARDED.sub("", line[i]) if i < len(line) else "" for key, i in positions.items()
        }
        row = Row(number=number, values={}, cells=cells)
        check_row(row, default_sector)
        keys = [f"n:{name_key(cells.get('name', ''))}"]
        if cells.get("email"):
            keys.insert(0, f"e:{cells['email'].casefold()}")
        for key in keys:
            if key in ("n:",):
                continue
            if key in seen and not row.errors:
                row.errors.append(("name", _("The same partner as row %(row)d.", row=seen[key])))
                break
            if row.duplicate is None and key in existing:
                row.duplicate = existing[key]
        for key in keys:
            seen.setdefault(key, number)
        if row.duplicate is not None:
            row.changes = {
                key: row.values[key]
                for key in BY_KEY
                if row.values.get(key) not in ("", None)
                and getattr(row.duplicate, key) != row.values[key]
            }
        result.rows.append(row)
    return result


def check_row(row: Row, default_sector: Sector | None) -> None:
    cells, values, errors = row.cells, row.values, row.errors
    for key, text in cells.items():
        column = BY_KEY[key]
        if column.enum is not None:
            member = choice(column.enum, text) if text else None
            if text and member is None:
                errors.append((key, unknown(column.enum, text)))
            values[key] = member
        else:
            if column.max and len(text) > column.max:
                errors.append(
                    (key, _("Longer than %(max)s characters.", max=format_number(column.max)))
                )
            values[key] = text
    if not values.get("name"):
        errors.append(("name", _("The name is missing.")))
    if values.get("sector") is None:
        if cells.get("sector"):
            pass  # already said it is not a sector
        elif default_sector is not None:
            values["sector"] = default_sector
        else:
            errors.append(("sector", _("The sector is missing.")))
    email = values.get("email")
    if email and "email" not in row.error_keys:
        try:
            validate_email(email, check_deliverability=False)
        except EmailNotValidError:
            errors.append(("email", _("“%(value)s” is not an e-mail address.", value=short(email))))
    phone = values.get("phone")
    if phone and "phone" not in row.error_keys and not PHONE.match(phone):
        errors.append(("phone", _("Use digits, spaces and + ( ) - . / only.")))
    website = values.get("website")
    if website and "website" not in row.error_keys and not WEBSITE.match(website):
        errors.append(("website", _("Start the address with http:// or https://.")))
    sector, subtype = values.get("sector"), values.get("subtype")
    if sector and subtype and subtype not in SUBTYPES[sector]:
        errors.append(
            (
                "subtype",
                _(
                    "“%(kind)s” is not a kind of %(sector)s.",
                    kind=subtype.label,
                    sector=sector.label,
                ),
            )
        )


UNKNOWN = {
    Sector: _l("Unknown sector “%(value)s”: use one of %(allowed)s."),
    Subtype: _l("Unknown kind “%(value)s”: use one of %(allowed)s."),
    LegalForm: _l("Unknown legal form “%(value)s”: use one of %(allowed)s."),
    Trust: _l("Unknown trust “%(value)s”: use one of %(allowed)s."),
    Language: _l("Unknown language “%(value)s”: use one of %(allowed)s."),
}


def unknown(enum, text: str) -> str:
    allowed = ", ".join(member.label for member in enum)
    return str(UNKNOWN[enum]) % {"value": short(text), "allowed": allowed}


def short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def registry_keys() -> dict[str, Partner]:
    """Every partner by e-mail and by name as duplicates are found: one query."""
    found: dict[str, Partner] = {}
    for partner in db.session.scalars(sa.select(Partner).order_by(Partner.id)):
        if partner.email:
            found.setdefault(f"e:{partner.email.casefold()}", partner)
        key = name_key(partner.name)
        if key:
            found.setdefault(f"n:{key}", partner)
    return found


# ---- importing -----------------------------------------------------------------------------


@dataclass
class Outcome:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    left_out: int = 0


def apply(result: Check, update: set[int], leave_out_invalid: bool) -> Outcome:
    """Add the new partners and update the chosen duplicates, all in one transaction; nothing
    is written while a row has an error, unless rows with errors are left out."""
    if result.invalid and not leave_out_invalid:
        raise BadFile(_("Fix the rows with errors, or leave them out, then import."))
    outcome = Outcome(left_out=len(result.invalid))
    partners = []
    for row in result.new:
        values = {k: v for k, v in row.values.items() if v not in ("", None)}
        partners.append(Partner(**values))
    for row in result.duplicates:
        if row.number not in update:
            outcome.skipped += 1
        elif not row.changes:
            outcome.unchanged += 1
        else:
            for key, value in row.changes.items():
                setattr(row.duplicate, key, value)
            outcome.updated += 1
    db.session.add_all(partners)
    outcome.added = len(partners)
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return outcome
