"""Build rows for tests by calling the app's own code, not by loading SQL."""

import itertools

from planner.auth.accounts import create_user
from planner.enums import Answer, Sector, Status, Support
from planner.extensions import db
from planner.models import Organisation, Partner, Partnership, Project, User
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
