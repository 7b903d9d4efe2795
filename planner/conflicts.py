"""Saves that would overwrite someone else's: found by the record's revision, refused with 409.

Every record a person edits counts its saves in `revision` (SQLAlchemy's version counter,
planner/models.py). A form carries the revision it was opened with in a hidden field; an
htmx cell (a status button) carries it in its URL or form. A save from an older revision is
not made when someone else changed a field it shows (each field's fingerprint at opening
tells which): the page comes back with 409, everything the person typed kept, and beside
each field they changed what is saved now; the form then carries the new revision, so
saving again is a deliberate overwrite. Two saves racing between read and write are caught
by the database (`StaleDataError`) and answered the same way.
"""

from __future__ import annotations

import hashlib
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
    """The revision of the record the form was opened with, and a short fingerprint of each
    field's value then ("3;name=1a2b3c;..."), so that a later save knows which fields
    someone else changed meanwhile. Never written onto the record.

    Every form the app renders sends it. A request without it (a script, a page rendered
    before revisions existed) is not checked: the revision is no secret, whoever wants to
    overwrite can send the current one, so its absence weakens nothing. `whole=True` makes
    any newer revision a conflict, for a form that edits more than its own fields (the
    report editor and its partner sections).
    """

    sent = False
    opened: dict[str, str] | None = None
    fingerprints: dict[str, str] | None = None

    def __init__(self, *args, whole: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.whole = whole

    def process_formdata(self, valuelist):
        self.sent = bool(valuelist)
        if valuelist:
            revision, _sep, fields = valuelist[0].partition(";")
            self.data = revision
            pairs = (pair.partition("=") for pair in fields.split(";"))
            self.opened = {name: value for name, sep, value in pairs if sep} or None

    def _value(self):
        revision = "" if self.data is None else str(self.data)
        if not self.fingerprints:
            return revision
        return ";".join([revision, *(f"{n}={p}" for n, p in sorted(self.fingerprints.items()))])

    def populate_obj(self, obj, name):
        pass


def saved_values(form, record) -> dict:
    """What is saved now for each of the form's fields that has a saved counterpart."""
    values = getattr(form, "saved", None) or {}
    found = {}
    for field in form:
        name = field.short_name
        if name in NOT_COMPARED:
            continue
        if name in values:
            found[name] = values[name]
        elif hasattr(record, name):
            found[name] = getattr(record, name)
    return found


def fingerprint(value) -> str:
    """A few bytes that change when the value does, as a field compares it."""
    if isinstance(value, set | frozenset | list | tuple):
        text = "\n".join(sorted(str(key(v)) for v in value))
    else:
        text = str(key(value))
    return hashlib.blake2s(text.encode(), digest_size=3).hexdigest()


def remember(form, record) -> None:
    """Give the form's revision field its fields' fingerprints as saved in `record`."""
    field = form.revision
    if not field.whole:
        field.fingerprints = {n: fingerprint(v) for n, v in saved_values(form, record).items()}


def stale(form, record) -> bool:
    """Tell whether saving `form` would overwrite what someone else saved in `record` since
    it was opened: a field they changed now differs from what this person typed (or, for a
    `whole` form, anything was saved). If so, note beside those fields what is saved now and
    give the form the current revision, so that saving again is a deliberate overwrite."""
    field = form.revision
    if not field.sent or record is None or getattr(record, "revision", None) is None:
        return False
    if str(field.data) == str(record.revision):
        return False
    saved = saved_values(form, record)
    if field.opened is None or field.whole:
        changed = set(saved)
    else:
        changed = {n for n, v in saved.items() if fingerprint(v) != field.opened.get(n)}
    noted = note(form, saved, changed)
    if not noted and not field.whole and field.opened is not None:
        return False  # their save touched nothing this person sees differently
    form.revision.data = record.revision
    remember(form, record)
    form.conflict = True
    return True


def note(form, saved: dict, names) -> list[str]:
    """Beside each named field whose saved value differs from what was typed, what is saved
    now (shown by templates/_form.html's `field`); the names of the fields noted."""
    noted = []
    for name in names:
        field = form[name]
        if not same(saved[name], field.data):
            field.saved_now = shown(field, saved[name])
            noted.append(name)
    return noted


def note_saved(form, record) -> None:
    """Note beside each of the form's fields what is saved in `record`, where it differs."""
    saved = saved_values(form, record)
    note(form, saved, saved)


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
    if isinstance(field, SelectFieldBase):
        labels = {str(k): str(label) for k, label in choices(field)}
        values = value if isinstance(value, set | frozenset | list) else [value]
        return ", ".join(sorted(label_of(labels, v) for v in values)) or _("(empty)")
    if value is None or value == "":
        return _("(empty)")
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, Decimal | int):
        return format_number(value)
    return str(value)


def label_of(labels: dict[str, str], value) -> str:
    """A choice's label; an empty choice (None, "" or 0 for "none") by its own label."""
    if key(value) is None:
        return labels.get("") or labels.get("0") or _("(empty)")
    return labels.get(str(key(value)), str(key(value)))


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


def cell_stale(record, shows: str) -> bool:
    """Tell whether a one-click cell (a status button) was shown at an older revision of
    `record` whose attribute `shows` has changed since (the cell sends its value as `was`).
    A cell sent without its revision is not checked, as for forms."""
    sent = request.values.get("revision")
    if sent is None or sent == str(record.revision):
        return False
    return request.values.get("was") != str(key(getattr(record, shows)))


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
