from wtforms import EmailField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import (
    Email,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from planner.auth.accounts import MIN_PASSWORD, email_taken
from planner.enums import Language
from planner.forms import Form, short


class LoginForm(Form):
    email = EmailField("Email", validators=[InputRequired(), short(254)])
    password = PasswordField("Password", validators=[InputRequired(), Length(max=200)])


class NewUserForm(Form):
    name = StringField("Name", validators=[InputRequired(), short()])
    email = EmailField(
        "Email",
        validators=[
            InputRequired(),
            short(254),
            Email("Enter an email address like name@example.org."),
        ],
    )
    password = PasswordField(
        "Password",
        validators=[
            InputRequired(),
            Length(min=MIN_PASSWORD, max=200, message=f"Use at least {MIN_PASSWORD} characters."),
        ],
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[InputRequired(), EqualTo("password", "The two passwords differ.")],
    )

    def validate_email(self, field):
        if email_taken(field.data):
            raise ValidationError("There is already an account with this email.")


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
