from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, RadioField, SelectField, StringField
from wtforms.fields import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional, Regexp

from planner.conflicts import RevisionField
from planner.enums import AskAnswer
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
    lead_days_business = days(_l("Business: goods, services and time"))
    budget_in_kind_large = BooleanField(
        _l("Large companies plan their gifts in kind in the budget too"),
        description=_l(
            "Then a large company's goods, services and time wait for its budget month, like money."
        ),
    )


class AnswerForm(Form):
    """What a partner answered an ask; "later" needs the date to ask again."""

    answer = RadioField(
        _l("Answer"),
        choices=AskAnswer.choices,
        validators=[InputRequired(_l("Choose the partner's answer."))],
    )
    note = StringField(_l("Note"), validators=[Optional(), short(500)])
    again = DateField(_l("Ask again on"), validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        # An empty date is fine (Optional ends its checks), except for "later".
        valid = super().validate(extra_validators)
        if valid and self.answer.data == AskAnswer.LATER and self.again.data is None:
            self.again.errors.append(_l("Give the date to ask again."))
            return False
        if valid and self.again.data is not None and self.again.data < date.today():
            self.again.errors.append(_l("The date to ask again cannot be in the past."))
            return False
        return valid


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
