"""The co-financing table of a grant application, as an XLSX workbook.

Headers and labels are written in the language of the request that downloads the file.
"""

import io
from decimal import Decimal

from flask import Response
from flask_babel import gettext as _

from planner.budget.rules import CoFunding, share
from planner.models import Project
from planner.spreadsheets import safe_cell


def co_financing_table(funding: CoFunding) -> list[list]:
    """Header, a row per budget line, partners' money for no line, gifts in kind, and the
    total: budget line, total cost, requested from the funder, partners' money, in kind,
    the share partners cover (a fraction); money as Decimal."""
    rows: list[list] = [
        [
            _("Budget line"),
            _("Total cost"),
            _("Requested from the funder"),
            _("Own and partners' contribution: money"),
            _("Own and partners' contribution: in kind"),
            _("Co-financing share"),
        ]
    ]
    for cover in funding.lines:
        rows.append(
            [cover.line.name, cover.line.amount, cover.remaining, cover.covered, None, cover.share]
        )
    if funding.unassigned:
        rows.append(
            [_("Partners' money for the whole budget"), None, None, funding.unassigned, None, None]
        )
    if funding.total.in_kind:
        rows.append(
            [
                _("Contributions in kind (valued)"),
                funding.total.in_kind,
                Decimal(0),
                None,
                funding.total.in_kind,
                Decimal(1),
            ]
        )
    rows.append(
        [
            _("Total"),
            funding.total_cost,
            funding.requested,
            funding.total.money,
            funding.total.in_kind,
            share(funding.total.secured, funding.total_cost),
        ]
    )
    return rows


def filename(project: Project) -> str:
    return f"{project.slug}-co-financing.xlsx"


def co_funding_xlsx(project: Project, funding: CoFunding) -> Response:
    # openpyxl takes a noticeable share of start-up: loaded by the first workbook instead.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Co-financing")
    for line in co_financing_table(funding):
        sheet.append([float(c) if isinstance(c, Decimal) else safe_cell(c) for c in line])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2, min_col=2, max_col=5):
        for cell in row:
            cell.number_format = "#,##0.00"
    for row in sheet.iter_rows(min_row=2, min_col=6, max_col=6):
        for cell in row:
            cell.number_format = "0.0%"
    sheet.column_dimensions["A"].width = 40
    for column in "BCDEF":
        sheet.column_dimensions[column].width = 18
    sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return Response(
        out.getvalue(),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{filename(project)}"'},
    )
