"""The product's vocabularies: every enumeration and its labels, in one place.

Values are what the database stores and URLs carry; labels are what people
read. Translating the interface means translating the `LABELS` table below.
"""

from enum import StrEnum


class Labelled(StrEnum):
    """A string enum whose members know their human label."""

    @property
    def label(self) -> str:
        return LABELS[self]

    @classmethod
    def choices(cls) -> dict[str, str]:
        """Value to label, in order: the choices shape WTForms takes without deprecation."""
        return {member.value: member.label for member in cls}


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


CATEGORIES: dict[Direction, tuple[Category, ...]] = {
    Direction.GIVES: tuple(Category)[:12],
    Direction.GETS: tuple(Category)[12:],
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


LABELS: dict[StrEnum, str] = {
    Sector.NGO: "NGOs",
    Sector.BUSINESS: "Business",
    Sector.GOVERNMENT: "Government and state institutions",
    Sector.MEDIA: "Media",
    Sector.VOLUNTEERS: "Volunteers and citizen groups",
    Subtype.CHARITY: "Charity",
    Subtype.ASSOCIATION: "Association",
    Subtype.FOUNDATION: "Foundation",
    Subtype.NETWORK: "Network or coalition",
    Subtype.SOLE_TRADER: "Sole trader",
    Subtype.SMALL_BUSINESS: "Small or medium business",
    Subtype.LARGE_COMPANY: "Large company",
    Subtype.INTERNATIONAL: "International holding",
    Subtype.NATIONAL: "National authority",
    Subtype.REGIONAL: "Regional authority",
    Subtype.LOCAL: "Local authority",
    Subtype.STATE_INSTITUTION: "State institution",
    Subtype.PRINT: "Print",
    Subtype.RADIO: "Radio",
    Subtype.TV: "TV",
    Subtype.ONLINE: "Online",
    Subtype.ECO: "Eco-volunteers",
    Subtype.DRIVERS: "Driver volunteers",
    Subtype.SILVER: "Silver volunteers (55+)",
    Subtype.PARENTS: "Parents' community",
    Subtype.BLOGGERS: "Bloggers",
    Subtype.OTHER_GROUP: "Other active group",
    LegalForm.LEGAL_ENTITY: "Legal entity",
    LegalForm.INFORMAL_GROUP: "Informal group",
    Trust.NEW: "New",
    Trust.TRIED: "Tried",
    Trust.VERIFIED: "Verified",
    Stage.IDEA: "Idea",
    Stage.PLANNING: "Planning",
    Stage.PARTNER_SEARCH: "Partner search",
    Stage.AGREEMENTS: "Agreements",
    Stage.DELIVERY: "Delivery",
    Stage.REPORTING: "Reporting",
    Stage.FOLLOW_UP: "Follow-up",
    Stage.CLOSED: "Closed",
    Status.CANDIDATE: "Candidate",
    Status.CONTACTED: "Contacted",
    Status.NEGOTIATING: "Negotiating",
    Status.AGREED: "Agreed (letter sent)",
    Status.COMMITTED: "Committed (letter signed)",
    Status.ACTIVE: "Active",
    Status.COMPLETED: "Completed",
    Status.DECLINED: "Declined",
    Status.DROPPED: "Dropped",
    Support.INFORMATIONAL: "Informational",
    Support.REPUTATIONAL: "Reputational",
    Support.MATERIAL: "Material",
    Support.ORGANISATIONAL: "Organisational",
    Support.FINANCIAL: "Financial",
    Answer.UNSURE: "Unsure",
    Answer.YES: "Yes",
    Answer.NO: "No",
    Direction.GIVES: "Gives",
    Direction.GETS: "Gets",
    Category.MONEY: "Money",
    Category.GOODS: "Goods",
    Category.SERVICES: "Services",
    Category.PREMISES: "Premises",
    Category.EQUIPMENT: "Equipment",
    Category.TRANSPORT: "Transport",
    Category.PRO_BONO: "Pro-bono expertise",
    Category.VOLUNTEER_TIME: "Volunteer time",
    Category.METHODOLOGY: "Methodology",
    Category.PUBLICATIONS: "Publications and PR",
    Category.INFO_SUPPORT: "Information and organisational support",
    Category.OTHER_GIVE: "Other contribution",
    Category.RECOGNITION: "Public recognition (name, logo)",
    Category.MEDIA_MENTION: "Media mention",
    Category.RESULTS_REPORT: "Report on results",
    Category.STAFF_ENGAGEMENT: "Staff engagement",
    Category.COMMUNITY_ACCESS: "Access to a community or target group",
    Category.LEARNING: "Learning and expertise",
    Category.NETWORKING: "Networking",
    Category.MISSION_FIT: "Mission fit",
    Category.TAX_BENEFIT: "Tax or legal benefit",
    Category.OTHER_GET: "Other benefit",
    ItemStatus.PLANNED: "Planned",
    ItemStatus.PROMISED: "Promised",
    ItemStatus.DELIVERED: "Delivered",
    ItemStatus.PARTLY_DELIVERED: "Partly delivered",
    ItemStatus.NOT_DELIVERED: "Not delivered",
    Coverage.NONE: "Not covered",
    Coverage.PARTIAL: "Partly covered",
    Coverage.FULL: "Covered",
    Health.GREEN: "Green: on track",
    Health.AMBER: "Amber: needs care",
    Health.RED: "Red: at risk",
    LetterStatus.DRAFT: "Draft",
    LetterStatus.SENT: "Sent",
    LetterStatus.SIGNED: "Signed",
    LetterStatus.DECLINED: "Declined",
    Satisfaction.VERY_SATISFIED: "Very satisfied",
    Satisfaction.SATISFIED: "Satisfied",
    Satisfaction.MIXED: "Mixed",
    Satisfaction.DISSATISFIED: "Dissatisfied",
    Language.EN: "English",
    Language.RU: "Русский",
}
