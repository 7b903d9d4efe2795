"""A partner report e-mailed to the partner through the letters' mail set-up, PDF attached."""

from __future__ import annotations

import smtplib

from flask import current_app
from flask_babel import gettext as _

from planner.letters.compose import letter_locale, names_in
from planner.letters.mail import MailError, deliver, pdf_email, smtp_reason
from planner.letters.printed import organisation
from planner.models import PartnerReport, Partnership, User
from planner.partner_reports.printed import file_name, report_pdf
from planner.partners.rules import writing_language


def message(partnership: Partnership, record: PartnerReport | None, recipient: str, user):
    """The e-mail, in the partner's language, with its report attached as PDF."""
    org = organisation()
    language = writing_language(partnership.partner, org)
    with letter_locale(language):
        names = names_in(language, org, partnership.project)
        subject = _(
            "What you made possible in %(project)s",
            project=names.project,
        )
        body = _(
            "Hello,\n\n"
            "%(project)s is over, and we would like you to know what your help made "
            "possible. Our report for you is attached.\n\n"
            "Thank you!\n\n"
            "With best regards,\n%(name)s\n%(organisation)s",
            project=names.project,
            name=user.name if user else "",
            organisation=names.organisation,
        )
    pdf = report_pdf(partnership, record)
    return pdf_email(subject, body, recipient, user, file_name(partnership), pdf)


def send_report(
    partnership: Partnership, record: PartnerReport | None, recipient: str, user: User | None
) -> None:
    """E-mail the report. Raises MailError, for the coordinator, when the server does not
    take it; the caller records it as sent only after this returns."""
    email = message(partnership, record, recipient, user)
    server = current_app.config["MAIL_SERVER"]
    try:
        deliver(email)
    except smtplib.SMTPRecipientsRefused as error:
        raise MailError(
            _(
                "The mail server %(server)s refused the address %(address)s. Nothing was "
                "sent and the report is not marked as sent.",
                server=server,
                address=recipient,
            )
        ) from error
    except smtplib.SMTPException as error:
        raise MailError(
            _(
                "The mail server %(server)s refused the message (%(reason)s). Nothing was "
                "sent and the report is not marked as sent.",
                server=server,
                reason=smtp_reason(error),
            )
        ) from error
    except OSError as error:
        raise MailError(
            _(
                "The mail server %(server)s could not be reached. Nothing was sent: try "
                "again later, or download the PDF, send it yourself and mark it as sent.",
                server=server,
            )
        ) from error
