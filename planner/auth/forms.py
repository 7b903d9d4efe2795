from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length, ValidationError

from planner.auth.accounts import MIN_PASSWORD, email_taken
from planner.auth.passwords import MAX_PASSWORD, NewPassword
from planner.forms import Form, short
from planner.i18n import LANGUAGES, native_name


class LoginForm(Form):
    email = EmailField(_l("Email"), validators=[InputRequired(), short(254)])
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=200)])


def new_password_field(label=None) -> PasswordField:
    return PasswordField(
        label or _l("Password"),
        description=_l(
            "At least %(min)d characters; not a common password, nor your name or email.",
            min=MIN_PASSWORD,
        ),
        render_kw={"autocomplete": "new-password"},
        validators=[InputRequired(), NewPassword()],
    )


def confirm_field() -> PasswordField:
    return PasswordField(
        _l("Repeat the password"),
        render_kw={"autocomplete": "new-password"},
        validators=[InputRequired(), EqualTo("password", _l("The two passwords differ."))],
    )


def email_field() -> EmailField:
    return EmailField(
        _l("Email"),
        validators=[
            InputRequired(),
            short(254),
            Email(_l("Enter an email address like name@example.org.")),
        ],
    )


class NewUserForm(Form):
    name = StringField(_l("Name"), validators=[InputRequired(), short()])
    email = email_field()
    password = new_password_field()
    confirm = confirm_field()

    def validate_email(self, field):
        if email_taken(field.data):
            raise ValidationError(_l("There is already an account with this email."))


class AccountForm(Form):
    """The signed-in person's own name, email and interface language."""

    name = StringField(_l("Name"), validators=[InputRequired(), short()])
    email = email_field()
    language = SelectField(_l("Language of the interface"), default="")

    def __init__(self, person, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.language.choices = [("", _l("As my browser asks"))] + [
            (code, native_name(code)) for code in LANGUAGES
        ]

    def validate_email(self, field):
        if email_taken(field.data, besides=self.person):
            raise ValidationError(_l("There is already an account with this email."))


class PasswordChangeForm(Form):
    current = PasswordField(
        _l("Current password"),
        render_kw={"autocomplete": "current-password"},
        validators=[InputRequired(), Length(max=MAX_PASSWORD)],
    )
    password = new_password_field(_l("New password"))
    confirm = confirm_field()

    def __init__(self, person, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def validate_current(self, field):
        if not self.person.check_password(field.data):
            raise ValidationError(_l("That is not your current password."))


class ResetPasswordForm(Form):
    password = new_password_field(_l("New password"))
    confirm = confirm_field()

    def __init__(self, person, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
