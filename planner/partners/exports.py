"""The registry as files: CSV and XLSX in the columns the import reads (so a file exported
and imported back changes nothing), a blank template of them, and the contacts of partners
who agreed to hear from us as vCard.

Headers and labels are written in the language of the request that downloads the file.
"""

import csv
import io
from collections.abc import Iterable

import sqlalchemy as sa
from flask import Response
from flask_babel import gettext as _

from planner.extensions import db
from planner.models import Partner
from planner.partners.columns import COLUMNS, cell_text
from planner.spreadsheets import safe_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def registry() -> list[Partner]:
    """The partners an export holds: the registry without the archived, by name."""
    return db.session.scalars(
        sa.select(Partner).where(Partner.archived_at.is_(None)).order_by(Partner.name, Partner.id)
    ).all()


def grid(partners: Iterable[Partner]) -> list[list[str]]:
    rows = [[str(column.header) for column in COLUMNS]]
    for partner in partners:
        rows.append([safe_cell(cell_text(partner, column)) for column in COLUMNS])
    return rows


def attachment(body, mimetype: str, name: str) -> Response:
    return Response(
        body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def as_csv(rows: list[list[str]], name: str) -> Response:
    out = io.StringIO()
    # A BOM, so Excel opens Cyrillic as UTF-8 rather than the system's code page.
    out.write("\ufeff")
    csv.writer(out).writerows(rows)
    return attachment(out.getvalue().encode("utf-8"), "text/csv", name)


def as_xlsx(rows: list[list[str]], name: str) -> Response:
    # openpyxl takes a noticeable share of start-up: loaded by the first workbook instead.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Partners")
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return attachment(out.getvalue(), XLSX, name)


# ---- vCard ---------------------------------------------------------------------------------


def vcard_text(value: str) -> str:
    """A vCard 3.0 text value (RFC 2426 §4): backslash, comma, semicolon and new lines escaped."""
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def folded(line: str) -> str:
    """A content line folded at 75 octets, never inside a UTF-8 character (RFC 2425 §5.8.1)."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def vcard(partner: Partner) -> str:
    person = partner.contact_person or partner.name
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"FN:{vcard_text(person)}",
        # Names are not split into family and given parts: a guess would be wrong as often.
        f"N:{vcard_text(person)};;;;",
        f"ORG:{vcard_text(partner.name)}",
    ]
    if partner.email:
        lines.append(f"EMAIL;TYPE=INTERNET:{vcard_text(partner.email)}")
    if partner.phone:
        lines.append(f"TEL;TYPE=WORK:{vcard_text(partner.phone)}")
    if partner.website:
        lines.append(f"URL:{vcard_text(partner.website)}")
    if partner.address:
        lines.append(f"ADR;TYPE=WORK:;;{vcard_text(partner.address)};;;;")
    lines.append("END:VCARD")
    return "".join(folded(line) + "\r\n" for line in lines)


def consenting() -> list[Partner]:
    """Partners who agreed to hear from us after a project, with a way to reach them."""
    return db.session.scalars(
        sa.select(Partner)
        .where(
            Partner.updates_consent.is_(True),
            Partner.archived_at.is_(None),
            sa.or_(Partner.email != "", Partner.phone != ""),
        )
        .order_by(Partner.name, Partner.id)
    ).all()


def as_vcards(partners: Iterable[Partner], name: str) -> Response:
    body = "".join(vcard(p) for p in partners)
    return attachment(body.encode("utf-8"), "text/vcard", name)
