from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import InputRequired, Optional

from planner.enums import Answer, Satisfaction
from planner.forms import Amount, Form, long_text, short


class ReportForm(Form):
    summary = TextAreaField("Summary", validators=[Optional(), short(2000)])
    narrative = TextAreaField(
        "The story",
        description="Markdown: **bold**, *italic*, lists, [links](https://…); HTML shows as text.",
        validators=[Optional(), long_text()],
    )


class ResultForm(Form):
    label = StringField("What was achieved", validators=[InputRequired(), short()])
    value = Amount("Figure", validators=[InputRequired("Give the figure.")])
    unit = StringField("Unit", validators=[Optional(), short(40)])


class PhotoForm(Form):
    photo = FileField("Photo (JPEG or PNG)", validators=[FileRequired("Choose a photo.")])
    alt = StringField(
        "Describe the photo for people who cannot see it",
        validators=[InputRequired("Every photo needs a description."), short(300)],
    )
    credit = StringField("Credit", validators=[Optional(), short()])


class ThanksForm(Form):
    made_possible = TextAreaField(
        "What its help made possible", validators=[Optional(), long_text()]
    )
    thank_you = TextAreaField(
        "Personal thank-you (shown only if the partner agreed to be named)",
        validators=[Optional(), long_text()],
    )


class ConsentForm(Form):
    consent_name = BooleanField("May be named on public pages")
    consent_logo = BooleanField("May show its logo")
    consent_quote = BooleanField("May be quoted")
    quote = TextAreaField("Quote", validators=[Optional(), short(2000)])


class UpdatesConsentForm(Form):
    updates_consent = BooleanField("Agrees to receive updates after the project")
    updates_consent_on = DateField("Date of consent", validators=[Optional()])
    updates_consent_how = StringField(
        "How it was given", validators=[Optional(), short()], description="e.g. signed form, email"
    )


class FollowUpForm(Form):
    satisfaction = SelectField(
        "How satisfied is the partner?",
        choices=[SelectChoice("", "— not asked yet —"), *Satisfaction.choices()],
    )
    again_us = SelectField(
        "Do we want to work together again?", choices=[SelectChoice("", "—"), *Answer.choices()]
    )
    again_them = SelectField(
        "Does the partner want to work together again?",
        choices=[SelectChoice("", "—"), *Answer.choices()],
    )
    follow_up_note = TextAreaField("Note", validators=[Optional(), long_text()])


class PartnerSectionForm(ThanksForm, ConsentForm):
    """One partner's section of the report, with what it agreed may be published."""


class FollowUpRecordForm(FollowUpForm, UpdatesConsentForm):
    """What the partner thinks after the project, and whether it wants our updates."""
