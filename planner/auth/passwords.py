"""The one rule a new password must pass, wherever it is set: setup, the admin's new user,
the `planner user` commands, a change on the account page and a reset link."""

import gzip
from functools import cache
from importlib.resources import files

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

MIN_PASSWORD = 10
MAX_PASSWORD = 200


@cache
def common_passwords() -> frozenset[str]:
    """Django's list of 20,000 common passwords (lowercased; see its licence beside it)."""
    data = files("planner.auth").joinpath("common-passwords.txt.gz").read_bytes()
    return frozenset(gzip.decompress(data).decode().split())


def password_problem(password: str, *, email: str = "", name: str = "") -> LazyString | None:
    """What is wrong with this password for this person, or None when it is fine."""
    if len(password) < MIN_PASSWORD:
        return _l("Use at least %(min)d characters.", min=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        return _l("Use at most %(max)d characters.", max=MAX_PASSWORD)
    folded = password.casefold()
    if len(set(folded)) < 3:
        return _l("This password repeats one or two characters; use more different ones.")
    own = {email.strip().casefold(), name.strip().casefold()}
    if "@" in email:
        own.add(email.strip().casefold().split("@")[0])
    if folded.strip() in own - {""}:
        return _l("The password must not be your name or email.")
    if folded in common_passwords() or folded.strip() in common_passwords():
        return _l("This is one of the most common passwords; choose one that is harder to guess.")
    return None


class NewPassword:
    """A form validator: the password rule, knowing the form's email and name where it has
    them (or the signed-in user's, given as `person`)."""

    def __init__(self, email_field: str = "email", name_field: str = "name"):
        self.email_field = email_field
        self.name_field = name_field

    def __call__(self, form, field):
        email = getattr(getattr(form, self.email_field, None), "data", None)
        name = getattr(getattr(form, self.name_field, None), "data", None)
        person = getattr(form, "person", None)
        if person is not None:
            email = email or person.email
            name = name or person.name
        problem = password_problem(field.data or "", email=email or "", name=name or "")
        if problem is not None:
            raise ValidationError(str(problem))
