from datetime import date
from pathlib import Path

import sqlalchemy as sa
from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from planner.enums import Language, LetterStatus, Status
from planner.extensions import db
from planner.letters import bp, mail
from planner.letters.compose import default_paragraphs, default_place, draft, send, view_of
from planner.letters.forms import (
    DeclineForm,
    DraftForm,
    EmailForm,
    NewLetterForm,
    ScanForm,
    SignForm,
)
from planner.letters.printed import document, keep, letter_pdf, letters_pdf, organisation
from planner.letters.queries import project_letters
from planner.models import Letter, Partnership, User, now
from planner.partnerships.history import change_status
from planner.partnerships.queries import get_partnership
from planner.projects.queries import get_project
from planner.uploads import DOCUMENTS, UploadError, data_uri, save_upload, send_upload

BEFORE_AGREED = frozenset({Status.CANDIDATE, Status.CONTACTED, Status.NEGOTIATING})


def flash_errors(form) -> None:
    for errors in form.errors.values():
        flash(" ".join(str(error) for error in errors), "danger")


def get_letter(letter_id: int) -> Letter:
    return db.first_or_404(
        sa.select(Letter)
        .where(Letter.id == letter_id)
        .options(
            joinedload(Letter.partnership).options(
                joinedload(Partnership.project), joinedload(Partnership.partner)
            )
        )
    )


def get_draft(letter_id: int) -> Letter:
    """A letter that may still change; a sent one is refused (409), never altered."""
    letter = get_letter(letter_id)
    if letter.status is not LetterStatus.DRAFT:
        abort(409, _("This letter was sent: it can no longer change. Make an amendment instead."))
    return letter


@bp.post("/partnerships/<id:pid>/letters/new")
def create(pid: int):
    """Start a draft commitment letter for a partnership."""
    partnership = get_partnership(pid)
    form = NewLetterForm()
    if not form.validate_on_submit():
        abort(400)
    # No language chosen: the partner's preferred one, else the organisation's.
    language = Language(form.language.data) if form.language.data else None
    letter = draft(partnership, language, organisation(), date.today())
    db.session.commit()
    flash(_("A draft letter is ready. It follows the matrix until you send it."), "success")
    return redirect(url_for("letters.detail", letter_id=letter.id))


@bp.get("/letters/<id:letter_id>/")
def detail(letter_id: int):
    """Show a letter with what can be done with it at its stage."""
    letter = get_letter(letter_id)
    org = organisation()
    versions = db.session.scalars(
        sa.select(Letter)
        .where(Letter.partnership_id == letter.partnership_id)
        .order_by(Letter.version, Letter.id)
    ).all()
    today = date.today()
    view = view_of(letter, org, today)
    return render_template(
        "letters/detail.html",
        letter=letter,
        view=view,
        logo_src=data_uri(view["organisation"]["logo"]),
        versions=versions,
        draft_form=DraftForm(obj=letter, data={"language": letter.language.value}),
        sign_form=SignForm(data={"signed_on": today}),
        decline_form=DeclineForm(data={"declined_on": today}),
        scan_form=ScanForm(),
        emails=mail.letter_emails(letter),
        email_form=EmailForm(data={"recipient": letter.partnership.partner.email}),
        mail_configured=mail.configured(),
        now=now(),
    )


@bp.post("/letters/<id:letter_id>/edit")
def edit(letter_id: int):
    """Change a draft's language, place or paragraphs."""
    letter = get_draft(letter_id)
    form = DraftForm()
    if form.validate_on_submit():
        language = Language(form.language.data)
        org = organisation()
        letter.place = form.place.data or ""
        if language is not letter.language:
            # The place follows the language too, unless someone wrote another one.
            if letter.place == default_place(letter.language, org):
                letter.place = default_place(language, org)
            letter.language = language
            default_paragraphs(letter, org)
            flash(_("The paragraphs were reset to the new language's wording."), "info")
        else:
            letter.opening = form.opening.data or ""
            letter.closing = form.closing.data or ""
        db.session.commit()
        flash(_("The draft is saved."), "success")
    else:
        flash_errors(form)
    return redirect(url_for("letters.detail", letter_id=letter_id))


def freeze(letter: Letter) -> None:
    """Mark a draft as sent (not committed): its text is frozen, the partnership agreed."""
    send(letter, organisation(), date.today())
    if letter.partnership.status in BEFORE_AGREED:
        change_status(letter.partnership, Status.AGREED, g.user)
    keep(letter)  # the PDF of what was sent, made once


def commit_partnership(letter: Letter, user: User | None) -> None:
    """A signed letter commits its partnership (unless the work has already begun)."""
    if letter.partnership.status not in (Status.ACTIVE, Status.COMPLETED):
        change_status(letter.partnership, Status.COMMITTED, user)


@bp.post("/letters/<id:letter_id>/send")
def mark_sent(letter_id: int):
    """Freeze the letter as sent; the partnership is then agreed."""
    letter = get_draft(letter_id)
    freeze(letter)
    db.session.commit()
    flash(
        _(
            "Letter %(reference)s is sent; its text can no longer change.",
            reference=letter.reference,
        ),
        "success",
    )
    return redirect(url_for("letters.detail", letter_id=letter_id))


def get_sent(letter_id: int) -> Letter:
    letter = get_letter(letter_id)
    if letter.status is not LetterStatus.SENT:
        abort(409, _("Only a sent letter can be signed or declined."))
    return letter


@bp.post("/letters/<id:letter_id>/sign")
def sign(letter_id: int):
    """Record the partner's signature; the partnership becomes committed."""
    letter = get_sent(letter_id)
    form = SignForm()
    if not form.validate_on_submit():
        flash_errors(form)
        return redirect(url_for("letters.detail", letter_id=letter_id))
    letter.status = LetterStatus.SIGNED
    letter.signed_on = form.signed_on.data
    letter.partner_signatory = form.partner_signatory.data
    commit_partnership(letter, g.user)
    db.session.commit()
    flash(_("The signature is recorded and the partnership is committed."), "success")
    return redirect(url_for("letters.detail", letter_id=letter_id))


@bp.post("/letters/<id:letter_id>/decline")
def decline(letter_id: int):
    """Record that the partner declined the letter."""
    letter = get_sent(letter_id)
    form = DeclineForm()
    if form.validate_on_submit():
        letter.status = LetterStatus.DECLINED
        letter.declined_on = form.declined_on.data
        db.session.commit()
        flash(_("The letter is marked as declined."), "warning")
    else:
        flash_errors(form)
    return redirect(url_for("letters.detail", letter_id=letter_id))


@bp.post("/letters/<id:letter_id>/amend")
def amend(letter_id: int):
    """Start an amendment: a new draft that refers to this sent letter."""
    previous = get_letter(letter_id)
    if previous.status is LetterStatus.DRAFT:
        abort(409, _("A draft can still be edited; amend a letter once it is sent."))
    newer = db.session.scalar(sa.select(Letter.id).where(Letter.amends_id == previous.id))
    if newer is not None:
        flash(_("This letter already has an amendment: work on that one."), "warning")
        return redirect(url_for("letters.detail", letter_id=newer))
    letter = draft(
        previous.partnership, previous.language, organisation(), date.today(), amends=previous
    )
    db.session.commit()
    flash(
        _(
            "Amendment %(reference)s to letter %(previous)s is a draft.",
            reference=letter.reference,
            previous=previous.reference,
        ),
        "success",
    )
    return redirect(url_for("letters.detail", letter_id=letter.id))


@bp.post("/letters/<id:letter_id>/scan")
def upload_scan(letter_id: int):
    """Attach the signed copy (PDF or image)."""
    letter = get_letter(letter_id)
    if letter.status is LetterStatus.DRAFT:
        abort(409, _("Send the letter before attaching a signed copy."))
    form = ScanForm()
    if form.validate_on_submit():
        try:
            letter.scan_file = save_upload(form.scan.data, DOCUMENTS)
        except UploadError as error:
            flash(str(error), "danger")
        else:
            letter.scan_name = (form.scan.data.filename or "signed copy")[:200]
            db.session.commit()
            flash(_("The signed copy is attached."), "success")
    else:
        flash_errors(form)
    return redirect(url_for("letters.detail", letter_id=letter_id))


@bp.get("/letters/<id:letter_id>/scan")
def scan(letter_id: int):
    """Download the signed copy."""
    letter = get_letter(letter_id)
    kind = Path(letter.scan_file or "").suffix  # the stored name's extension: .pdf, .png, .jpg
    return send_upload(letter.scan_file, f"{letter.reference}-signed{kind}")


@bp.get("/letters/<id:letter_id>/print")
def print_view(letter_id: int):
    """The letter alone, laid out for the printer."""
    return document(get_letter(letter_id))


@bp.get("/letters/<id:letter_id>.pdf")
def pdf(letter_id: int):
    """Download the letter as PDF."""
    letter = get_letter(letter_id)
    return pdf_response(letter_pdf(letter), f"{letter.reference}.pdf")


@bp.get("/projects/<slug>/letters/")
def index(slug: str):
    """List every letter of a project: partner, status, version, language and dates."""
    project = get_project(slug)
    return render_template("letters/index.html", project=project, letters=project_letters(project))


@bp.get("/projects/<slug>/letters.pdf")
def project_pdf(slug: str):
    """Download a project's letters as one PDF: every letter, or with ?sent=1 the sent ones
    (as sent, to print and post)."""
    project = get_project(slug)
    query = sa.select(Letter).join(Partnership).where(Partnership.project_id == project.id)
    if request.args.get("sent"):
        query = query.where(Letter.sent_on.is_not(None))
    letters = db.session.scalars(
        query.options(joinedload(Letter.partnership)).order_by(Letter.reference)
    ).all()
    if not letters:
        abort(404, _("This project has no letters yet."))
    return pdf_response(letters_pdf(letters, project.title), f"{slug}-letters.pdf")


def pdf_response(body: bytes, name: str) -> Response:
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )
