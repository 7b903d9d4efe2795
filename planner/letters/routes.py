from datetime import date
from pathlib import Path

import sqlalchemy as sa
from flask import (
    Response,
    abort,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload
from werkzeug.utils import secure_filename

from planner.enums import Language, LetterStatus, Status
from planner.extensions import db
from planner.formats import format_date, format_datetime
from planner.htmx import render
from planner.letters import batches, bp, mail, transitions
from planner.letters.compose import default_paragraphs, default_place, view_of
from planner.letters.forms import (
    DeclineForm,
    DraftForm,
    EmailForm,
    NewLetterForm,
    ScanForm,
    SignForm,
)
from planner.letters.printed import document, keep, letter_pdf, letters_pdf, organisation
from planner.letters.queries import letter_scans, project_letters
from planner.letters.transitions import Taken
from planner.models import Letter, LetterScan, Partnership, User, now
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


def sent_already(letter: Letter) -> str:
    """Who sent the letter and when, for someone who meant to send or change it."""
    sender = letter.sent_by.name if letter.sent_by else ""
    if letter.status is LetterStatus.SENT and letter.status_changed_at:
        when = format_datetime(letter.status_changed_at)
    else:
        when = format_date(letter.sent_on)
    if sender:
        return _("This letter was already sent on %(date)s by %(name)s.", date=when, name=sender)
    return _("This letter was already sent on %(date)s.", date=when)


def moved_on(letter: Letter) -> str:
    """What became of a sent letter, for someone who meant to sign or decline it."""
    who = letter.status_changed_by.name if letter.status_changed_by else ""
    when = format_datetime(letter.status_changed_at) if letter.status_changed_at else ""
    if letter.status is LetterStatus.DRAFT:
        return _("Only a sent letter can be signed or declined.")
    if letter.confirmed_at:
        return _(
            "The partner already confirmed this letter online on %(date)s.",
            date=format_datetime(letter.confirmed_at),
        )
    if letter.status is LetterStatus.SIGNED:
        if who and when:
            return _(
                "The signature was already recorded on %(date)s by %(name)s.", date=when, name=who
            )
        return _(
            "The signature was already recorded: signed on %(date)s.",
            date=format_date(letter.signed_on),
        )
    if letter.status is LetterStatus.DECLINED:
        if who and when:
            return _(
                "This letter was already marked as declined on %(date)s by %(name)s.",
                date=when,
                name=who,
            )
        return _(
            "This letter was already marked as declined on %(date)s.",
            date=format_date(letter.declined_on),
        )
    return _("This letter has an amendment: it no longer waits for a signature.")


def conflict(letter: Letter, message: str, amendment: Letter | None = None) -> Response:
    """The 409 page (or fragment) for a step someone else took first: nothing was changed."""
    response = render(
        "letters/conflict.html",
        "letters/_conflict.html",
        letter=letter,
        message=message,
        amendment=amendment,
    )
    response.status_code = 409
    return response


def conflict_abort(letter: Letter, message: str, amendment: Letter | None = None):
    abort(conflict(letter, message, amendment))


def get_draft(letter_id: int) -> Letter:
    """A letter that may still change; a sent one is refused (409), never altered."""
    letter = get_letter(letter_id)
    if letter.status is not LetterStatus.DRAFT:
        conflict_abort(letter, sent_already(letter))
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
    letter = transitions.create(partnership, language, organisation(), date.today(), g.user)
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
        scans=letter_scans(letter),
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
        # Worked out on the letter, then written only if it is still a draft: a draft sent a
        # moment ago keeps the text it was sent with (and that its amendment starts from).
        with db.session.no_autoflush:
            reset = language is not letter.language
            letter.place = form.place.data or ""
            if reset:
                # The place follows the language too, unless someone wrote another one.
                if letter.place == default_place(letter.language, org):
                    letter.place = default_place(language, org)
                letter.language = language
                default_paragraphs(letter, org)
            else:
                letter.opening = form.opening.data or ""
                letter.closing = form.closing.data or ""
            values = {
                "language": letter.language,
                "place": letter.place,
                "opening": letter.opening,
                "closing": letter.closing,
            }
        db.session.expire(letter)
        try:
            transitions.step(letter, LetterStatus.DRAFT, **values)
        except Taken:
            return conflict(letter, sent_already(letter))
        db.session.commit()
        if reset:
            flash(_("The paragraphs were reset to the new language's wording."), "info")
        flash(_("The draft is saved."), "success")
    else:
        flash_errors(form)
    return redirect(url_for("letters.detail", letter_id=letter_id))


def freeze(letter: Letter) -> None:
    """Mark a draft as sent (not committed): its text is frozen, the partnership agreed.

    Raises Taken when it was sent (by someone else) a moment ago.
    """
    transitions.send(letter, organisation(), date.today(), g.user)
    if letter.partnership.status in BEFORE_AGREED:
        change_status(letter.partnership, Status.AGREED, g.user)


def commit_partnership(letter: Letter, user: User | None) -> None:
    """A signed letter commits its partnership (unless the work has already begun)."""
    if letter.partnership.status not in (Status.ACTIVE, Status.COMPLETED):
        change_status(letter.partnership, Status.COMMITTED, user)


@bp.post("/letters/<id:letter_id>/send")
def mark_sent(letter_id: int):
    """Freeze the letter as sent; the partnership is then agreed."""
    letter = get_draft(letter_id)
    try:
        freeze(letter)
    except Taken:
        return conflict(letter, sent_already(letter))
    db.session.commit()
    keep(letter)  # the PDF of what was sent, made once (after the commit: no lock held meanwhile)
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
        conflict_abort(letter, moved_on(letter))
    return letter


@bp.post("/letters/<id:letter_id>/sign")
def sign(letter_id: int):
    """Record the partner's signature; the partnership becomes committed."""
    letter = get_sent(letter_id)
    form = SignForm()
    if not form.validate_on_submit():
        flash_errors(form)
        return redirect(url_for("letters.detail", letter_id=letter_id))
    try:
        transitions.sign(letter, form.signed_on.data, form.partner_signatory.data, g.user)
    except Taken:
        return conflict(letter, moved_on(letter))
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
        try:
            transitions.decline(letter, form.declined_on.data, g.user)
        except Taken:
            return conflict(letter, moved_on(letter))
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
        conflict_abort(previous, _("A draft can still be edited; amend a letter once it is sent."))
    try:
        letter = transitions.amend(previous, organisation(), date.today(), g.user)
    except Taken as taken:
        return conflict(previous, amended_already(taken.letter), amendment=taken.letter)
    flash(
        _(
            "Amendment %(reference)s to letter %(previous)s is a draft.",
            reference=letter.reference,
            previous=previous.reference,
        ),
        "success",
    )
    return redirect(url_for("letters.detail", letter_id=letter.id))


def amended_already(amendment: Letter) -> str:
    who = amendment.created_by.name if amendment.created_by else ""
    when = format_datetime(amendment.created_at)
    if who:
        return _(
            "This letter already has an amendment, %(reference)s, started on %(date)s by "
            "%(name)s: work on that one.",
            reference=amendment.reference,
            date=when,
            name=who,
        )
    return _(
        "This letter already has an amendment, %(reference)s, started on %(date)s: work on "
        "that one.",
        reference=amendment.reference,
        date=when,
    )


@bp.post("/letters/<id:letter_id>/scan")
def upload_scan(letter_id: int):
    """Attach the signed copy (PDF or image)."""
    letter = get_letter(letter_id)
    if letter.status is LetterStatus.DRAFT:
        abort(409, _("Send the letter before attaching a signed copy."))
    form = ScanForm()
    if form.validate_on_submit():
        try:
            file = save_upload(form.scan.data, DOCUMENTS)
        except UploadError as error:
            flash(str(error), "danger")
        else:
            replaced = letter.scan_file is not None
            name = (form.scan.data.filename or "signed copy")[:200]
            # The new copy becomes the current one; those before it stay in its history.
            db.session.add(
                LetterScan(letter_id=letter.id, file=file, name=name, uploaded_by=g.user)
            )
            letter.scan_file, letter.scan_name = file, name
            db.session.commit()
            if replaced:
                flash(_("The signed copy is replaced; the earlier one is kept."), "success")
            else:
                flash(_("The signed copy is attached."), "success")
    else:
        flash_errors(form)
    return redirect(url_for("letters.detail", letter_id=letter_id))


def scan_response(letter: Letter, file: str | None, suffix: str = ""):
    """A signed copy as a download, never shown in the browser: whatever a file claims to be,
    it is not run as a page of this site."""
    kind = Path(file or "").suffix  # the stored name's extension: .pdf, .png, .jpg
    # The reference is the app's own (letters, digits, hyphens): a safe name to save as.
    name = secure_filename(f"{letter.reference}-signed{suffix}{kind}") or f"signed{kind}"
    response = send_upload(file, name, as_attachment=True)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/letters/<id:letter_id>/scan")
def scan(letter_id: int):
    """Download the current signed copy."""
    letter = get_letter(letter_id)
    return scan_response(letter, letter.scan_file)


@bp.get("/letters/<id:letter_id>/scans/<id:scan_id>")
def earlier_scan(letter_id: int, scan_id: int):
    """Download one of the letter's signed copies, an earlier one too."""
    letter = get_letter(letter_id)
    item = db.first_or_404(
        sa.select(LetterScan).where(LetterScan.id == scan_id, LetterScan.letter_id == letter.id)
    )
    return scan_response(letter, item.file, f"-{item.uploaded_at.date().isoformat()}")


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
    # Held first: taking the hold commits, which would expire letters loaded before it.
    try:
        with batches.one_at_a_time(g.user):
            query = sa.select(Letter).join(Partnership).where(Partnership.project_id == project.id)
            if request.args.get("sent"):
                query = query.where(Letter.sent_on.is_not(None))
            letters = db.session.scalars(
                query.options(joinedload(Letter.partnership)).order_by(Letter.reference)
            ).all()
            if not letters:
                abort(404, _("This project has no letters yet."))
            body = letters_pdf(letters, project.title)
    except batches.Busy:
        return busy(project)
    return pdf_response(body, f"{slug}-letters.pdf")


def busy(project) -> Response:
    """A second batch PDF while the first is being made: told, not queued on a worker."""
    response = make_response(render_template("letters/busy.html", project=project), 409)
    response.headers["Retry-After"] = "60"
    return response


def pdf_response(body: bytes, name: str) -> Response:
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )
