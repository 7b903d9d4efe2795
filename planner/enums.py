"""The product's vocabularies: every enumeration and its labels, in one place.

Values are what the database stores and URLs carry; labels are what people
read, in the page's language (the `LABELS` table below goes through gettext).
"""

from enum import StrEnum

from babel import Locale
from flask_babel import LazyString, get_locale
from flask_babel import lazy_gettext as _l
from wtforms.fields import SelectChoice


class Labelled(StrEnum):
    """A string enum whose members know their human label."""

    @property
    def label(self) -> str:
        """What people read, in the language of the page (or letter) being written."""
        return labels_in(get_locale())[self]

    @classmethod
    def choices(cls) -> list[SelectChoice]:
        """The members as a select's choices, in order; forms are made at import time, so the
        labels stay lazy and are written in the language of the page that shows them."""
        return [SelectChoice(member.value, LABELS[member]) for member in cls]


class Sector(Labelled):
    NGO = "ngo"
    BUSINESS = "business"
    GOVERNMENT = "government"
    MEDIA = "media"
    VOLUNTEERS = "volunteers"


class Subtype(Labelled):
    # ngo
    CHARITY = "charity"
    ASSOCIATION = "association"
    FOUNDATION = "foundation"
    NETWORK = "network"
    # business
    SOLE_TRADER = "sole_trader"
    SMALL_BUSINESS = "small_business"
    LARGE_COMPANY = "large_company"
    INTERNATIONAL = "international"
    # government
    NATIONAL = "national"
    REGIONAL = "regional"
    LOCAL = "local"
    STATE_INSTITUTION = "state_institution"
    # media
    PRINT = "print"
    RADIO = "radio"
    TV = "tv"
    ONLINE = "online"
    # volunteers
    ECO = "eco"
    DRIVERS = "drivers"
    SILVER = "silver"
    PARENTS = "parents"
    BLOGGERS = "bloggers"
    OTHER_GROUP = "other_group"


SUBTYPES: dict[Sector, tuple[Subtype, ...]] = {
    Sector.NGO: (Subtype.CHARITY, Subtype.ASSOCIATION, Subtype.FOUNDATION, Subtype.NETWORK),
    Sector.BUSINESS: (
        Subtype.SOLE_TRADER,
        Subtype.SMALL_BUSINESS,
        Subtype.LARGE_COMPANY,
        Subtype.INTERNATIONAL,
    ),
    Sector.GOVERNMENT: (
        Subtype.NATIONAL,
        Subtype.REGIONAL,
        Subtype.LOCAL,
        Subtype.STATE_INSTITUTION,
    ),
    Sector.MEDIA: (Subtype.PRINT, Subtype.RADIO, Subtype.TV, Subtype.ONLINE),
    Sector.VOLUNTEERS: (
        Subtype.ECO,
        Subtype.DRIVERS,
        Subtype.SILVER,
        Subtype.PARENTS,
        Subtype.BLOGGERS,
        Subtype.OTHER_GROUP,
    ),
}


class Reach(Labelled):
    """How far a partner's audience reaches: for media beside the medium (a local radio, a
    national newspaper), for bloggers and groups too."""

    LOCAL = "local"
    REGIONAL = "regional"
    NATIONAL = "national"


# The field's word on a kind where its name alone does not say why it matters.
SUBTYPE_HINTS: dict[Subtype, LazyString] = {
    Subtype.PARENTS: _l(
        "Parents' community: often parents on childcare leave, drawn to family and "
        "children's topics."
    ),
    Subtype.DRIVERS: _l("Driver volunteers: a “free taxi” for charities and their guests."),
    Subtype.BLOGGERS: _l("Bloggers: an audience they can call to act."),
}


class LegalForm(Labelled):
    LEGAL_ENTITY = "legal_entity"
    INFORMAL_GROUP = "informal_group"


class Trust(Labelled):
    NEW = "new"
    TRIED = "tried"
    VERIFIED = "verified"


class Stage(Labelled):
    IDEA = "idea"
    PLANNING = "planning"
    PARTNER_SEARCH = "partner_search"
    AGREEMENTS = "agreements"
    DELIVERY = "delivery"
    REPORTING = "reporting"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"


class Status(Labelled):
    """Where a partnership stands on its own path."""

    CANDIDATE = "candidate"
    CONTACTED = "contacted"
    NEGOTIATING = "negotiating"
    AGREED = "agreed"
    COMMITTED = "committed"
    ACTIVE = "active"
    COMPLETED = "completed"
    DECLINED = "declined"
    DROPPED = "dropped"


class Support(Labelled):
    INFORMATIONAL = "informational"
    REPUTATIONAL = "reputational"
    MATERIAL = "material"
    ORGANISATIONAL = "organisational"
    FINANCIAL = "financial"


class Answer(Labelled):
    UNSURE = "unsure"
    YES = "yes"
    NO = "no"


class AskAnswer(Labelled):
    """What a partner answered when asked for a contribution."""

    YES = "yes"
    NO = "no"
    LATER = "later"


class Direction(Labelled):
    """Which way a commitment flows: what the partner gives, or what it gets back."""

    GIVES = "gives"
    GETS = "gets"


class Category(Labelled):
    # what a partner gives
    MONEY = "money"
    GOODS = "goods"
    SERVICES = "services"
    PREMISES = "premises"
    EQUIPMENT = "equipment"
    TRANSPORT = "transport"
    PRO_BONO = "pro_bono"
    VOLUNTEER_TIME = "volunteer_time"
    METHODOLOGY = "methodology"
    PUBLICATIONS = "publications"
    EVENT_REPORTS = "event_reports"
    CIRCLE = "circle"
    INFO_SUPPORT = "info_support"
    OTHER_GIVE = "other_give"
    # what a partner gets
    RECOGNITION = "recognition"
    MEDIA_MENTION = "media_mention"
    RESULTS_REPORT = "results_report"
    STAFF_ENGAGEMENT = "staff_engagement"
    COMMUNITY_ACCESS = "community_access"
    LEARNING = "learning"
    NETWORKING = "networking"
    MISSION_FIT = "mission_fit"
    TAX_BENEFIT = "tax_benefit"
    OTHER_GET = "other_get"


# What a partner gets starts at recognition: the members above it are what it gives.
_FIRST_GET = tuple(Category).index(Category.RECOGNITION)
CATEGORIES: dict[Direction, tuple[Category, ...]] = {
    Direction.GIVES: tuple(Category)[:_FIRST_GET],
    Direction.GETS: tuple(Category)[_FIRST_GET:],
}


class ItemStatus(Labelled):
    PLANNED = "planned"
    PROMISED = "promised"
    DELIVERED = "delivered"
    PARTLY_DELIVERED = "partly_delivered"
    NOT_DELIVERED = "not_delivered"


class Coverage(Labelled):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"


class Health(Labelled):
    """Are we delivering what the partner came for?"""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class LetterStatus(Labelled):
    DRAFT = "draft"
    SENT = "sent"
    SIGNED = "signed"
    DECLINED = "declined"


class Satisfaction(Labelled):
    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    MIXED = "mixed"
    DISSATISFIED = "dissatisfied"


class Language(Labelled):
    EN = "en"
    RU = "ru"


class ContactKind(Labelled):
    """How the organisation was in touch with a partner: the field's outreach is a letter
    plus a call aiming for a meeting, then regular contact and invitations."""

    CALL = "call"
    MEETING = "meeting"
    EMAIL = "email"
    LETTER = "letter"
    VISIT = "visit"
    INVITATION = "invitation"


LABELS: dict[StrEnum, LazyString] = {
    Sector.NGO: _l("NGOs"),
    Sector.BUSINESS: _l("Business"),
    Sector.GOVERNMENT: _l("Government and state institutions"),
    Sector.MEDIA: _l("Media"),
    Sector.VOLUNTEERS: _l("Volunteers and citizen groups"),
    Subtype.CHARITY: _l("Charity"),
    Subtype.ASSOCIATION: _l("Association"),
    Subtype.FOUNDATION: _l("Foundation"),
    Subtype.NETWORK: _l("Network or coalition"),
    Subtype.SOLE_TRADER: _l("Sole trader"),
    Subtype.SMALL_BUSINESS: _l("Small or medium business"),
    Subtype.LARGE_COMPANY: _l("Large company"),
    Subtype.INTERNATIONAL: _l("International holding"),
    Subtype.NATIONAL: _l("National authority"),
    Subtype.REGIONAL: _l("Regional authority"),
    Subtype.LOCAL: _l("Local authority"),
    Subtype.STATE_INSTITUTION: _l("State institution"),
    Subtype.PRINT: _l("Print"),
    Subtype.RADIO: _l("Radio"),
    Subtype.TV: _l("TV"),
    Subtype.ONLINE: _l("Online"),
    Subtype.ECO: _l("Eco-volunteers"),
    Subtype.DRIVERS: _l("Driver volunteers"),
    Subtype.SILVER: _l("Silver volunteers (55+)"),
    Subtype.PARENTS: _l("Parents' community"),
    Subtype.BLOGGERS: _l("Bloggers"),
    Subtype.OTHER_GROUP: _l("Other active group"),
    Reach.LOCAL: _l("Local"),
    Reach.REGIONAL: _l("Regional"),
    Reach.NATIONAL: _l("National"),
    LegalForm.LEGAL_ENTITY: _l("Legal entity"),
    LegalForm.INFORMAL_GROUP: _l("Informal group"),
    Trust.NEW: _l("New"),
    Trust.TRIED: _l("Tried"),
    Trust.VERIFIED: _l("Verified"),
    Stage.IDEA: _l("Idea"),
    Stage.PLANNING: _l("Planning"),
    Stage.PARTNER_SEARCH: _l("Partner search"),
    Stage.AGREEMENTS: _l("Agreements"),
    Stage.DELIVERY: _l("Delivery"),
    Stage.REPORTING: _l("Reporting"),
    Stage.FOLLOW_UP: _l("Follow-up"),
    Stage.CLOSED: _l("Closed"),
    Status.CANDIDATE: _l("Candidate"),
    Status.CONTACTED: _l("Contacted"),
    Status.NEGOTIATING: _l("Negotiating"),
    Status.AGREED: _l("Agreed (letter sent)"),
    Status.COMMITTED: _l("Committed (letter signed)"),
    Status.ACTIVE: _l("Active"),
    Status.COMPLETED: _l("Completed"),
    Status.DECLINED: _l("Declined"),
    Status.DROPPED: _l("Dropped"),
    Support.INFORMATIONAL: _l("Informational"),
    Support.REPUTATIONAL: _l("Reputational"),
    Support.MATERIAL: _l("Material"),
    Support.ORGANISATIONAL: _l("Organisational"),
    Support.FINANCIAL: _l("Financial"),
    Answer.UNSURE: _l("Unsure"),
    Answer.YES: _l("Yes"),
    Answer.NO: _l("No"),
    AskAnswer.YES: _l("Yes"),
    AskAnswer.NO: _l("No"),
    AskAnswer.LATER: _l("Later"),
    Direction.GIVES: _l("Gives"),
    Direction.GETS: _l("Gets"),
    Category.MONEY: _l("Money"),
    Category.GOODS: _l("Goods"),
    Category.SERVICES: _l("Services"),
    Category.PREMISES: _l("Premises"),
    Category.EQUIPMENT: _l("Equipment"),
    Category.TRANSPORT: _l("Transport"),
    Category.PRO_BONO: _l("Pro-bono expertise"),
    Category.VOLUNTEER_TIME: _l("Volunteer time"),
    Category.METHODOLOGY: _l("Methodology"),
    Category.PUBLICATIONS: _l("Publications and PR"),
    Category.EVENT_REPORTS: _l("Reports from events, press tours"),
    Category.CIRCLE: _l("Involving their circle"),
    Category.INFO_SUPPORT: _l("Information and organisational support"),
    Category.OTHER_GIVE: _l("Other contribution"),
    Category.RECOGNITION: _l("Public recognition (name, logo)"),
    Category.MEDIA_MENTION: _l("Media mention"),
    Category.RESULTS_REPORT: _l("Report on results"),
    Category.STAFF_ENGAGEMENT: _l("Staff engagement"),
    Category.COMMUNITY_ACCESS: _l("Access to a community or target group"),
    Category.LEARNING: _l("Learning and expertise"),
    Category.NETWORKING: _l("Networking"),
    Category.MISSION_FIT: _l("Mission fit"),
    Category.TAX_BENEFIT: _l("Tax or legal benefit"),
    Category.OTHER_GET: _l("Other benefit"),
    ItemStatus.PLANNED: _l("Planned"),
    ItemStatus.PROMISED: _l("Promised"),
    ItemStatus.DELIVERED: _l("Delivered"),
    ItemStatus.PARTLY_DELIVERED: _l("Partly delivered"),
    ItemStatus.NOT_DELIVERED: _l("Not delivered"),
    Coverage.NONE: _l("Not covered"),
    Coverage.PARTIAL: _l("Partly covered"),
    Coverage.FULL: _l("Covered"),
    Health.GREEN: _l("Green: on track"),
    Health.AMBER: _l("Amber: needs care"),
    Health.RED: _l("Red: at risk"),
    LetterStatus.DRAFT: _l("Draft"),
    LetterStatus.SENT: _l("Sent"),
    LetterStatus.SIGNED: _l("Signed"),
    LetterStatus.DECLINED: _l("Declined"),
    Satisfaction.VERY_SATISFIED: _l("Very satisfied"),
    Satisfaction.SATISFIED: _l("Satisfied"),
    Satisfaction.MIXED: _l("Mixed"),
    Satisfaction.DISSATISFIED: _l("Dissatisfied"),
    Language.EN: _l("English"),
    Language.RU: _l("Russian"),
    ContactKind.CALL: _l("Phone call"),
    ContactKind.MEETING: _l("Meeting"),
    ContactKind.EMAIL: _l("E-mail"),
    ContactKind.LETTER: _l("Letter"),
    ContactKind.VISIT: _l("Visit"),
    ContactKind.INVITATION: _l("Invitation"),
}


# Every label in one language, translated at its first use: pages and exports show hundreds,
# and a dictionary read costs a fraction of a gettext call through the request context.
_LABELS_IN: dict[Locale | None, dict[StrEnum, str]] = {}


def labels_in(locale: Locale | None) -> dict[StrEnum, str]:
    """Every member's label in `locale` (the one the current context speaks)."""
    found = _LABELS_IN.get(locale)
    if found is None:
        found = _LABELS_IN[locale] = {member: str(label) for member, label in LABELS.items()}
    return found
