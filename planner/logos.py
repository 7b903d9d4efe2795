"""Logos (the organisation's letterhead, partners' for the public site): one small form and view."""

from flask import flash
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired

from planner.forms import Form
from planner.uploads import UploadError, save_photo


class LogoForm(Form):
    logo = FileField(_l("Logo (PNG or JPEG)"), validators=[FileRequired(_l("Choose an image."))])


def replace_logo(owner, form: LogoForm) -> bool:
    """Store the uploaded logo on `owner` (resized); flash what went wrong, if anything."""
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(errors), "danger")
        return False
    try:
        owner.logo_file = save_photo(form.logo.data, max_side=600)[0]
    except UploadError as error:
        flash(str(error), "danger")
        return False
    return True
