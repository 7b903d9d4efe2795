from datetime import date

from flask import g
from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional

from planner.contacts.rules import MAX_QUIET_WEEKS
from planner.enums import ContactKind
from planner.forms import EnumSelectField, Form, long_text, short
from planner.models import Partnership
from planner.projects.queries import coordinator_choices


class ContactForm(Form):
    """A contact in a few seconds: what kind and what was said; the rest has defaults."""

    kind = EnumSelectField(_l("Contact"), enum=ContactKind, default=ContactKind.CALL)
    summary = TextAreaField(
        _l("What was said"),
        validators=[
            InputRequired(_l("Say in a few words what the contact was about.")),
            long_text(),
        ],
    )
    outcome = StringField(_l("Outcome"), validators=[Optional(), short(300)])
    contacted_on = DateField(_l("Date"), validators=[InputRequired(_l("Give the date."))])
    user_id = SelectField(_l("Who"), coerce=int, validate_choice=True)
    with_whom = StringField(_l("With whom"), validators=[Optional(), short()])
    next_step = StringField(_l("Next step"), validators=[Optional(), short(300)])
    next_due_on = DateField(_l("By"), validators=[Optional()])
    next_owner_id = SelectField(_l("Whose step"), coerce=int, validate_choice=True)
    # Where the form was opened from (the partnership, a board card, a matrix row): the
    # answer to htmx fits that place.
    place = HiddenField()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.next_step.data and not self.next_due_on.data and not self.next_due_on.errors:
            self.next_due_on.errors.append(_l("Give the date of the next step."))
            valid = False
        if self.next_due_on.data and not self.next_step.data:
            self.next_step.errors.append(_l("Say what the next step is."))
            valid = False
        return valid


class QuietWeeksForm(Form):
    weeks = IntegerField(
        _l("Weeks without contact"),
        validators=[
            InputRequired(_l("Give a number of weeks.")),
            NumberRange(1, MAX_QUIET_WEEKS, _l("Give a number of weeks from 1 to 104.")),
        ],
    )


class InviteForm(Form):
    """Invite the chosen partners to an event: each gets an invitation in its log."""

    event = StringField(_l("Event"), validators=[InputRequired(_l("Name the event.")), short()])
    held_on = DateField(_l("Date of the event"), validators=[InputRequired(_l("Give the date."))])


def contact_form(partnership: Partnership, place: str, formdata=None) -> ContactForm:
    """The contact form of a partnership, filled with today, me and its contact person."""
    form = ContactForm(
        formdata=formdata,
        prefix=f"c{partnership.id}",
        data={
            "contacted_on": date.today(),
            "user_id": g.user.id,
            "next_owner_id": g.user.id,
            "with_whom": partnership.partner_contact,
            "place": place,
        },
    )
    people = coordinator_choices()
    form.user_id.choices = [(k, v) for k, v in people.items() if k]
    form.next_owner_id.choices = [(k, v) for k, v in people.items() if k]
    return form
