from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional

from planner.enums import Language
from planner.forms import Form, long_text, short


class NewLetterForm(Form):
    language = SelectField("Language", choices=Language.choices())


class DraftForm(Form):
    language = SelectField("Language", choices=Language.choices())
    place = StringField("Place", validators=[Optional(), short()])
    opening = TextAreaField("Opening paragraph", validators=[Optional(), long_text()])
    closing = TextAreaField("Closing paragraph", validators=[Optional(), long_text()])


class SignForm(Form):
    signed_on = DateField("Signed on", validators=[InputRequired("Give the date of signing.")])
    partner_signatory = StringField(
        "Signed for the partner by", validators=[InputRequired("Who signed?"), short()]
    )


class DeclineForm(Form):
    declined_on = DateField("Declined on", validators=[InputRequired("Give the date.")])


class ScanForm(Form):
    scan = FileField("Signed copy (PDF, PNG or JPEG)", validators=[FileRequired("Choose a file.")])
