"""A sent letter e-mailed to the partner, and the link with which the partner confirms it online.

Each e-mail carries its own link. The link's token (256 random bits) is only in the e-mail;
the database keeps its SHA-256, so reading the database gives no way to confirm. A link
works for the one letter version it was sent with, until it expires (`LETTER_LINK_DAYS`),
is withdrawn, or the letter is amended, signed or declined; after a confirmation it shows
the confirmed letter and changes nothing more.

SMTP comes from the settings `MAIL_SERVER`, `MAIL_PORT`, `MAIL_USERNAME`, `MAIL_PASSWORD`,
`MAIL_USE_TLS` and `MAIL_DEFAULT_SENDER` (`PLANNER_MAIL_…` in the environment), read when a
letter is sent.
"""

from __future__ import annotations

import hashlib
import secrets
import smtplib
from contextlib import suppress
from datetime import timedelta
from email.utils import formataddr
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from planner.enums import LetterStatus
from planner.extensions import db
from planner.letters.compose import letter_locale, long_date
from planner.letters.printed import letter_pdf, organisation
from planner.letters.transitions import moved_stamp
from planner.models import Letter, LetterEmail, Partnership, User, now

if TYPE_CHECKING:
    from flask_mailman import EmailMessage

# How a signature was given: recorded by hand from a signed copy ("") or confirmed online.
ONLINE = "online"
# How long the mail server may take before the coordinator is told it is down.
MAIL_TIMEOUT = 20


class MailError(Exception):
    """The letter could not be e-mailed; the message says why, for the coordinator."""


class Link(StrEnum):
    """What a confirmation link can still do."""

    OPEN = "open"  # confirm or ask for changes
    CONFIRMED = "confirmed"  # used: shows the confirmed letter
    CLOSED = "closed"  # the letter was amended, signed by hand or declined
    EXPIRED = "expired"


def configured() -> bool:
    """Whether a mail server is set up to send letters through."""
    return bool(current_app.config.get("MAIL_SERVER"))


def link_days() -> int:
    return int(current_app.config.get("LETTER_LINK_DAYS") or 30)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sender() -> str:
    config = current_app.config
    address = (
        config.get("MAIL_DEFAULT_SENDER") or organisation().email or config.get("MAIL_USERNAME")
    )
    if not address:
        raise MailError(
            _(
                "The mail server is set up without a sender address: set "
                "PLANNER_MAIL_DEFAULT_SENDER. Nothing was sent and the letter is unchanged."
            )
        )
    # A bare address is shown with the organisation's name; a full "Name <address>" as given.
    return address if "<" in address else formataddr((organisation().name, address))


def flag(value) -> bool:
    """A yes/no setting, also when the environment gave it as text ("False", "no", "0")."""
    if isinstance(value, str):
        return value.strip().lower() not in ("", "0", "false", "no", "off")
    return bool(value)


def mailer():
    """Flask-Mailman for this app, bound at the first e-mail: importing it (and the e-mail
    modules it brings) when the app starts cost a tenth of the start-up."""
    from flask_mailman import Mail

    app = current_app._get_current_object()
    return app.extensions.get("mailman") or Mail().init_app(app)


def connection():
    config = current_app.config
    use_tls = flag(config.get("MAIL_USE_TLS"))
    # SMTP always, even in testing (where Flask-Mailman would keep messages in memory): the
    # tests talk to a real server on loopback.
    return mailer().get_connection(
        backend="smtp",
        host=config["MAIL_SERVER"],
        port=int(config.get("MAIL_PORT") or (587 if use_tls else 25)),
        username=config.get("MAIL_USERNAME") or "",
        password=config.get("MAIL_PASSWORD") or "",
        use_tls=use_tls,
        use_ssl=flag(config.get("MAIL_USE_SSL")),
        timeout=config.get("MAIL_TIMEOUT") or MAIL_TIMEOUT,
    )


def message(letter: Letter, recipient: str, link: str, expires: str, user: User | None):
    """The e-mail, in the letter's language, with the letter's PDF attached."""
    org = organisation()
    with letter_locale(letter.language):
        subject = _(
            "Letter %(reference)s from %(organisation)s: please confirm",
            reference=letter.reference,
            organisation=org.name,
        )
        body = _(
            "Hello,\n\n"
            "Please find attached our letter %(reference)s on our mutual commitments "
            "in %(project)s (fingerprint %(fingerprint)s).\n\n"
            "You can read it, confirm it or ask for changes online, without an account:\n"
            "%(link)s\n\n"
            "The link works until %(expires)s. If you prefer, sign the attached letter and "
            "send us a scan.\n\n"
            "With best regards,\n%(name)s\n%(organisation)s",
            reference=letter.reference,
            project=letter.partnership.project.title,
            fingerprint=letter.fingerprint,
            link=link,
            expires=expires,
            name=user.name if user else "",
            organisation=org.name,
        )
    return pdf_email(subject, body, recipient, user, f"{letter.reference}.pdf", letter_pdf(letter))


def pdf_email(subject: str, body: str, recipient: str, user: User | None, name: str, pdf: bytes):
    """An e-mail to a partner with one PDF attached, answered to the coordinator sending it."""
    from flask_mailman import EmailMessage  # loaded with the first e-mail, as mailer() is

    email = EmailMessage(
        subject=subject,
        body=body,
        from_email=sender(),
        to=[recipient],
        reply_to=[user.email] if user and user.email else None,
    )
    email.attach(name, pdf, "application/pdf")
    return email


def send_letter(letter: Letter, recipient: str, user: User | None) -> LetterEmail:
    """E-mail a sent letter with a new confirmation link and record it (in the session, not
    committed). Raises MailError, recording nothing, when the mail server does not take it."""
    token = secrets.token_urlsafe(32)
    sent_at = now()
    record = LetterEmail(
        letter=letter,
        recipient=recipient,
        sent_at=sent_at,
        sent_by=user,
        token_hash=token_hash(token),
        expires_at=sent_at + timedelta(days=link_days()),
    )
    link = url_for("letters.confirm", token=token, _external=True)
    with letter_locale(letter.language):
        expires = long_date(record.expires_at.date())
    email = message(letter, recipient, link, expires, user)
    server = current_app.config["MAIL_SERVER"]
    try:
        deliver(email)
    except smtplib.SMTPRecipientsRefused as error:
        raise MailError(
            _(
                "The mail server %(server)s refused the address %(address)s. Nothing was sent "
                "and the letter is unchanged.",
                server=server,
                address=recipient,
            )
        ) from error
    except smtplib.SMTPException as error:
        raise MailError(
            _(
                "The mail server %(server)s refused the message (%(reason)s). Nothing was sent "
                "and the letter is unchanged.",
                server=server,
                reason=smtp_reason(error),
            )
        ) from error
    except OSError as error:
        raise MailError(
            _(
                "The mail server %(server)s could not be reached. Nothing was sent and the "
                "letter is unchanged: try again later, or download the PDF and send it yourself.",
                server=server,
            )
        ) from error
    # Added only now: an e-mail the server did not take is never recorded.
    db.session.add(record)
    return record


def deliver(email: EmailMessage) -> None:
    backend = connection()
    try:
        backend.send_messages([email])
    finally:
        # The backend leaves its connection open when the server refuses: close it always.
        # A server that already hung up: the message's fate is known either way.
        with suppress(smtplib.SMTPException, OSError):
            backend.close()


def smtp_reason(error: smtplib.SMTPException) -> str:
    """The server's own words, when it gave some."""
    text = getattr(error, "smtp_error", None)
    if isinstance(text, bytes):
        text = text.decode(errors="replace")
    return str(text or error)


def letter_emails(letter: Letter) -> list[LetterEmail]:
    return db.session.scalars(
        sa.select(LetterEmail)
        .where(LetterEmail.letter_id == letter.id)
        .options(joinedload(LetterEmail.sent_by))
        .order_by(LetterEmail.sent_at, LetterEmail.id)
    ).all()


def revoke(letter: Letter) -> int:
    """Withdraw every link of the letter that still works; how many there were."""
    links = db.session.scalars(
        sa.select(LetterEmail).where(
            LetterEmail.letter_id == letter.id, LetterEmail.revoked_at.is_(None)
        )
    ).all()
    for link in links:
        link.revoked_at = now()
    return len(links)


def find_link(token: str) -> LetterEmail | None:
    """The e-mail a link was sent in, unless the link is unknown or was withdrawn."""
    return db.session.scalar(
        sa.select(LetterEmail)
        .where(LetterEmail.token_hash == token_hash(token), LetterEmail.revoked_at.is_(None))
        .options(
            joinedload(LetterEmail.letter)
            .joinedload(Letter.partnership)
            .options(joinedload(Partnership.partner), joinedload(Partnership.project))
        )
    )


def state(link: LetterEmail) -> Link:
    letter = link.letter
    if letter.status is LetterStatus.SIGNED and letter.signed_method == ONLINE:
        return Link.CONFIRMED
    amended = db.session.scalar(sa.select(Letter.id).where(Letter.amends_id == letter.id))
    if letter.status is not LetterStatus.SENT or amended is not None:
        return Link.CLOSED
    if link.expires_at <= now():
        return Link.EXPIRED
    return Link.OPEN


def confirm(link: LetterEmail, name: str, title: str) -> bool:
    """Sign the letter online, once: False if it was no longer waiting (someone was first)."""
    letter = link.letter
    moment = now()
    moved_stamp()
    # The status in the WHERE clause decides between two confirmations at once: the second
    # finds the letter signed already and changes no row.
    changed = db.session.execute(
        sa.update(Letter)
        .where(Letter.id == letter.id, Letter.status == LetterStatus.SENT)
        .values(
            status=LetterStatus.SIGNED,
            signed_on=moment.date(),
            partner_signatory=name,
            partner_signatory_title=title,
            signed_method=ONLINE,
            confirmed_at=moment,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        db.session.rollback()
        return False
    db.session.refresh(letter)
    return True


def request_changes(link: LetterEmail, comment: str) -> bool:
    """Pass the partner's comment on, if the letter still waits for them: False (nothing
    written) when it was confirmed, signed or declined a moment ago."""
    letter = link.letter
    moved_stamp()
    changed = db.session.execute(
        sa.update(Letter)
        .where(Letter.id == letter.id, Letter.status == LetterStatus.SENT)
        .values(change_request=comment, change_requested_at=now())
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        db.session.rollback()
        return False
    db.session.refresh(letter)
    return True
