"""The base form every area's forms inherit: CSRF, and text cleaned on the way in."""

import re

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import Length, ValidationError

# Control characters (NUL above all) break PostgreSQL and mean nothing to a reader;
# tabs and newlines are kept.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value):
    if isinstance(value, str):
        return CONTROL.sub("", value).strip()
    return value


class Form(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            cls = unbound_field.field_class
            if issubclass(cls, StringField) and not issubclass(cls, PasswordField):
                options["filters"] = (clean_text, *unbound_field.kwargs.get("filters", ()))
            return unbound_field.bind(form=form, **options)


def short(max: int = 200) -> Length:
    return Length(max=max, message=f"Keep this under {max} characters.")


def long_text() -> Length:
    return Length(max=20_000, message="Keep this under 20,000 characters.")


class DateOrder:
    """Check that this date does not come before another field's date."""

    def __init__(self, earlier: str, message: str):
        self.earlier = earlier
        self.message = message

    def __call__(self, form, field):
        before = form[self.earlier].data
        if field.data and before and field.data < before:
            raise ValidationError(self.message)
