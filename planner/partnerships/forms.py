from wtforms import (
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from planner.enums import Answer, Health, Status, Support
from planner.forms import EnumSelectField, Form, long_text, short


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def criterion(label: str, question: str):
    return RadioField(label, description=question, choices=Answer.choices(), default="unsure")


class PartnershipForm(Form):
    support = CheckboxesField(
        "Kinds of support", choices=Support.choices(), validators=[Optional()]
    )
    need = criterion("Need", "Does it provide something the project really cannot do without?")
    need_note = TextAreaField("Why", validators=[Optional(), long_text()])
    fit = criterion("Fit", "Is working with it easy, transparent, pleasant?")
    fit_note = TextAreaField("Why", validators=[Optional(), long_text()])
    motivation = criterion("Motivation", "Do you know why it will stay to the end?")
    motivation_note = TextAreaField("Why", validators=[Optional(), long_text()])
    responsible_id = SelectField("Responsible on our side", coerce=int, choices=[])
    partner_contact = StringField("Contact on the partner's side", validators=[Optional(), short()])


class AttachForm(PartnershipForm):
    partner_id = SelectField(
        "Partner", coerce=int, choices=[], validators=[InputRequired("Choose a partner.")]
    )


class StatusForm(Form):
    status = EnumSelectField("Status", enum=Status)


class HealthForm(Form):
    colour = RadioField(
        "Are we delivering what they came for?",
        choices=Health.choices(),
        validators=[InputRequired("Choose green, amber or red.")],
    )
    note = TextAreaField("Note", validators=[Optional(), long_text()])
    checked_on = DateField("Date", validators=[InputRequired("Give the date of the check.")])
