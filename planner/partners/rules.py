"""Rules about a partner that other areas follow."""

from planner.enums import ItemStatus, Language
from planner.models import Organisation, Partner

# A partner "gave" a category when an item of it was delivered, in full or in part.
GAVE = frozenset({ItemStatus.DELIVERED, ItemStatus.PARTLY_DELIVERED})


def writing_language(partner: Partner, org: Organisation | None) -> Language:
    """The language we write to a partner in (a new letter's): its own, else ours."""
    return partner.language or organisation_language(org)


def organisation_language(org: Organisation | None) -> Language:
    # Before set-up there is no organisation, or one not yet saved without a language.
    return (org.language if org is not None else None) or Language.EN
