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
