import re

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    Field,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from planner.conflicts import RevisionField
from planner.enums import Answer, Health, Status, Support, Trust
from planner.forms import EnumSelectField, Form, long_text, short


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def criterion(label: str, question: str):
    return RadioField(label, description=question, choices=Answer.choices(), default="unsure")


class PartnershipForm(Form):
    revision = RevisionField()
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
    # How letters greet the contact (planner/letters/compose.py `greeting`).
    contact_form = SelectField(
        _l("Greeting in letters"),
        choices=[
            SelectChoice("", _l("Neutral: Dear Igor Petrov")),
            SelectChoice("male", _l("A man: Dear Mr Petrov")),
            SelectChoice("female", _l("A woman: Dear Ms Petrova")),
        ],
        default="",
        validators=[Optional()],
    )
    contact_addressed_as = StringField(
        _l("Name in the greeting"),
        description=_l(
            "Only if the letter should not take it from the contact's name: "
            "the first name and patronymic in Russian, the surname in English."
        ),
        validators=[Optional(), short()],
    )


# The "new partner" choice among the registry's partners when adding one to a project.
NEW = "new"
PARTNER_ID = re.compile(r"[0-9]{1,9}")  # ids fit a 32-bit integer column


class PartnerChoice(Field):
    """The partner picked in the list of registry partners: its id, NEW for the one typed in
    below, or None when nothing was picked. The list is drawn by hand as radio buttons, since
    it is the search's results, not a fixed set of choices."""

    widget = TextInput()  # never drawn: the radios are; not hidden, or hidden_tag would

    def process_formdata(self, valuelist):
        value = valuelist[0].strip() if valuelist else ""
        if value == NEW:
            self.data = NEW
        elif PARTNER_ID.fullmatch(value):
            self.data = int(value)
        else:
            self.data = None
            if value:
                raise ValueError(_l("Choose a partner from the list."))

    def _value(self):
        return "" if self.data is None else str(self.data)


class AttachForm(PartnershipForm):
    partner_id = PartnerChoice(_l("Partner"))


class ChosenProject(Field):
    """A project picked in a select of the projects a partner can join (checked by the view)."""

    widget = TextInput()  # never drawn: the page draws the select

    def process_formdata(self, valuelist):
        value = valuelist[0].strip() if valuelist else ""
        self.data = int(value) if PARTNER_ID.fullmatch(value) else None


class ProjectChoiceForm(Form):
    """Add a partner to a project from the partner's page."""

    project_id = ChosenProject(_l("Project"))


class StatusForm(Form):
    revision = RevisionField()
    status = EnumSelectField(_l("Status"), enum=Status)


class TrustForm(Form):
    """After a partnership completes: did the partner prove itself (trial before trust)?"""

    trust = EnumSelectField(_l("Trust"), enum=Trust, members=(Trust.TRIED, Trust.VERIFIED))


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
