"""The database models: typed SQLAlchemy 2 classes, small on purpose.

Domain rules that are not about storage live beside the area that uses them
(e.g. `planner/partnerships/rules.py`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, WriteOnlyMapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash, generate_password_hash

from planner.enums import (
    Answer,
    AskAnswer,
    Category,
    ContactKind,
    Direction,
    Health,
    ItemStatus,
    Language,
    LegalForm,
    LetterStatus,
    Reach,
    Satisfaction,
    Sector,
    Stage,
    Status,
    Subtype,
    Support,
    Trust,
)
from planner.extensions import db

# The public site's colour until the organisation chooses one (white text on it: 7:1).
DEFAULT_ACCENT = "#1f5f8b"


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def enum_column(enum: type[StrEnum], **kwargs) -> sa.Enum:
    """Store an enum by its value (not its name) in a plain string column."""
    return sa.Enum(
        enum,
        values_callable=lambda members: [m.value for m in members],
        native_enum=False,
        length=24,
        validate_strings=True,
        **kwargs,
    )


class EnumSet(sa.types.TypeDecorator):
    """A set of enum members stored as their sorted values, comma-separated."""

    impl = sa.String(200)
    cache_ok = True

    def __init__(self, enum: type[StrEnum]):
        super().__init__()
        self.enum = enum

    def process_bind_param(self, value, dialect):
        if value is None:
            return ""
        return ",".join(sorted(self.enum(v).value for v in value))

    def process_result_value(self, value, dialect):
        if not value:
            return set()
        return {self.enum(v) for v in value.split(",")}


def render_migration_item(type_, obj, autogen_context):
    """Write an EnumSet into migrations as the plain string column it is."""
    if type_ == "type" and isinstance(obj, EnumSet):
        return f"sa.String(length={obj.impl.length})"
    return False


class Organisation(db.Model):
    """The one organisation that uses this installation."""

    # Moves on every save; a save made from an older revision is refused (planner/conflicts.py).
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": revision}

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    address: Mapped[str] = mapped_column(sa.Text, default="")
    website: Mapped[str] = mapped_column(sa.String(300), default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    signatory_name: Mapped[str] = mapped_column(sa.String(200), default="")
    signatory_title: Mapped[str] = mapped_column(sa.String(200), default="")
    # The language of its public site and, unless a partner prefers another, of its letters;
    # the interface's language for anyone whose browser speaks none of ours.
    language: Mapped[Language] = mapped_column(enum_column(Language), default=Language.EN)
    currency: Mapped[str] = mapped_column(sa.String(3), default="EUR")
    # The town letters are signed in. The name, address and place are written in `language`;
    # the translated ones are the same in the other language, for letters written in it.
    place: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    name_translated: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    address_translated: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    place_translated: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    # When to ask (see planner/asks/rules.py): days before the due date, per sector.
    lead_days_media: Mapped[int] = mapped_column(default=3, server_default="3")
    lead_days_volunteers: Mapped[int] = mapped_column(default=7, server_default="7")
    lead_days_ngo: Mapped[int] = mapped_column(default=14, server_default="14")
    lead_days_government: Mapped[int] = mapped_column(default=60, server_default="60")
    budget_month: Mapped[int] = mapped_column(default=10, server_default="10")
    # Business items other than money: days before the due date; and whether a large
    # company's gifts in kind also wait for its budget month (planner/asks/rules.py).
    lead_days_business: Mapped[int] = mapped_column(default=30, server_default="30")
    budget_in_kind_large: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Keep in touch (planner/contacts/rules.py): a consenting partner with no contact for
    # this many weeks is listed as gone quiet.
    quiet_weeks: Mapped[int] = mapped_column(default=8, server_default="8")
    # The letterhead's logo, a file in the instance folder's uploads.
    logo_file: Mapped[str | None] = mapped_column(sa.String(100))
    # The public site's home page opens with this (plain text, paragraphs by blank lines).
    intro: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # The public site's one colour (links, header rule, figures): "#RRGGBB", readable as a
    # background under white text (planner/organisation/forms.py checks the contrast).
    accent_colour: Mapped[str] = mapped_column(
        sa.String(7), default=DEFAULT_ACCENT, server_default=DEFAULT_ACCENT
    )


class User(db.Model):
    """A coordinator (or admin) who signs in to the workspace."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    is_admin: Mapped[bool] = mapped_column(default=False)
    # The SHA-256 (hex) of their calendar feed's token: the token itself is shown once.
    calendar_token: Mapped[str | None] = mapped_column(sa.String(64), unique=True, index=True)
    # The interface's language they chose (a catalogue's code, planner/i18n.py LANGUAGES:
    # any language of the interface, not only those letters are written in); None follows
    # their browser.
    language: Mapped[str | None] = mapped_column(sa.String(24))
    created_at: Mapped[datetime] = mapped_column(default=now)
    # Copied into the signed cookie at sign-in; moving it ends every session at once.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    # A deactivated user cannot sign in but stays, since history rows point to them.
    deactivated_at: Mapped[datetime | None]
    # A password reset link: the SHA-256 of its token and when it stops working.
    reset_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    reset_expires_at: Mapped[datetime | None]

    @property
    def is_active(self) -> bool:
        return self.deactivated_at is None

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def end_sessions(self) -> None:
        """Make every signed cookie of this user stop working."""
        self.session_version = (self.session_version or 0) + 1


class LoginFailure(db.Model):
    """A failed sign-in, kept briefly to lock an account or an address after too many
    (in the database, so that every server process sees them)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    address: Mapped[str] = mapped_column(sa.String(64), index=True)
    at: Mapped[datetime] = mapped_column(default=now, index=True)


class Project(db.Model):
    # Moves on every save; a save made from an older revision is refused (planner/conflicts.py).
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": revision}

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    goal: Mapped[str] = mapped_column(sa.Text, default="")
    target_group: Mapped[str] = mapped_column(sa.Text, default="")
    territory: Mapped[str] = mapped_column(sa.String(200), default="")
    # The title and territory in the organisation's other language, for letters written in it.
    title_translated: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    territory_translated: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    stage: Mapped[Stage] = mapped_column(enum_column(Stage), default=Stage.IDEA)
    coordinator_id: Mapped[int | None] = mapped_column(sa.ForeignKey(User.id), index=True)
    archived_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now)

    coordinator: Mapped[User | None] = relationship()
    # Only a project without partnerships is deleted (others are archived): nothing to load.
    partnerships: WriteOnlyMapped[Partnership] = relationship(
        back_populates="project", passive_deletes=True
    )


class BudgetLine(db.Model):
    """One line of a project's budget: what the project pays for in money, and how much.

    The budget's total is the sum of its lines (planner/budget/rules.py)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey(Project.id, ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))
    position: Mapped[int] = mapped_column(default=0)
    # Moves with every change, so that a second person's stale edit is refused, not saved.
    revision: Mapped[int] = mapped_column(sa.Integer, nullable=False, server_default="1")

    __mapper_args__ = {"version_id_col": revision}


def search_key(*texts: str | None) -> str:
    """Text as search compares it: casefolded (Cyrillic too, which SQLite's LIKE does not
    fold), with ё read as е, as most people type it."""
    return "\n".join(t or "" for t in texts).casefold().replace("ё", "е")


class Partner(db.Model):
    # Moves on every save; a save made from an older revision is refused (planner/conflicts.py).
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": revision}

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), index=True)
    sector: Mapped[Sector] = mapped_column(enum_column(Sector), index=True)
    subtype: Mapped[Subtype | None] = mapped_column(enum_column(Subtype))
    legal_form: Mapped[LegalForm] = mapped_column(
        enum_column(LegalForm), default=LegalForm.LEGAL_ENTITY
    )
    contact_person: Mapped[str] = mapped_column(sa.String(200), default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    phone: Mapped[str] = mapped_column(sa.String(60), default="")
    website: Mapped[str] = mapped_column(sa.String(300), default="")
    address: Mapped[str] = mapped_column(sa.Text, default="")
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    trust: Mapped[Trust] = mapped_column(enum_column(Trust), default=Trust.NEW)
    # The language its letters are written in; None means the organisation's.
    language: Mapped[Language | None] = mapped_column(enum_column(Language))
    # Name and contact person as search compares them (kept by `keep_search_text` below):
    # casefolded, so that Cyrillic matches whatever its case on SQLite too.
    search_text: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # The month a business sets next year's budget; None means the organisation's default.
    budget_month: Mapped[int | None]
    logo_file: Mapped[str | None] = mapped_column(sa.String(100))
    # Consent to hear from us after the project (newsletter, invitations).
    updates_consent: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    updates_consent_on: Mapped[date | None]
    updates_consent_how: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    # Trial before trust: how far it reaches and what it can take on. Internal, never published.
    reach_level: Mapped[Reach | None] = mapped_column(enum_column(Reach))
    audience: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    audience_size: Mapped[int | None]
    capacity: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    archived_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now)

    # Only a partner without partnerships is deleted (others are archived): nothing to load.
    partnerships: WriteOnlyMapped[Partnership] = relationship(
        back_populates="partner", passive_deletes=True
    )

    @validates("name", "contact_person")
    def keep_search_text(self, key: str, value: str) -> str:
        texts = {"name": self.name, "contact_person": self.contact_person, key: value}
        self.search_text = search_key(texts["name"], texts["contact_person"])
        return value


class Partnership(db.Model):
    """One partner's part in one project."""

    __table_args__ = (sa.UniqueConstraint("project_id", "partner_id"),)

    # Moves on every save; a save made from an older revision is refused (planner/conflicts.py).
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": revision}

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey(Project.id), index=True)
    partner_id: Mapped[int] = mapped_column(sa.ForeignKey(Partner.id), index=True)
    support: Mapped[set[Support]] = mapped_column(EnumSet(Support), default=set)
    status: Mapped[Status] = mapped_column(enum_column(Status), default=Status.CANDIDATE)
    need: Mapped[Answer] = mapped_column(enum_column(Answer), default=Answer.UNSURE)
    need_note: Mapped[str] = mapped_column(sa.Text, default="")
    fit: Mapped[Answer] = mapped_column(enum_column(Answer), default=Answer.UNSURE)
    fit_note: Mapped[str] = mapped_column(sa.Text, default="")
    motivation: Mapped[Answer] = mapped_column(enum_column(Answer), default=Answer.UNSURE)
    motivation_note: Mapped[str] = mapped_column(sa.Text, default="")
    responsible_id: Mapped[int | None] = mapped_column(sa.ForeignKey(User.id))
    partner_contact: Mapped[str] = mapped_column(sa.String(200), default="")
    # How a letter greets that contact (planner/letters/compose.py `greeting`): CONTACT_FORMS,
    # and the name after "Dear Mr"/"Уважаемый" when it is not the one read from the contact's
    # name (Игорь Петрович, Petrov).
    contact_form: Mapped[str] = mapped_column(sa.String(10), default="", server_default="")
    contact_addressed_as: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    # What the partner agreed may be published; without naming consent it is only its sector.
    consent_name: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    consent_logo: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    consent_quote: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    quote: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # Follow-up after the project.
    satisfaction: Mapped[Satisfaction | None] = mapped_column(enum_column(Satisfaction))
    again_us: Mapped[Answer | None] = mapped_column(enum_column(Answer))
    again_them: Mapped[Answer | None] = mapped_column(enum_column(Answer))
    follow_up_note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=now)

    project: Mapped[Project] = relationship(back_populates="partnerships")
    partner: Mapped[Partner] = relationship(back_populates="partnerships")
    responsible: Mapped[User | None] = relationship()
    history: WriteOnlyMapped[StatusChange] = relationship(
        back_populates="partnership",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="StatusChange.id",
    )


class StatusChange(db.Model):
    """One dated step of a partnership's path, and who took it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        sa.ForeignKey(Partnership.id, ondelete="CASCADE"), index=True
    )
    old_status: Mapped[Status | None] = mapped_column(enum_column(Status))
    new_status: Mapped[Status] = mapped_column(enum_column(Status))
    changed_at: Mapped[datetime] = mapped_column(default=now)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey(User.id))

    partnership: Mapped[Partnership] = relationship(back_populates="history")
    user: Mapped[User | None] = relationship()


class Need(db.Model):
    """Something the project cannot do without, to be covered by partners' contributions."""

    # Moves on every save; a save made from an older revision is refused (planner/conflicts.py).
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": revision}

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey(Project.id), index=True)
    category: Mapped[Category] = mapped_column(enum_column(Category))
    description: Mapped[str] = mapped_column(sa.Text)
    quantity: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    unit: Mapped[str] = mapped_column(sa.String(40), default="")
    needed_by: Mapped[date | None]

    project: Mapped[Project] = relationship()


class GrantCall(db.Model):
    """A state programme's grant competition: government money is asked for through these."""

    # Moves on every save; a save made from an older revision is refused (planner/conflicts.py).
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": revision}

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    funder: Mapped[str] = mapped_column(sa.String(200), default="")
    deadline: Mapped[date]
    decision_date: Mapped[date | None]
    url: Mapped[str] = mapped_column(sa.String(300), default="")


class Commitment(db.Model):
    """One line of the contribution-and-benefit matrix: something given or got."""

    # The asks lists count and read open gives by ask-by date from this index alone.
    __table_args__ = (
        sa.Index("ix_commitment_asks", "direction", "status", "ask_by", "partnership_id"),
    )

    # Moves on every save; a save made from an older revision is refused (planner/conflicts.py).
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": revision}

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        sa.ForeignKey(Partnership.id, ondelete="CASCADE"), index=True
    )
    direction: Mapped[Direction] = mapped_column(enum_column(Direction))
    category: Mapped[Category] = mapped_column(enum_column(Category))
    description: Mapped[str] = mapped_column(sa.Text)
    quantity: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    unit: Mapped[str] = mapped_column(sa.String(40), default="")
    hours: Mapped[Decimal | None] = mapped_column(sa.Numeric(10, 2))
    hourly_rate: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    value: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    due_date: Mapped[date | None]
    # Derived from the due date, the partner's sector and the lead times (planner/asks/rules.py),
    # stored so that asks are filtered, ordered and counted in SQL.
    ask_by: Mapped[date | None] = mapped_column(index=True)
    responsible: Mapped[str] = mapped_column(sa.String(200), default="")
    status: Mapped[ItemStatus] = mapped_column(enum_column(ItemStatus), default=ItemStatus.PLANNED)
    # An internal value is for the coordinator's eyes: never published, never summed in public.
    internal: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    need_id: Mapped[int | None] = mapped_column(sa.ForeignKey(Need.id, ondelete="SET NULL"))
    grant_call_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey(GrantCall.id, ondelete="SET NULL")
    )
    # Money may name the budget line it pays for (the co-funding page, planner/budget/).
    budget_line_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey(BudgetLine.id, ondelete="SET NULL"), index=True
    )

    partnership: Mapped[Partnership] = relationship()
    need: Mapped[Need | None] = relationship()
    grant_call: Mapped[GrantCall | None] = relationship()
    # The ask itself: when and by whom the partner was asked, and what it answered. "Later"
    # sets the date to ask again, which then replaces the rule's ask-by date.
    asked_on: Mapped[date | None]
    asked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey(User.id, ondelete="SET NULL"))
    answer: Mapped[AskAnswer | None] = mapped_column(enum_column(AskAnswer))
    answer_note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    answered_on: Mapped[date | None]
    ask_again_on: Mapped[date | None]

    asked_by: Mapped[User | None] = relationship()


class HealthCheck(db.Model):
    """A quick, dated answer to "are we delivering what they came for?"."""

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        sa.ForeignKey(Partnership.id, ondelete="CASCADE"), index=True
    )
    colour: Mapped[Health] = mapped_column(enum_column(Health))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    checked_on: Mapped[date]
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey(User.id))

    partnership: Mapped[Partnership] = relationship()
    user: Mapped[User | None] = relationship()


class Contact(db.Model):
    """One contact with a partner within a partnership (a call, a meeting, an invitation…),
    and the next step it set, if any: the log of the relationship. Private: never published.

    The next step lives on the contact that set it: one table, and a step always says what
    it follows from.
    """

    # The dashboard reads each owner's open steps by date from this index alone.
    __table_args__ = (
        sa.Index("ix_contact_next_steps", "next_owner_id", "next_done_at", "next_due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        sa.ForeignKey(Partnership.id, ondelete="CASCADE"), index=True
    )
    kind: Mapped[ContactKind] = mapped_column(enum_column(ContactKind))
    contacted_on: Mapped[date] = mapped_column(index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey(User.id, ondelete="SET NULL"))
    with_whom: Mapped[str] = mapped_column(sa.String(200), default="")
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    outcome: Mapped[str] = mapped_column(sa.Text, default="")
    next_step: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    next_due_on: Mapped[date | None]
    next_owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey(User.id, ondelete="SET NULL"))
    next_done_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now)
    # Two people marking the same step done (or editing it) at once: the second is told.
    revision: Mapped[int] = mapped_column(sa.Integer, nullable=False, server_default="1")
    __mapper_args__ = {"version_id_col": revision}

    partnership: Mapped[Partnership] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    next_owner: Mapped[User | None] = relationship(foreign_keys=[next_owner_id])


class Letter(db.Model):
    """A commitment letter: the mutual obligations of a partnership, for signature.

    A draft follows the matrix; sending freezes its text and data into
    `snapshot`, after which nothing about it changes but its signature.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(sa.ForeignKey(Partnership.id), index=True)
    reference: Mapped[str] = mapped_column(sa.String(60), unique=True)
    version: Mapped[int] = mapped_column(default=1)
    # Unique: a letter version has at most one amendment, even when two people amend at once.
    amends_id: Mapped[int | None] = mapped_column(sa.ForeignKey("letter.id"), unique=True)
    language: Mapped[Language] = mapped_column(enum_column(Language), default=Language.EN)
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    opening: Mapped[str] = mapped_column(sa.Text, default="")
    closing: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[LetterStatus] = mapped_column(
        enum_column(LetterStatus), default=LetterStatus.DRAFT
    )
    sent_on: Mapped[date | None]
    snapshot: Mapped[str | None] = mapped_column(sa.Text)
    fingerprint: Mapped[str | None] = mapped_column(sa.String(20))
    signed_on: Mapped[date | None]
    partner_signatory: Mapped[str] = mapped_column(sa.String(200), default="")
    declined_on: Mapped[date | None]
    scan_file: Mapped[str | None] = mapped_column(sa.String(100))
    scan_name: Mapped[str] = mapped_column(sa.String(200), default="")
    # A confirmation online (planner/letters/mail.py): who signed, as what, and when; a
    # signature recorded by hand leaves these empty.
    partner_signatory_title: Mapped[str] = mapped_column(
        sa.String(200), default="", server_default=""
    )
    signed_method: Mapped[str] = mapped_column(sa.String(20), default="", server_default="")
    confirmed_at: Mapped[datetime | None]
    # The partner's latest request for changes, made through the confirmation link.
    change_request: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    change_requested_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey(User.id, ondelete="SET NULL"))
    sent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey(User.id, ondelete="SET NULL"))
    # The last step of its life (sent, signed, declined): when and by whom, to tell a person
    # who tried the same step a moment later (planner/letters/transitions.py).
    status_changed_at: Mapped[datetime | None]
    status_changed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey(User.id, ondelete="SET NULL")
    )

    partnership: Mapped[Partnership] = relationship()
    amends: Mapped[Letter | None] = relationship(remote_side=[id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    sent_by: Mapped[User | None] = relationship(foreign_keys=[sent_by_id])
    status_changed_by: Mapped[User | None] = relationship(foreign_keys=[status_changed_by_id])


class LetterScan(db.Model):
    """A signed copy of a sent letter. The newest is the letter's current one
    (`Letter.scan_file`); those it replaced are kept, with who attached them and when."""

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(sa.ForeignKey(Letter.id, ondelete="CASCADE"), index=True)
    file: Mapped[str] = mapped_column(sa.String(100))
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    uploaded_at: Mapped[datetime] = mapped_column(default=now)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey(User.id, ondelete="SET NULL"))

    uploaded_by: Mapped[User | None] = relationship()


class LetterBatch(db.Model):
    """A batch PDF of letters being made for a user: at most one at a time, across every
    worker process (the primary key refuses a second); one older than a few minutes is
    taken to be left over from a crashed worker."""

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey(User.id, ondelete="CASCADE"), primary_key=True
    )
    started_at: Mapped[datetime] = mapped_column(default=now)


class LetterEmail(db.Model):
    """One e-mail that took a sent letter to the partner, with its confirmation link.

    The link's token is kept only as its SHA-256: whoever reads the database cannot confirm.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(sa.ForeignKey(Letter.id, ondelete="CASCADE"), index=True)
    recipient: Mapped[str] = mapped_column(sa.String(254))
    sent_at: Mapped[datetime] = mapped_column(default=now)
    sent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey(User.id, ondelete="SET NULL"))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]

    letter: Mapped[Letter] = relationship()
    sent_by: Mapped[User | None] = relationship()


class Report(db.Model):
    """The report on a project's results that partners read as a published page."""

    # Moves on every save; a save made from an older revision is refused (planner/conflicts.py).
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": revision}

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey(Project.id), unique=True)
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    narrative: Mapped[str] = mapped_column(sa.Text, default="")
    published_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=now, onupdate=now)

    project: Mapped[Project] = relationship()
    results: WriteOnlyMapped[KeyResult] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="KeyResult.id"
    )
    photos: WriteOnlyMapped[Photo] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Photo.id"
    )


class KeyResult(db.Model):
    """A labelled figure: people reached, events held, volunteer hours…"""

    # Moves on every save; a save made from an older revision is refused (planner/conflicts.py).
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": revision}

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(sa.ForeignKey(Report.id, ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(sa.String(200))
    value: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))
    unit: Mapped[str] = mapped_column(sa.String(40), default="")


class Photo(db.Model):
    # Moves on every save; a save made from an older revision is refused (planner/conflicts.py).
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": revision}

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(sa.ForeignKey(Report.id, ondelete="CASCADE"), index=True)
    file: Mapped[str] = mapped_column(sa.String(100))
    alt: Mapped[str] = mapped_column(sa.String(300))
    credit: Mapped[str] = mapped_column(sa.String(200), default="")
    width: Mapped[int]
    height: Mapped[int]


class Thanks(db.Model):
    """The report's section for one partner: what its help made possible, and thanks."""

    __table_args__ = (sa.UniqueConstraint("report_id", "partnership_id"),)

    # Moves on every save; a save made from an older revision is refused (planner/conflicts.py).
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": revision}

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(sa.ForeignKey(Report.id, ondelete="CASCADE"), index=True)
    partnership_id: Mapped[int] = mapped_column(sa.ForeignKey(Partnership.id, ondelete="CASCADE"))
    made_possible: Mapped[str] = mapped_column(sa.Text, default="")
    thank_you: Mapped[str] = mapped_column(sa.Text, default="")


class PartnerReport(db.Model):
    """A partner's private "what you made possible" letter after a finished project: the
    coordinator's personal note in it, and when, how and by whom it was sent. The letter's
    other text comes from the matrix and the project's report (planner/partner_reports)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        sa.ForeignKey(Partnership.id, ondelete="CASCADE"), unique=True
    )
    note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    sent_on: Mapped[date | None]
    sent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey(User.id, ondelete="SET NULL"))
    # "email" or "hand" (planner/partner_reports/rules.py SentHow); "" while not sent.
    method: Mapped[str] = mapped_column(sa.String(10), default="", server_default="")
    recipient: Mapped[str] = mapped_column(sa.String(254), default="", server_default="")
    # Two coordinators editing the note at once: the second is told, not silently overwritten.
    revision: Mapped[int] = mapped_column(sa.Integer, nullable=False, server_default="1")

    __mapper_args__ = {"version_id_col": revision}

    partnership: Mapped[Partnership] = relationship()
    sent_by: Mapped[User | None] = relationship()


class ChangeStamp(db.Model):
    """A counter that moves whenever one kind of data changes: the key of caches built from it."""

    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    counter: Mapped[int] = mapped_column(default=0)


class SitePage(db.Model):
    """A page of the public site beside its reports (about us, how we work), written by
    coordinators in Markdown. A new organisation starts with the defaults in
    content/pages/<its language>/ (planner/publishing/pages.py seed_pages)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # Its address on the site: /<slug>/. Unique: two pages cannot share an address.
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # The navigation's order, the smallest first.
    position: Mapped[int] = mapped_column(default=0, server_default="0")
    # Two coordinators editing one page: the second is told, not silently overwritten.
    revision: Mapped[int] = mapped_column(sa.Integer, nullable=False, server_default="1")

    __mapper_args__ = {"version_id_col": revision}


class Publication(db.Model):
    """One publication of the public site from the app (or `planner publish`): who started it,
    how it went, what changed, and the {path: sha256} manifest the next one compares with."""

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=now)
    finished_at: Mapped[datetime | None]
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey(User.id, ondelete="SET NULL"))
    # "running", "done" or "failed" (planner/publishing/publish.py Status).
    status: Mapped[str] = mapped_column(sa.String(10), default="running")
    # True while it runs, NULL afterwards: the unique index lets one publication run at a time,
    # whichever process or worker starts it (NULLs never collide).
    running: Mapped[bool | None] = mapped_column(unique=True, default=True)
    # Where it is: "freezing", "packing" (the ZIP), "swapping" (into PLANNER_PUBLISH_DIR).
    stage: Mapped[str] = mapped_column(sa.String(10), default="", server_default="")
    # The process running it, on which machine: a web worker there can tell it died.
    pid: Mapped[int | None]
    host: Mapped[str] = mapped_column(sa.String(255), default="", server_default="")
    expected: Mapped[int] = mapped_column(default=0, server_default="0")  # files, for progress
    files: Mapped[int] = mapped_column(default=0, server_default="0")
    pages_added: Mapped[int] = mapped_column(default=0, server_default="0")
    pages_updated: Mapped[int] = mapped_column(default=0, server_default="0")
    pages_removed: Mapped[int] = mapped_column(default=0, server_default="0")
    error: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    manifest: Mapped[dict | None] = mapped_column(sa.JSON)

    user: Mapped[User | None] = relationship()
