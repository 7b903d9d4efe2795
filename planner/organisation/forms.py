from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Optional, Regexp

from planner.auth.forms import NewUserForm
from planner.enums import Language
from planner.forms import Form, short


class OrganisationFields(Form):
    """The organisation's profile, as the letters and published pages will show it."""

    org_name = StringField("Organisation name", validators=[InputRequired(), short()])
    address = TextAreaField("Address", validators=[Optional(), short(1000)])
    website = StringField(
        "Website",
        validators=[
            Optional(),
            short(300),
            Regexp(r"^https?://\S+$", message="Start the address with http:// or https://."),
        ],
    )
    org_email = EmailField(
        "Email", validators=[Optional(), short(254), Email("Enter an email address.")]
    )
    signatory_name = StringField("Default signatory", validators=[Optional(), short()])
    signatory_title = StringField("Signatory's title", validators=[Optional(), short()])
    language = SelectField("Default language", choices=Language.choices(), default="en")
    currency = StringField(
        "Currency",
        default="EUR",
        filters=[lambda v: v.upper() if isinstance(v, str) else v],
        validators=[
            InputRequired(),
            Regexp(r"^[A-Z]{3}$", message="Use a three-letter code such as EUR, USD or RUB."),
        ],
    )


class SetupForm(OrganisationFields, NewUserForm):
    pass
