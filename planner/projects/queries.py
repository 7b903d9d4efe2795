"""Finding projects and people, for any area's views."""

import sqlalchemy as sa

from planner.extensions import db
from planner.models import Project, User


def get_project(slug: str) -> Project:
    return db.first_or_404(sa.select(Project).where(Project.slug == slug))


def coordinator_choices() -> dict[int, str]:
    people = db.session.execute(sa.select(User.id, User.name).order_by(User.name))
    return {0: "— nobody yet —", **dict(people.all())}
