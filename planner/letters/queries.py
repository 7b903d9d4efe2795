"""Finding a project's letters."""

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from planner.extensions import db
from planner.models import Letter, Partner, Partnership, Project


def project_letters(project: Project) -> list[Letter]:
    """Every letter of the project with its partnership and partner (one query), by partner
    and version."""
    return db.session.scalars(
        sa.select(Letter)
        .join(Letter.partnership)
        .join(Partnership.partner)
        .where(Partnership.project_id == project.id)
        .options(contains_eager(Letter.partnership).contains_eager(Partnership.partner))
        .order_by(Partner.name, Partner.id, Letter.version, Letter.id)
    ).all()
