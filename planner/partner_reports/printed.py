"""A partner report as its own document, for print and PDF, in the partner's language.

It is laid out by the letters' renderer with the letters' style sheet, so that everything
the organisation sends a partner looks alike. Rendered on every request: it follows the
matrix and the project's report until it is sent, and stays cheap next to a letter's.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from flask import current_app, render_template
from markupsafe import Markup

from planner.letters.compose import letter_locale
from planner.letters.printed import organisation, paper, variant
from planner.models import PartnerReport, Partnership
from planner.partner_reports.compose import view_of
from planner.partners.rules import writing_language
from planner.uploads import data_uri


def in_partners_language(
    template: str, partnership: Partnership, record: PartnerReport | None, **context
) -> str:
    """Render a template of the report in the partner's language, whatever the page's."""
    org = organisation()
    with letter_locale(writing_language(partnership.partner, org)):
        view = view_of(partnership, record, org, date.today())
        return render_template(
            template, view=view, logo_src=data_uri(view["organisation"]["logo"]), **context
        )


def document(partnership: Partnership, record: PartnerReport | None, for_pdf: bool = False) -> str:
    """The report as a stand-alone HTML document (without its style sheet link for a PDF:
    the renderer has it parsed already)."""
    return in_partners_language(
        "partner_reports/document.html", partnership, record, paper=paper(), for_pdf=for_pdf
    )


def sheet(partnership: Partnership, record: PartnerReport | None) -> Markup:
    """The report's text alone, to show on a page of the app as the partner will read it."""
    # A template rendered with autoescaping: every value in it is escaped already.
    html = in_partners_language("partner_reports/_report.html", partnership, record)
    return Markup(html)  # noqa: S704


def report_pdf(partnership: Partnership, record: PartnerReport | None) -> bytes:
    # WeasyPrint takes most of a second to import: only requests that make a PDF pay for it.
    from planner.letters.pdf import render_pdf

    return render_pdf(
        document(partnership, record, for_pdf=True),
        Path(current_app.static_folder),
        variant() or None,
    )


def reports_pdf(rows: list[tuple[Partnership, PartnerReport | None]], title: str) -> bytes:
    """Several partner reports in one PDF, each with its own pages."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for partnership, record in rows:
        writer.append(PdfReader(io.BytesIO(report_pdf(partnership, record))))
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def file_name(partnership: Partnership) -> str:
    return f"{partnership.project.slug}-report-{partnership.id}.pdf"
