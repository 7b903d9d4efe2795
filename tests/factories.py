"""Build rows for tests by calling the app's own code, not by loading SQL."""

import itertools
from datetime import date

from planner.auth.accounts import create_user
from planner.enums import (
    CATEGORIES,
    Answer,
    Category,
    ContactKind,
    Direction,
    Health,
    ItemStatus,
    Sector,
    Status,
    Support,
)
from planner.extensions import db
from planner.models import (
    Commitment,
    Contact,
    GrantCall,
    HealthCheck,
    Need,
    Organisation,
    Partner,
    Partnership,
    Project,
    User,
)
from planner.partnerships.history import change_status

PASSWORD = "correct horse battery"
_seq = itertools.count(1)


def organisation(**fields) -> Organisation:
    org = Organisation(**{"name": "Warm Home Foundation", "currency": "EUR", **fields})
    db.session.add(org)
    db.session.commit()
    return org


def user(email: str | None = None, name: str | None = None, admin: bool = False) -> User:
    n = next(_seq)
    person = create_user(
        email or f"coordinator{n}@example.org", name or f"Coordinator {n}", PASSWORD, admin=admin
    )
    db.session.commit()
    return person


def project(**fields) -> Project:
    n = next(_seq)
    item = Project(**{"title": f"Project {n}", "slug": f"project-{n}", **fields})
    db.session.add(item)
    db.session.commit()
    return item


def partner(**fields) -> Partner:
    n = next(_seq)
    item = Partner(**{"name": f"Partner {n}", "sector": Sector.NGO, **fields})
    db.session.add(item)
    db.session.commit()
    return item


def partnership(
    project: Project | None = None,
    partner: Partner | None = None,
    status: Status = Status.CANDIDATE,
    criteria: Answer = Answer.YES,
    by: User | None = None,
    **fields,
) -> Partnership:
    item = Partnership(
        project=project or globals()["project"](),
        partner=partner or globals()["partner"](),
        need=criteria,
        fit=criteria,
        motivation=criteria,
        support=fields.pop("support", {Support.MATERIAL}),
        **fields,
    )
    change_status(item, Status.CANDIDATE, by)
    if status is not Status.CANDIDATE:
        db.session.add(item)
        db.session.flush()
        change_status(item, status, by)
    db.session.add(item)
    db.session.commit()
    return item


def commitment(
    partnership: Partnership | None = None,
    direction: Direction = Direction.GIVES,
    category: Category | None = None,
    status: ItemStatus = ItemStatus.PLANNED,
    **fields,
) -> Commitment:
    """One item of the matrix; `category` defaults to the direction's first category."""
    n = next(_seq)
    item = Commitment(
        partnership=partnership or globals()["partnership"](status=Status.ACTIVE),
        direction=direction,
        category=category or CATEGORIES[direction][0],
        status=status,
        **{"description": f"Item {n}", **fields},
    )
    db.session.add(item)
    db.session.commit()
    return item


def need(project: Project | None = None, category: Category = Category.MONEY, **fields) -> Need:
    n = next(_seq)
    item = Need(
        project=project or globals()["project"](),
        category=category,
        **{"description": f"Need {n}", **fields},
    )
    db.session.add(item)
    db.session.commit()
    return item


def grant_call(**fields) -> GrantCall:
    n = next(_seq)
    call = GrantCall(**{"name": f"Grant call {n}", "deadline": date(2026, 9, 30), **fields})
    db.session.add(call)
    db.session.commit()
    return call


def health_check(
    partnership: Partnership | None = None,
    colour: Health = Health.GREEN,
    checked_on: date | None = None,
    **fields,
) -> HealthCheck:
    check = HealthCheck(
        partnership=partnership or globals()["partnership"](status=Status.ACTIVE),
        colour=colour,
        checked_on=checked_on or date.today(),
        **fields,
    )
    db.session.add(check)
    db.session.commit()
    return check


def hash_passwords_quickly(monkeypatch) -> None:
    """Hash new passwords with one PBKDF2 round: scrypt's deliberate cost would dominate a run.

    Checking still goes through werkzeug's check_password_hash, which reads the method from
    the stored hash, so signing in works exactly as in production.
    """
    from werkzeug.security import generate_password_hash

    from planner import models

    monkeypatch.setattr(
        models,
        "generate_password_hash",
        lambda password: generate_password_hash(password, "pbkdf2:sha256:1"),
    )


def letter(
    partnership: Partnership | None = None,
    language: str = "en",
    sent_on: date | None = None,
    today: date | None = None,
    **fields,
):
    """A commitment letter drafted by the app's own code; sent (frozen) when `sent_on` is given.

    `fields` (opening, closing, place…) are set on the draft before it is sent.
    """
    from planner.enums import Language
    from planner.letters.compose import draft, send
    from planner.organisation.profile import current_organisation

    org = current_organisation() or organisation()
    item = draft(
        partnership or globals()["partnership"](status=Status.NEGOTIATING),
        Language(language),
        org,
        today or date.today(),
    )
    for name, value in fields.items():
        setattr(item, name, value)
    if sent_on is not None:
        send(item, org, sent_on)
    db.session.commit()
    return item


def report(project=None, published: bool = False, **fields):
    """A project's report; `published=True` publishes it now (the project is built if not given)."""
    from planner.models import Report, now

    item = Report(
        project=project or globals()["project"](),
        published_at=now() if published else None,
        **fields,
    )
    db.session.add(item)
    db.session.commit()
    return item


def key_result(report=None, label: str | None = None, value=100, unit: str = "", **fields):
    from decimal import Decimal

    from planner.models import KeyResult

    n = next(_seq)
    item = KeyResult(
        report_id=(report or globals()["report"]()).id,
        label=label or f"Result {n}",
        value=Decimal(value),
        unit=unit,
        **fields,
    )
    db.session.add(item)
    db.session.commit()
    return item


def photo(report=None, alt: str | None = None, size=(800, 600), credit: str = "", **fields):
    """A photo of a report: a real JPEG made with Pillow, stored through save_photo."""
    import io

    from PIL import Image
    from werkzeug.datastructures import FileStorage

    from planner.models import Photo
    from planner.uploads import save_photo

    n = next(_seq)
    data = io.BytesIO()
    Image.new("RGB", size, (40 + n % 200, 120, 90)).save(data, "JPEG")
    data.seek(0)
    name, width, height = save_photo(FileStorage(data, filename=f"photo-{n}.jpg"))
    item = Photo(
        report_id=(report or globals()["report"]()).id,
        file=name,
        alt=alt or f"Photo {n}",
        credit=credit,
        width=width,
        height=height,
        **fields,
    )
    db.session.add(item)
    db.session.commit()
    return item


def contact(
    partnership: Partnership | None = None,
    kind: ContactKind = ContactKind.CALL,
    contacted_on: date | None = None,
    **fields,
) -> Contact:
    item = Contact(
        partnership=partnership or globals()["partnership"](),
        kind=kind,
        contacted_on=contacted_on or date.today(),
        summary=fields.pop("summary", "Talked about the next event."),
        **fields,
    )
    db.session.add(item)
    db.session.commit()
    return item
