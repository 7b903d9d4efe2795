"""Sending a letter by e-mail, and the page where the partner confirms it online."""

from flask import abort, flash, g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from planner.auth import public
from planner.enums import LetterStatus
from planner.extensions import db
from planner.letters import bp, mail
from planner.letters.compose import letter_locale, view_of
from planner.letters.forms import ChangesForm, ConfirmForm, EmailForm
from planner.letters.mail import Link
from planner.letters.printed import letter_pdf, organisation
from planner.letters.routes import (
    commit_partnership,
    conflict,
    flash_errors,
    freeze,
    get_letter,
    pdf_response,
    sent_already,
)
from planner.letters.transitions import Taken
from planner.models import LetterEmail, now
from planner.uploads import data_uri

SENDABLE = (LetterStatus.DRAFT, LetterStatus.SENT)


@bp.post("/letters/<id:letter_id>/email")
def email(letter_id: int):
    """E-mail the letter to the partner with its PDF and a link to confirm it online; a draft
    is marked as sent first."""
    letter = get_letter(letter_id)
    back = redirect(url_for("letters.detail", letter_id=letter_id))
    if letter.status not in SENDABLE:
        abort(409, _("Only a draft or a sent letter can be e-mailed to the partner."))
    if not mail.configured():
        flash(_("E-mail is not set up on this server: download the PDF and send it yourself."))
        return back
    form = EmailForm()
    if not form.validate_on_submit():
        flash_errors(form)
        return back
    recipient = (form.recipient.data or "").strip() or letter.partnership.partner.email
    if not recipient:
        flash(_("Give the partner's e-mail address: none is on record."), "danger")
        return back
    if letter.status is LetterStatus.DRAFT:
        try:
            freeze(letter)
        except Taken:
            # Sent a moment ago by someone else, who may be e-mailing it too: not twice.
            return conflict(letter, sent_already(letter))
    try:
        mail.send_letter(letter, recipient, g.user)
    except mail.MailError as error:
        db.session.rollback()  # a draft stays a draft
        flash(str(error), "danger")
        return back
    db.session.commit()
    flash(
        _(
            "Letter %(reference)s was e-mailed to %(address)s with a link to confirm it online.",
            reference=letter.reference,
            address=recipient,
        ),
        "success",
    )
    return back


@bp.post("/letters/<id:letter_id>/links/revoke")
def revoke_links(letter_id: int):
    """Withdraw the confirmation links e-mailed with the letter."""
    letter = get_letter(letter_id)
    if mail.revoke(letter):
        db.session.commit()
        flash(_("The confirmation links no longer work."), "success")
    return redirect(url_for("letters.detail", letter_id=letter_id))


def link_or_404(token: str) -> LetterEmail:
    link = mail.find_link(token) if len(token) <= 100 else None
    if link is None:
        abort(404)
    return link


def confirm_page(link: LetterEmail, confirm_form=None, changes_form=None, status: int = 200):
    letter = link.letter
    state = mail.state(link)
    code = 410 if state in (Link.CLOSED, Link.EXPIRED) else status
    with letter_locale(letter.language):
        view = view_of(letter, organisation(), now().date())
        html = render_template(
            "letters/confirm.html",
            link=link,
            token=request.view_args["token"],
            letter=letter,
            view=view,
            state=state,
            Link=Link,
            logo_src=data_uri(view["organisation"]["logo"]),
            confirm_form=confirm_form or ConfirmForm(),
            changes_form=changes_form or ChangesForm(),
        )
    response = make_response(html, code)
    # The token is in the address: never pass it on to another site, never keep the page.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/confirm/<token>")
@public
def confirm(token: str):
    """The partner's page for one e-mailed letter: read it, confirm it or ask for changes."""
    return confirm_page(link_or_404(token))


@bp.get("/confirm/<token>.pdf")
@public
def confirm_pdf(token: str):
    """The letter's PDF for the partner: as sent, or with the confirmation once confirmed."""
    link = link_or_404(token)
    if mail.state(link) not in (Link.OPEN, Link.CONFIRMED):
        return confirm_page(link)
    letter = link.letter
    response = pdf_response(letter_pdf(letter), f"{letter.reference}.pdf")
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/confirm/<token>")
@public
def confirm_post(token: str):
    """Confirm the letter online: it is signed and the partnership committed, once."""
    link = link_or_404(token)
    letter = link.letter
    if mail.state(link) is not Link.OPEN:
        # Too late: the page says what happened (409; 410 for a link that no longer works).
        return confirm_page(link, status=409)
    with letter_locale(letter.language):
        form = ConfirmForm()
        valid = form.validate_on_submit()
    if not valid:
        return confirm_page(link, confirm_form=form, status=400)
    if not mail.confirm(link, form.name.data.strip(), form.title.data.strip()):
        # Confirmed (or signed, or declined) a moment ago: the page says by whom and when.
        return confirm_page(link, status=409)
    commit_partnership(letter, None)
    db.session.commit()
    return redirect(url_for("letters.confirm", token=token), 303)


@bp.post("/confirm/<token>/changes")
@public
def request_changes(token: str):
    """Ask for changes: the comment goes to the coordinator; the letter stays sent."""
    link = link_or_404(token)
    letter = link.letter
    if mail.state(link) is not Link.OPEN:
        return confirm_page(link, status=409)
    with letter_locale(letter.language):
        form = ChangesForm()
        valid = form.validate_on_submit()
    if not valid:
        return confirm_page(link, changes_form=form, status=400)
    if not mail.request_changes(link, form.comment.data.strip()):
        return confirm_page(link, status=409)
    db.session.commit()
    return redirect(url_for("letters.confirm", token=token), 303)
