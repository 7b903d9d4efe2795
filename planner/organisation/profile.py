import sqlalchemy as sa

from planner.enums import Language
from planner.extensions import db
from planner.i18n import organisation_language
from planner.models import DEFAULT_ACCENT, Organisation

PROFILE_FIELDS = {
    "org_name": "name",
    "address": "address",
    "place": "place",
    "name_translated": "name_translated",
    "address_translated": "address_translated",
    "place_translated": "place_translated",
    "website": "website",
    "org_email": "email",
    "signatory_name": "signatory_name",
    "signatory_title": "signatory_title",
    "currency": "currency",
    "intro": "intro",
    "accent_colour": "accent_colour",
}


def current_organisation() -> Organisation | None:
    return db.session.scalar(sa.select(Organisation).order_by(Organisation.id).limit(1))


def other_language() -> Language:
    """The language the organisation does not write in by default: its names and projects'
    titles are also kept in it, for letters to partners who read that one."""
    own = Language(organisation_language())
    return next(language for language in Language if language is not own)


def save_profile(org: Organisation, form) -> Organisation:
    """Copy the profile fields of `form` onto `org` and add it to the session."""
    for field, attribute in PROFILE_FIELDS.items():
        setattr(org, attribute, form[field].data or "")
    org.accent_colour = org.accent_colour or DEFAULT_ACCENT
    org.language = Language(form.language.data)
    db.session.add(org)
    return org


def profile_data(org: Organisation) -> dict:
    data = {field: getattr(org, attribute) for field, attribute in PROFILE_FIELDS.items()}
    data["language"] = org.language.value
    data["revision"] = org.revision
    return data
