from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.fields import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional, Regexp

from planner.conflicts import RevisionField
from planner.formats import month_names
from planner.forms import DateOrder, Form, short


def month_choices() -> list[SelectChoice]:
    return [SelectChoice(number, name) for number, name in month_names().items()]


def days(label):
    return IntegerField(
        label,
        validators=[
            InputRequired(_l("Give a number of days.")),
            NumberRange(0, 730, _l("Use 0 to 730 days.")),
        ],
    )


class LeadTimesForm(Form):
    revision = RevisionField()
    lead_days_media = days(_l("Media"))
    lead_days_volunteers = days(_l("Volunteers and citizen groups"))
    lead_days_ngo = days(_l("NGOs"))
    lead_days_government = days(_l("Government (things other than grant money)"))
    budget_month = SelectField(
        _l("Business: budget month (default)"), coerce=int, choices=month_choices
    )


class GrantCallForm(Form):
    revision = RevisionField()
    name = StringField(_l("Name of the call"), validators=[InputRequired(), short()])
    funder = StringField(_l("Funder"), validators=[Optional(), short()])
    deadline = DateField(
        _l("Application deadline"), validators=[InputRequired(_l("Give the deadline."))]
    )
    decision_date = DateField(
        _l("Decision date"),
        validators=[
            Optional(),
            DateOrder("deadline", _l("The decision cannot come before the deadline.")),
        ],
    )
    url = StringField(
        _l("Web page"),
        validators=[
            Optional(),
            short(300),
            Regexp(r"^https?://\S+$", message=_l("Start the address with http:// or https://.")),
        ],
    )
