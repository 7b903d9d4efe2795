from datetime import date

from flask import Response, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from planner.extensions import db
from planner.letters.mail import MailError, configured
from planner.models import PartnerReport, Partnership
from planner.partner_reports import bp
from planner.partner_reports import queries as q
from planner.partner_reports.compose import public_link
from planner.partner_reports.forms import EmailReportForm, NoteForm, SentByHandForm
from planner.partner_reports.mail import send_report
from planner.partner_reports.printed import (
    document,
    file_name,
    report_pdf,
    reports_pdf,
    sheet,
)
from planner.partner_reports.rules import SENT_HOW_LABELS, SentHow, finished
from planner.projects.queries import get_project


def get_partnership(pid: int) -> Partnership:
    """The partnership, if it gets a report: it took part in a finished project and gave."""
    partnership = q.counting_partnership(pid)
    if partnership is None or not finished(partnership.project, date.today()):
        abort(404)
    return partnership


def pdf_response(body: bytes, name: str) -> Response:
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )


def ensure_record(partnership: Partnership) -> PartnerReport:
    record = q.record_of(partnership)
    if record is None:
        record = PartnerReport(partnership_id=partnership.id)
        db.session.add(record)
    return record


@bp.get("/projects/<slug>/partner-reports/")
def index(slug: str):
    """List the partners of a finished project with their report: sent when and how, or not."""
    project = get_project(slug)
    rows = q.reported(project)
    return render_template(
        "partner_reports/index.html",
        project=project,
        rows=rows,
        finished=finished(project, date.today()),
        unsent=sum(1 for _p, r in rows if r is None or r.sent_on is None),
        how=SENT_HOW_LABELS,
    )


@bp.get("/projects/<slug>/partner-reports/unsent.pdf")
def unsent_pdf(slug: str):
    """Download every report not sent yet as one PDF, to print and post."""
    project = get_project(slug)
    if not finished(project, date.today()):
        abort(404)
    rows = [(p, r) for p, r in q.reported(project) if r is None or r.sent_on is None]
    if not rows:
        abort(404, _("Every partner has had its report."))
    return pdf_response(reports_pdf(rows, project.title), f"{slug}-partner-reports.pdf")


def detail_page(
    partnership,
    record,
    note_form=None,
    hand_form=None,
    email_form=None,
    typed_note=None,
    status=200,
):
    partner = partnership.partner
    page = render_template(
        "partner_reports/detail.html",
        partnership=partnership,
        project=partnership.project,
        record=record,
        note_form=note_form or NoteForm(formdata=None, obj=record),
        hand_form=hand_form or SentByHandForm(formdata=None, data={"sent_on": date.today()}),
        email_form=email_form or EmailReportForm(formdata=None, data={"recipient": partner.email}),
        mail_configured=configured(),
        published_link=public_link(partnership, q.project_report(partnership.project)),
        how=SENT_HOW_LABELS,
        typed_note=typed_note,
        letter=sheet(partnership, record),
    )
    return page, status


@bp.get("/partner-reports/<id:pid>/")
def detail(pid: int):
    """Show one partner's report as it will read, with its note and how to send it."""
    partnership = get_partnership(pid)
    return detail_page(partnership, q.record_of(partnership))


@bp.get("/partner-reports/<id:pid>/print")
def print_view(pid: int):
    """The report alone, laid out for the printer, in the partner's language."""
    partnership = get_partnership(pid)
    return document(partnership, q.record_of(partnership))


@bp.get("/partner-reports/<id:pid>.pdf")
def pdf(pid: int):
    """Download the report as PDF, in the partner's language."""
    partnership = get_partnership(pid)
    return pdf_response(report_pdf(partnership, q.record_of(partnership)), file_name(partnership))


@bp.post("/partner-reports/<id:pid>/note")
def note(pid: int):
    """Save the personal note; a note changed by someone else meanwhile is not overwritten."""
    partnership = get_partnership(pid)
    record = q.record_of(partnership)
    form = NoteForm(record=record)
    if not form.validate_on_submit():
        # A stale note keeps what was typed, with the saved one beside it.
        status = 409 if form.conflict else 422
        return detail_page(partnership, record, note_form=form, status=status)
    record = record or ensure_record(partnership)
    record.note = form.note.data or ""
    try:
        db.session.commit()
    except (StaleDataError, IntegrityError):  # changed, or first written, by someone else
        db.session.rollback()
        return detail_conflict(partnership, q.record_of(partnership), form)
    flash(_("The note is saved."), "success")
    return redirect(url_for("partner_reports.detail", pid=pid))


def detail_conflict(partnership, record, typed: NoteForm):
    """The page with the note as someone else saved it, and this person's text beside it."""
    flash(
        _(
            "Someone else changed this note while you were writing: here is theirs, with "
            "your text below it. Copy what you need and save again."
        ),
        "warning",
    )
    stored = NoteForm(formdata=None, data={"note": record.note, "revision": record.revision})
    return detail_page(
        partnership, record, note_form=stored, typed_note=typed.note.data or "", status=409
    )


def record_sent(partnership: Partnership, on: date, how: SentHow, recipient: str) -> None:
    """Record the report as sent. The latest sending is what counts, so a record written or
    changed by someone else a moment ago is read again and updated, not refused."""
    for attempt in range(2):
        record = q.record_of(partnership) or ensure_record(partnership)
        record.sent_on, record.method, record.recipient = on, how.value, recipient
        record.sent_by_id = g.user.id
        try:
            db.session.commit()
            return
        except (StaleDataError, IntegrityError):
            db.session.rollback()
            if attempt:
                raise


@bp.post("/partner-reports/<id:pid>/sent")
def mark_sent(pid: int):
    """Record that the report was given or posted by hand on a date."""
    partnership = get_partnership(pid)
    form = SentByHandForm()
    record = q.record_of(partnership)
    if not form.validate_on_submit():
        return detail_page(partnership, record, hand_form=form, status=422)
    record_sent(partnership, form.sent_on.data, SentHow.HAND, "")
    flash(
        _("The report to %(partner)s is marked as sent.", partner=partnership.partner.name),
        "success",
    )
    return redirect(url_for("partner_reports.index", slug=partnership.project.slug))


@bp.post("/partner-reports/<id:pid>/email")
def email(pid: int):
    """E-mail the report to the partner as a PDF and record it as sent."""
    partnership = get_partnership(pid)
    record = q.record_of(partnership)
    back = redirect(url_for("partner_reports.detail", pid=pid))
    if not configured():
        flash(_("E-mail is not set up on this server: download the PDF and send it yourself."))
        return back
    form = EmailReportForm()
    if not form.validate_on_submit():
        return detail_page(partnership, record, email_form=form, status=422)
    recipient = form.recipient.data.strip()
    try:
        send_report(partnership, record, recipient, g.user)
    except MailError as error:
        flash(str(error), "danger")
        return back
    record_sent(partnership, date.today(), SentHow.EMAIL, recipient)
    flash(
        _("The report was e-mailed to %(address)s.", address=recipient),
        "success",
    )
    return redirect(url_for("partner_reports.index", slug=partnership.project.slug))
