from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Optional, Regexp, ValidationError

from planner.asks.forms import month_names
from planner.enums import SUBTYPES, LegalForm, Sector, Subtype, Trust
from planner.forms import EnumSelectField, Form, long_text, short


class PartnerForm(Form):
    name = StringField("Name", validators=[InputRequired(), short()])
    sector = EnumSelectField("Sector", enum=Sector)
    subtype = EnumSelectField(
        "Kind", enum=Subtype, blank="— not specified —", validators=[Optional()]
    )
    legal_form = EnumSelectField("Legal form", enum=LegalForm)
    contact_person = StringField("Contact person", validators=[Optional(), short()])
    email = EmailField(
        "Email",
        validators=[Optional(), short(254), Email("Enter an email address like name@example.org.")],
    )
    phone = StringField(
        "Phone",
        validators=[
            Optional(),
            short(60),
            Regexp(r"^[0-9+()\-./ ]+$", message="Use digits, spaces and + ( ) - . / only."),
        ],
    )
    website = StringField(
        "Website",
        validators=[
            Optional(),
            short(300),
            Regexp(r"^https?://\S+$", message="Start the address with http:// or https://."),
        ],
    )
    address = TextAreaField("Address", validators=[Optional(), short(1000)])
    notes = TextAreaField(
        "Private notes",
        description="Only coordinators see these; they never reach a published page.",
        validators=[Optional(), long_text()],
    )
    budget_month = SelectField(
        "Budget month (business)",
        description="When this business sets next year's budget; asks must arrive before it.",
        coerce=int,
        choices=lambda: {0: "— the organisation's default —", **month_names()},
    )
    trust = EnumSelectField("Trust", enum=Trust, default=Trust.NEW)

    def validate_subtype(self, field):
        if not field.data or field.errors or self.sector.errors:
            return
        sector, subtype = self.sector.data, field.data
        if subtype not in SUBTYPES[sector]:
            allowed = ", ".join(s.label for s in SUBTYPES[sector])
            raise ValidationError(
                f"“{subtype.label}” is not a kind of {sector.label}: choose one of {allowed}."
            )
