"""Saves that would overwrite someone else's: found by the record's revision, refused with 409.

Every record a person edits counts its saves in `revision` (SQLAlchemy's version counter,
planner/models.py). A form carries the revision it was opened with in a hidden field; an
htmx cell (a status button) carries it in its URL or form. A save from an older revision is
not made: the page comes back with 409, everything the person typed kept, and beside each
field what is saved now; the form then carries the new revision, so saving again is a
deliberate overwrite. Two saves racing between read and write are caught by the database
(`StaleDataError`) and answered the same way.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum

from flask import Flask, current_app, make_response, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError
from wtforms import BooleanField, HiddenField, SelectFieldBase
from wtforms.fields import SelectChoice

from planner.extensions import db
from planner.formats import format_date, format_number

NOT_COMPARED = {"revision", "csrf_token"}


class RevisionField(HiddenField):
    """The revision of the record the form was opened with; never written onto the record.

    Every form the app renders sends it. A request without it (a script, a page rendered
    before revisions existed) is not checked: the revision is no secret, whoever wants to
    overwrite can send the current one, so its absence weakens nothing.
    """

    sent = False

    def process_formdata(self, valuelist):
        self.sent = bool(valuelist)
        if valuelist:
            self.data = valuelist[0]

    def populate_obj(self, obj, name):
        pass


def stale(form, record) -> bool:
    """Tell whether `form` was opened at an older revision of `record`; if so, note beside
    each field what is saved now and give the form the current revision."""
    if not form.revision.sent or record is None or getattr(record, "revision", None) is None:
        return False
    if str(form.revision.data) == str(record.revision):
        return False
    note_saved(form, record)
    form.revision.data = record.revision
    form.conflict = True
    return True


def note_saved(form, record) -> None:
    """Beside each of the form's fields whose saved value differs from what was typed, what
    is saved now (shown by templates/_form.html's `field`)."""
    values = getattr(form, "saved", None) or {}
    for field in form:
        name = field.short_name
        if name in NOT_COMPARED or not (name in values or hasattr(record, name)):
            continue
        saved = values[name] if name in values else getattr(record, name)
        if not same(saved, field.data):
            field.saved_now = shown(field, saved)


def key(value):
    value = value.value if isinstance(value, Enum) else value
    return value or None


def same(saved, typed) -> bool:
    if isinstance(saved, set | frozenset | list) or isinstance(typed, set | frozenset | list):
        return {str(key(v)) for v in saved or ()} == {str(key(v)) for v in typed or ()}
    a, b = key(saved), key(typed)
    return a == b or str(a) == str(b)


def shown(field, value) -> str:
    """A saved value as the person would read it in that field."""
    if isinstance(field, BooleanField):
        return _("Yes") if value else _("No")
    if key(value) is None and not isinstance(value, set):
        return _("(empty)")
    if isinstance(field, SelectFieldBase):
        labels = {str(k): label for k, label in choices(field)}
        values = value if isinstance(value, set | frozenset | list) else [value]
        found = [str(labels.get(str(key(v)), key(v))) for v in values]
        return ", ".join(sorted(found)) if found else _("(empty)")
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, Decimal | int):
        return format_number(value)
    return str(value)


def choices(field):
    listed = field.choices.items() if isinstance(field.choices, dict) else field.choices or ()
    for choice in listed:
        if isinstance(choice, SelectChoice):
            yield choice.value, choice.label
        elif isinstance(choice, tuple):
            yield choice[0], choice[1]
        else:
            yield choice, choice


def respond(response: ResponseReturnValue, *forms, conflict: bool = False) -> ResponseReturnValue:
    """The page (or fragment) of `forms`, answered with 409 when one of them was stale (or
    when told there is a `conflict`)."""
    response = make_response(response)
    if conflict or any(getattr(form, "conflict", False) for form in forms):
        response.status_code = 409
    return response


def cell_stale(record) -> bool:
    """Tell whether a one-click cell (a status button) was shown at an older revision (one
    sent without its revision is not checked, as for forms)."""
    sent = request.values.get("revision")
    return sent is not None and sent != str(record.revision)


def conflict_page(message: str | None = None, back: str | None = None) -> ResponseReturnValue:
    """The page a refused one-click change answers without JavaScript: why, and a way back."""
    return render_template("conflict.html", message=message, back=back), 409


def raced(error: StaleDataError) -> ResponseReturnValue:
    """Two saves of one record crossed between read and write: the later one's view runs
    again on what is saved now, so it meets the conflict as any other stale save does."""
    db.session.rollback()
    view = current_app.view_functions[request.endpoint]
    try:
        return current_app.ensure_sync(view)(**(request.view_args or {}))
    except StaleDataError:
        db.session.rollback()
        return conflict_page()


def init_app(app: Flask) -> None:
    app.register_error_handler(StaleDataError, raced)
