"""What a partner report says, gathered for its document in the partner's language.

Internal values never appear: the report goes to the partner, and an internal value is for
the coordinator's eyes only (planner/matrix). Other values are written as the letters
write them, in the partner's language and the organisation's currency.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from planner.formats import format_money, format_number
from planner.letters.compose import greeting, long_date, names_in
from planner.letters.wording import wording
from planner.matrix.rules import compute_value
from planner.models import Commitment, Organisation, PartnerReport, Partnership
from planner.partner_reports import queries as q
from planner.partners.rules import writing_language
from planner.publishing.routes import site_url


def amount(item: Commitment) -> str:
    """The item's size and, unless internal, its worth: "300 loaves", "80 h · €800.00"."""
    parts = []
    if item.quantity is not None:
        parts.append(" ".join(filter(None, (format_number(item.quantity), item.unit))))
    if item.hours is not None:
        parts.append(_("%(hours)s h", hours=format_number(item.hours)))
    if not item.internal:
        value = compute_value(item.value, item.hours, item.hourly_rate)
        if value is not None:
            parts.append(format_money(value))
    return " · ".join(parts)


def public_link(partnership: Partnership, report) -> str:
    """The published report's address on the public site; "" while it is not published."""
    if report is None or report.published_at is None:
        return ""
    return site_url("site.report", slug=partnership.project.slug)


def view_of(
    partnership: Partnership, record: PartnerReport | None, org: Organisation, today: date
) -> dict:
    """Everything the document shows; call it inside the partner's locale (letter_locale)."""
    language = writing_language(partnership.partner, org)
    names = names_in(language, org, partnership.project)
    report = q.project_report(partnership.project)
    thanks = q.thanks_for(report, partnership)
    contact = partnership.partner_contact or partnership.partner.contact_person
    project = partnership.project
    return {
        "language": language.value,
        "organisation": {
            "name": names.organisation,
            "address": names.address,
            "website": org.website,
            "email": org.email,
            "logo": org.logo_file,
            "signatory": org.signatory_name,
            "signatory_title": org.signatory_title,
        },
        "partner": {"name": partnership.partner.name, "contact": contact},
        "project": names.project,
        "dates": " – ".join(
            long_date(d) for d in (project.start_date, project.end_date) if d is not None
        ),
        "date": long_date(record.sent_on if record and record.sent_on else today),
        "greeting": greeting(
            language,
            wording(language),
            contact,
            partnership.contact_form,
            partnership.contact_addressed_as,
        ),
        "given": [
            {
                "category": item.category.label,
                "description": item.description,
                "amount": amount(item),
            }
            for item in q.given_items(partnership)
        ],
        "made_possible": thanks.made_possible if thanks else "",
        "thank_you": thanks.thank_you if thanks else "",
        "results": [
            {"label": r.label, "value": format_number(r.value), "unit": r.unit}
            for r in q.key_results(report)
        ],
        "note": record.note if record else "",
        "link": public_link(partnership, report),
    }
