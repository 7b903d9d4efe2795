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
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


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
    Language.EN: "English",
    Language.RU: "Русский",
}
