from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import InputRequired, Optional

from planner.conflicts import RevisionField
from planner.enums import Answer, Satisfaction
from planner.forms import Amount, Form, long_text, short


class ReportForm(Form):
    revision = RevisionField(whole=True)
    summary = TextAreaField(_l("Summary"), validators=[Optional(), short(2000)])
    narrative = TextAreaField(
        _l("The story"),
        description=_l(
            "Markdown: **bold**, *italic*, lists, [links](https://…); HTML shows as text. "
            "A photo of this report inside the story: ![what it shows](photo-1), numbered as "
            "the photos are listed; images from other sites are shown as links."
        ),
        validators=[Optional(), long_text()],
    )


class RequiredAmount(Amount):
    """An amount that must be given: Amount lets an empty box through (its first validator
    is Optional, which ends the chain before any other could refuse it)."""

    def __init__(self, label=None, message=None, **kwargs):
        super().__init__(label, **kwargs)
        self.validators = [InputRequired(message), *self.validators[1:]]


class ResultForm(Form):
    label = StringField(_l("What was achieved"), validators=[InputRequired(), short()])
    value = RequiredAmount(_l("Figure"), message=_l("Give the figure."))
    unit = StringField(_l("Unit"), validators=[Optional(), short(40)])


class PhotoForm(Form):
    photo = FileField(_l("Photo (JPEG or PNG)"), validators=[FileRequired(_l("Choose a photo."))])
    alt = StringField(
        _l("Describe the photo for people who cannot see it"),
        validators=[InputRequired(_l("Every photo needs a description.")), short(300)],
    )
    credit = StringField(_l("Credit"), validators=[Optional(), short()])


class ThanksForm(Form):
    made_possible = TextAreaField(
        _l("What its help made possible"), validators=[Optional(), long_text()]
    )
    thank_you = TextAreaField(
        _l("Personal thank-you (shown only if the partner agreed to be named)"),
        validators=[Optional(), long_text()],
    )


class ConsentForm(Form):
    consent_name = BooleanField(_l("May be named on public pages"))
    consent_logo = BooleanField(_l("May show its logo"))
    consent_quote = BooleanField(_l("May be quoted"))
    quote = TextAreaField(_l("Quote"), validators=[Optional(), short(2000)])


class UpdatesConsentForm(Form):
    updates_consent = BooleanField(_l("Agrees to receive updates after the project"))
    updates_consent_on = DateField(_l("Date of consent"), validators=[Optional()])
    updates_consent_how = StringField(
        _l("How it was given"),
        validators=[Optional(), short()],
        description=_l("e.g. signed form, email"),
    )


class FollowUpForm(Form):
    satisfaction = SelectField(
        _l("How satisfied is the partner?"),
        choices=[SelectChoice("", _l("— not asked yet —")), *Satisfaction.choices()],
    )
    again_us = SelectField(
        _l("Do we want to work together again?"),
        choices=[SelectChoice("", "—"), *Answer.choices()],
    )
    again_them = SelectField(
        _l("Does the partner want to work together again?"),
        choices=[SelectChoice("", "—"), *Answer.choices()],
    )
    follow_up_note = TextAreaField(_l("Note"), validators=[Optional(), long_text()])


class PartnerSectionForm(ThanksForm, ConsentForm):
    """One partner's section of the report, with what it agreed may be published."""


class FollowUpRecordForm(FollowUpForm, UpdatesConsentForm):
    """What the partner thinks after the project, and whether it wants our updates."""

    revision = RevisionField()
