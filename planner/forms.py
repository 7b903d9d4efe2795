"""The base form every area's forms inherit: CSRF, and text cleaned on the way in."""

import re
from decimal import Decimal, InvalidOperation

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, PasswordField, SelectField, StringField
from wtforms.fields import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import TextInput

from planner.conflicts import remember, stale
from planner.enums import LABELS, Labelled
from planner.formats import format_number

# Control characters (NUL above all) break PostgreSQL and mean nothing to a reader;
# tabs and newlines are kept.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What a required field says when left empty, unless its form says more (WTForms' own
# "This field is required." reads curtly in Russian).
REQUIRED = _l("This field is required.")


def clean_text(value):
    if isinstance(value, str):
        return CONTROL.sub("", value).strip()
    return value


class Form(FlaskForm):
    """A form; one with a `revision` field (RevisionField) is refused when the record it
    edits (`obj`, or `record` when the form is not filled from it) was saved since it
    was opened: `conflict` is then set (planner/conflicts.py). `saved` names what is
    saved for fields not named as the record's attributes."""

    conflict = False

    def __init__(self, *args, record=None, saved=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record if record is not None else kwargs.get("obj")
        self.saved = saved
        if "revision" in self._fields and getattr(self.record, "revision", None) is not None:
            remember(self, self.record)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if "revision" in self._fields and stale(self, self.record):
            return False
        return valid

    class Meta:
        def bind_field(self, form, unbound_field, options):
            cls = unbound_field.field_class
            if issubclass(cls, StringField) and not issubclass(cls, PasswordField):
                options["filters"] = (clean_text, *unbound_field.kwargs.get("filters", ()))
                # InputRequired judges the raw input, so "  " or a lone NUL would pass it and
                # save a blank; a required text field judges the cleaned text instead.
                if validators := unbound_field.kwargs.get("validators"):
                    options["validators"] = [
                        DataRequired(v.message or REQUIRED) if isinstance(v, InputRequired) else v
                        for v in validators
                    ]
            elif validators := unbound_field.kwargs.get("validators"):
                options["validators"] = [
                    InputRequired(REQUIRED)
                    if isinstance(v, InputRequired) and v.message is None
                    else v
                    for v in validators
                ]
            return unbound_field.bind(form=form, **options)


def short(max: int = 200) -> Length:
    return Length(max=max, message=too_long(max))


def long_text() -> Length:
    return Length(max=20_000, message=too_long(20_000))


def too_long(max: int) -> LazyString:
    # Forms are made at import time: the number is written when the message is read, in the
    # page's language (20,000 or 20 000); Length fills in its own placeholders, hence %%.
    return LazyString(
        lambda: _("Keep this under %(max)s characters.", max=format_number(max)).replace("%", "%%")
    )


class DateOrder:
    """Check that this date does not come before another field's date."""

    def __init__(self, earlier: str, message: str | LazyString):
        self.earlier = earlier
        self.message = message

    def __call__(self, form, field):
        before = form[self.earlier].data
        if field.data and before and field.data < before:
            raise ValidationError(self.message)


class Amount(DecimalField):
    """A non-negative decimal that fits the database; NaN and infinity are refused."""

    # A text box: a browser's number box turns "12,50" into 1250 and empties what it can't read.
    widget = TextInput()

    def __init__(self, label=None, validators=None, maximum=Decimal("999999999999"), **kwargs):
        kwargs["render_kw"] = {"inputmode": "decimal", **(kwargs.get("render_kw") or {})}
        validators = [
            Optional(),
            NumberRange(
                min=0,
                max=maximum,
                message=LazyString(
                    lambda: _(
                        "Enter a number from 0 to %(max)s.", max=format_number(maximum)
                    ).replace("%", "%%")  # NumberRange fills in its own placeholders
                ),
            ),
            *(validators or ()),
        ]
        super().__init__(label, validators, places=None, **kwargs)

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0].strip():
            text = valuelist[0].strip().replace(" ", "").replace(",", ".")
            try:
                number = Decimal(text)
            except InvalidOperation:
                number = None
            if number is None or not number.is_finite():
                self.data = None
                raise ValueError(_("Enter a number, such as 12 or 12.50."))
            if abs(number) >= Decimal(10) ** 15:
                self.data = None
                raise ValueError(_("That number is too large."))
            self.data = number.quantize(Decimal("0.01"))
        else:
            self.data = None

    def pre_validate(self, form):
        # Text that is not a number has its message; the range check would only repeat it.
        if self.process_errors:
            raise StopValidation()


class EnumSelectField(SelectField):
    """A select of an enumeration's members, by their labels, whose data is the member.

    The form then hands views (and `populate_obj`) the enum itself, so no view
    converts values by hand. `members` narrows the choices (a direction's
    categories); `blank` adds an empty first choice whose data is None.
    """

    def __init__(
        self,
        label=None,
        validators=None,
        *,
        enum: type[Labelled],
        members=None,
        blank: str | None = None,
        **kwargs,
    ):
        self.enum = enum
        self.blank = [SelectChoice("", blank)] if blank is not None else []
        choices = self.blank + [
            SelectChoice(m.value, LABELS[m]) for m in (members if members is not None else enum)
        ]
        kwargs.setdefault("invalid_value_message", _l("Not a valid choice."))
        super().__init__(label, validators, coerce=self.to_member, choices=choices, **kwargs)

    def to_member(self, value):
        if value is None or value == "":
            return None
        return value if isinstance(value, self.enum) else self.enum(value)

    def set_members(self, members) -> None:
        """Narrow the choices to these members (keeping a blank choice if there is one)."""
        self.choices = self.blank + [SelectChoice(m.value, LABELS[m]) for m in members]
