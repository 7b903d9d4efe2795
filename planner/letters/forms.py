from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import InputRequired, Optional

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
