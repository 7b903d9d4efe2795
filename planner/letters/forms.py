from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, EmailField, SelectField, StringField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Optional

from planner.enums import Language
from planner.forms import Form, long_text, short

# Left empty, a new letter is written in the partner's preferred language, else the
# organisation's (planner/partners/rules.py writing_language).
PARTNERS_LANGUAGE = ""


class NewLetterForm(Form):
    language = SelectField(
        _l("Language"),
        choices=[
            SelectChoice(PARTNERS_LANGUAGE, _l("The partner's language")),
            *Language.choices(),
        ],
        default=PARTNERS_LANGUAGE,
    )


class DraftForm(Form):
    language = SelectField(_l("Language of the letter"), choices=Language.choices())
    place = StringField(_l("Place"), validators=[Optional(), short()])
    opening = TextAreaField(_l("Opening paragraph"), validators=[Optional(), long_text()])
    closing = TextAreaField(_l("Closing paragraph"), validators=[Optional(), long_text()])


class SignForm(Form):
    signed_on = DateField(
        _l("Signed on"), validators=[InputRequired(_l("Give the date of signing."))]
    )
    partner_signatory = StringField(
        _l("Signed for the partner by"), validators=[InputRequired(_l("Who signed?")), short()]
    )


class DeclineForm(Form):
    declined_on = DateField(_l("Declined on"), validators=[InputRequired(_l("Give the date."))])


class ScanForm(Form):
    scan = FileField(
        _l("Signed copy (PDF, PNG or JPEG)"), validators=[FileRequired(_l("Choose a file."))]
    )


class EmailForm(Form):
    recipient = EmailField(
        _l("Partner's e-mail address"),
        validators=[
            Optional(),
            Email(_l("Give an e-mail address such as name@example.org.")),
            short(),
        ],
    )


class ConfirmForm(Form):
    name = StringField(_l("Your name"), validators=[InputRequired(_l("Give your name.")), short()])
    title = StringField(
        _l("Your position"), validators=[InputRequired(_l("Give your position.")), short()]
    )
    authorised = BooleanField(
        validators=[DataRequired(_l("Confirm that you may sign for the partner."))]
    )


class ChangesForm(Form):
    comment = TextAreaField(
        _l("What should change?"),
        validators=[InputRequired(_l("Say what should change.")), long_text()],
    )
