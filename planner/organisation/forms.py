from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Optional, Regexp

from planner.auth.forms import NewUserForm
from planner.conflicts import RevisionField
from planner.enums import Language
from planner.forms import Form, short


class OrganisationFields(Form):
    """The organisation's profile, as the letters and published pages will show it."""

    revision = RevisionField()

    org_name = StringField(_l("Organisation name"), validators=[InputRequired(), short()])
    address = TextAreaField(_l("Address"), validators=[Optional(), short(1000)])
    place = StringField(
        _l("Town"),
        description=_l("Where letters are signed, as their date line shows it."),
        validators=[Optional(), short()],
    )
    # The same three in the organisation's other language (the profile page says which).
    name_translated = StringField(_l("Organisation name"), validators=[Optional(), short()])
    address_translated = TextAreaField(_l("Address"), validators=[Optional(), short(1000)])
    place_translated = StringField(_l("Town"), validators=[Optional(), short()])
    website = StringField(
        _l("Website"),
        validators=[
            Optional(),
            short(300),
            Regexp(r"^https?://\S+$", message=_l("Start the address with http:// or https://.")),
        ],
    )
    org_email = EmailField(
        _l("Email"), validators=[Optional(), short(254), Email(_l("Enter an email address."))]
    )
    signatory_name = StringField(_l("Default signatory"), validators=[Optional(), short()])
    signatory_title = StringField(_l("Signatory's title"), validators=[Optional(), short()])
    language = SelectField(
        _l("Language of the public site and letters"),
        description=_l(
            "Letters to a partner who prefers the other language are written in that one. "
            "People whose browser speaks neither language see the workspace in this one."
        ),
        choices=Language.choices(),
        default="en",
    )
    currency = StringField(
        _l("Currency"),
        default="EUR",
        filters=[lambda v: v.upper() if isinstance(v, str) else v],
        validators=[
            InputRequired(),
            Regexp(r"^[A-Z]{3}$", message=_l("Use a three-letter code such as EUR, USD or RUB.")),
        ],
    )


class SetupForm(OrganisationFields, NewUserForm):
    pass
