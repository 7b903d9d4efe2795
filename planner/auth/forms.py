from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import (
    Email,
    EqualTo,
    InputRequired,
    Length,
    ValidationError,
)

from planner.auth.accounts import MIN_PASSWORD, email_taken
from planner.forms import Form, short


class LoginForm(Form):
    email = EmailField(_l("Email"), validators=[InputRequired(), short(254)])
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=200)])


class NewUserForm(Form):
    name = StringField(_l("Name"), validators=[InputRequired(), short()])
    email = EmailField(
        _l("Email"),
        validators=[
            InputRequired(),
            short(254),
            Email(_l("Enter an email address like name@example.org.")),
        ],
    )
    password = PasswordField(
        _l("Password"),
        description=_l("At least %(min)d characters.", min=MIN_PASSWORD),
        render_kw={"autocomplete": "new-password"},
        validators=[
            InputRequired(),
            Length(
                min=MIN_PASSWORD,
                max=200,
                message=_l("Use at least %(min)d characters."),  # Length fills in the number
            ),
        ],
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[InputRequired(), EqualTo("password", _l("The two passwords differ."))],
    )

    def validate_email(self, field):
        if email_taken(field.data):
            raise ValidationError(_l("There is already an account with this email."))
