from flask_babel import lazy_gettext as _l
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
        _l("Kinds of support"), choices=Support.choices(), validators=[Optional()]
    )
    need = criterion(
        _l("Need"), _l("Does it provide something the project really cannot do without?")
    )
    need_note = TextAreaField(_l("Why"), validators=[Optional(), long_text()])
    fit = criterion(_l("Fit"), _l("Is working with it easy, transparent, pleasant?"))
    fit_note = TextAreaField(_l("Why"), validators=[Optional(), long_text()])
    motivation = criterion(_l("Motivation"), _l("Do you know why it will stay to the end?"))
    motivation_note = TextAreaField(_l("Why"), validators=[Optional(), long_text()])
    responsible_id = SelectField(_l("Responsible on our side"), coerce=int, choices=[])
    partner_contact = StringField(
        _l("Contact on the partner's side"), validators=[Optional(), short()]
    )


class AttachForm(PartnershipForm):
    partner_id = SelectField(
        _l("Partner"), coerce=int, choices=[], validators=[InputRequired(_l("Choose a partner."))]
    )


class StatusForm(Form):
    status = EnumSelectField(_l("Status"), enum=Status)


class HealthForm(Form):
    colour = RadioField(
        _l("Are we delivering what they came for?"),
        choices=Health.choices(),
        validators=[InputRequired(_l("Choose green, amber or red."))],
    )
    note = TextAreaField(_l("Note"), validators=[Optional(), long_text()])
    checked_on = DateField(
        _l("Date"), validators=[InputRequired(_l("Give the date of the check."))]
    )
