from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from wtforms import EmailField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import (
    Email,
    InputRequired,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from planner.conflicts import RevisionField
from planner.enums import SUBTYPES, Language, LegalForm, Reach, Sector, Subtype, Trust
from planner.formats import month_names
from planner.forms import EnumSelectField, Form, long_text, short


class PartnerBasics(Form):
    """What a partner needs to be in the registry: also the "new partner" part of adding one
    to a project in one step."""

    name = StringField(
        _lp("organisation", "Name"),
        validators=[InputRequired(_l("Give the partner's name.")), short()],
    )
    sector = EnumSelectField(_l("Sector"), enum=Sector)
    subtype = EnumSelectField(
        _l("Kind"), enum=Subtype, blank=_l("— not specified —"), validators=[Optional()]
    )
    contact_person = StringField(_l("Contact person"), validators=[Optional(), short()])
    email = EmailField(
        _l("Email"),
        validators=[
            Optional(),
            short(254),
            Email(_l("Enter an email address like name@example.org.")),
        ],
    )
    phone = StringField(
        _l("Phone"),
        validators=[
            Optional(),
            short(60),
            Regexp(r"^[0-9+()\-./ ]+$", message=_l("Use digits, spaces and + ( ) - . / only.")),
        ],
    )

    def validate_subtype(self, field):
        if not field.data or field.errors or self.sector.errors:
            return
        sector, subtype = self.sector.data, field.data
        if subtype not in SUBTYPES[sector]:
            raise ValidationError(
                _(
                    "“%(kind)s” is not a kind of %(sector)s: choose one of %(allowed)s.",
                    kind=subtype.label,
                    sector=sector.label,
                    allowed=", ".join(s.label for s in SUBTYPES[sector]),
                )
            )


class PartnerForm(PartnerBasics):
    revision = RevisionField()
    legal_form = EnumSelectField(_l("Legal form"), enum=LegalForm)
    language = EnumSelectField(
        _l("Language of letters"),
        description=_l("The language letters to this partner are written in."),
        enum=Language,
        blank=_l("— the organisation's language —"),
        validators=[Optional()],
    )
    website = StringField(
        _l("Website"),
        validators=[
            Optional(),
            short(300),
            Regexp(r"^https?://\S+$", message=_l("Start the address with http:// or https://.")),
        ],
    )
    address = TextAreaField(_l("Address"), validators=[Optional(), short(1000)])
    notes = TextAreaField(
        _l("Private notes"),
        description=_l("Only coordinators see these; they never reach a published page."),
        validators=[Optional(), long_text()],
    )
    budget_month = SelectField(
        _l("Budget month (business)"),
        description=_l("When this business sets next year's budget; asks must arrive before it."),
        coerce=int,
        choices=lambda: [
            SelectChoice(0, _("— the organisation's default —")),
            *(SelectChoice(number, name) for number, name in month_names().items()),
        ],
    )
    trust = EnumSelectField(_l("Trust"), enum=Trust, default=Trust.NEW)
    # Trial before trust: how far it reaches and what it can take on (internal, never published).
    reach_level = EnumSelectField(
        _l("Reach"),
        description=_l("For media, bloggers and groups: how far their audience reaches."),
        enum=Reach,
        blank=_l("— not specified —"),
        validators=[Optional()],
    )
    audience = StringField(
        _l("Audience"),
        description=_l("Who they reach: readers, listeners, followers, members."),
        validators=[Optional(), short(300)],
    )
    audience_size = IntegerField(
        _l("Audience size"),
        description=_l("About how many people."),
        validators=[
            Optional(),
            NumberRange(min=0, max=2_000_000_000, message=_l("Give a whole number of people.")),
        ],
    )
    capacity = TextAreaField(
        _l("Capacity"),
        description=_l("What they can take on, and how much: people, hours, vehicles, stock."),
        validators=[Optional(), long_text()],
    )
