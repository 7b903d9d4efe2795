"""Finding partnerships, for any area's views."""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from planner.extensions import db
from planner.models import (
    Commitment,
    HealthCheck,
    Letter,
    Partner,
    Partnership,
    Project,
    StatusChange,
)


def get_partnership(pid: int) -> Partnership:
    return db.first_or_404(
        sa.select(Partnership)
        .where(Partnership.id == pid)
        .options(joinedload(Partnership.project), joinedload(Partnership.partner))
    )


def project_partnerships(project: Project) -> list[Partnership]:
    """A project's partnerships with their partners and who is responsible, oldest first."""
    return db.session.scalars(
        sa.select(Partnership)
        .where(Partnership.project_id == project.id)
        .options(joinedload(Partnership.partner), joinedload(Partnership.responsible))
        .order_by(Partnership.id)
    ).all()


def available_partners(project: Project) -> list[tuple[int, str]]:
    """Partners in the registry not yet in this project, by name: (id, name)."""
    attached = sa.select(Partnership.partner_id).where(Partnership.project_id == project.id)
    return db.session.execute(
        sa.select(Partner.id, Partner.name)
        .where(Partner.id.not_in(attached), Partner.archived_at.is_(None))
        .order_by(Partner.name)
    ).all()


def status_history(partnership: Partnership) -> list[StatusChange]:
    """A partnership's steps, newest first, with who took them."""
    return db.session.scalars(
        partnership.history.select()
        .options(joinedload(StatusChange.user))
        .order_by(None)  # drop the relationship's oldest-first order: newest first here
        .order_by(StatusChange.id.desc())
    ).all()


def health_checks(pid: int) -> list[HealthCheck]:
    return db.session.scalars(
        sa.select(HealthCheck)
        .where(HealthCheck.partnership_id == pid)
        .options(joinedload(HealthCheck.user))
        .order_by(HealthCheck.checked_on.desc(), HealthCheck.id.desc())
    ).all()


def partnership_items(pid: int) -> list[Commitment]:
    """A partnership's commitments: what it gives, then what it gets, soonest first."""
    return db.session.scalars(
        sa.select(Commitment)
        .where(Commitment.partnership_id == pid)
        .order_by(Commitment.direction, Commitment.due_date.nulls_last(), Commitment.id)
    ).all()


def partnership_letters(pid: int) -> list[Letter]:
    return db.session.scalars(
        sa.select(Letter).where(Letter.partnership_id == pid).order_by(Letter.version, Letter.id)
    ).all()
