from datetime import date

from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, NumberRange, Optional, Regexp

from planner.forms import DateOrder, Form, short

MONTHS = {m: date(2000, m, 1).strftime("%B") for m in range(1, 13)}


def days(label: str):
    return IntegerField(
        label,
        validators=[
            InputRequired("Give a number of days."),
            NumberRange(0, 730, "Use 0 to 730 days."),
        ],
    )


class LeadTimesForm(Form):
    lead_days_media = days("Media")
    lead_days_volunteers = days("Volunteers and citizen groups")
    lead_days_ngo = days("NGOs")
    lead_days_government = days("Government (things other than grant money)")
    budget_month = SelectField("Business: budget month (default)", coerce=int, choices=MONTHS)


class GrantCallForm(Form):
    name = StringField("Name of the call", validators=[InputRequired(), short()])
    funder = StringField("Funder", validators=[Optional(), short()])
    deadline = DateField("Application deadline", validators=[InputRequired("Give the deadline.")])
    decision_date = DateField(
        "Decision date",
        validators=[
            Optional(),
            DateOrder("deadline", "The decision cannot come before the deadline."),
        ],
    )
    url = StringField(
        "Web page",
        validators=[
            Optional(),
            short(300),
            Regexp(r"^https?://\S+$", message="Start the address with http:// or https://."),
        ],
    )
