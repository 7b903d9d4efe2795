"""The matrix as CSV and XLSX: one grid, so both files hold the page's numbers.

Headers and labels are written in the language of the request that downloads the file.
"""

import csv
import io
from decimal import Decimal

from flask import Response
from flask_babel import gettext as _

from planner.enums import Direction
from planner.matrix.rules import Matrix
from planner.models import Project
from planner.spreadsheets import safe_cell


def grid(matrix: Matrix) -> list[list]:
    """Header, a row per partnership, and the totals row; money as Decimal."""
    header = [_("Sector"), _("Partner"), _("Status")]
    header += [
        _("%(direction)s: %(category)s", direction=d.label, category=c.label)
        for d, c in matrix.columns
    ]
    header += [
        _("Gives: total value"),
        _("Gives: items without value"),
        _("Gets: total value"),
        _("Gets: items without value"),
    ]
    rows = [header]
    for sector, sector_rows in matrix.groups:
        for row in sector_rows:
            p = row.partnership
            line = [sector.label, p.partner.name, p.status.label]
            for key in matrix.columns:
                items = row.cells.get(key, [])
                valued = [i.value for i in items if i.value is not None]
                line.append(sum(valued, Decimal(0)) if valued else None)
            for total in (row.gives, row.gets):
                line += [total.value, total.unvalued]
            rows.append(line)
    totals = ["", _("Total"), ""]
    for key in matrix.columns:
        total = matrix.column_totals[key]
        totals.append(total.value if total.items else None)
    for direction in Direction:
        totals += [matrix.totals[direction].value, matrix.totals[direction].unvalued]
    rows.append(totals)
    return rows


def filename(project: Project, extension: str) -> str:
    return f"{project.slug}-matrix.{extension}"


def matrix_csv(project: Project, matrix: Matrix) -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    for line in grid(matrix):
        writer.writerow(["" if cell is None else safe_cell(cell) for cell in line])
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename(project, "csv")}"'},
    )


def matrix_xlsx(project: Project, matrix: Matrix) -> Response:
    # openpyxl takes a noticeable share of start-up: loaded by the first workbook instead.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Matrix")
    for line in grid(matrix):
        sheet.append([float(c) if isinstance(c, Decimal) else safe_cell(c) for c in line])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "D2"
    items = book.create_sheet(_("Commitments"))
    items.append(
        [
            _("Partner"),
            _("Direction"),
            _("Category"),
            _("What"),
            _("Quantity"),
            _("Unit"),
            _("Value"),
            _("Due"),
            _("Status"),
        ]
    )
    for row in matrix.rows:
        for key in matrix.columns:
            for item in row.cells.get(key, []):
                items.append(
                    [
                        safe_cell(row.partnership.partner.name),
                        item.direction.label,
                        item.category.label,
                        safe_cell(item.description),
                        float(item.quantity) if item.quantity is not None else None,
                        safe_cell(item.unit),
                        float(item.value) if item.value is not None else None,
                        item.due_date,
                        item.status.label,
                    ]
                )
    out = io.BytesIO()
    book.save(out)
    return Response(
        out.getvalue(),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{filename(project, "xlsx")}"'},
    )
