import re

from babel.numbers import format_decimal
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Optional, Regexp, ValidationError

from planner.auth.forms import NewUserForm
from planner.conflicts import RevisionField
from planner.enums import Language
from planner.forms import Form, short
from planner.models import DEFAULT_ACCENT

# WCAG AA for body text: white text on the accent colour (and the colour on white) must reach it.
MIN_CONTRAST = 4.5


def contrast_with_white(colour: str) -> float:
    """The WCAG contrast ratio of white against an "#RRGGBB" colour (1 to 21)."""

    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


def readable_with_white(form, field) -> None:
    if not field.data or not re.fullmatch(r"#[0-9a-f]{6}", field.data):
        return  # empty or malformed: the field's other validators say so
    if contrast_with_white(field.data) < MIN_CONTRAST:
        ratio = format_decimal(contrast_with_white(field.data), "0.0", locale=get_locale())
        raise ValidationError(
            _(
                "White text on this colour is hard to read (contrast %(ratio)s:1, at least "
                "4.5:1 is needed). Choose a darker colour.",
                ratio=ratio,
            )
        )


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
    intro = TextAreaField(
        _l("Introduction on the public site"),
        description=_l(
            "A few sentences about the organisation that open the public site's home page."
        ),
        validators=[Optional(), short(2000)],
        render_kw={"rows": 5},
    )
    accent_colour = StringField(
        _l("Colour of the public site"),
        description=_l(
            "A colour such as #1f5f8b, for links and headings on the public site. It must be "
            "dark enough for white text."
        ),
        default=DEFAULT_ACCENT,
        filters=[lambda v: v.strip().lower() if isinstance(v, str) else v],
        # Left empty (the set-up form does not ask), the site keeps its default colour.
        validators=[
            Optional(),
            Regexp(
                r"^#[0-9a-f]{6}$",
                message=_l("Write the colour as # and six hexadecimal digits, such as #1f5f8b."),
            ),
            readable_with_white,
        ],
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
