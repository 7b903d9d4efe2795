"""Finding a project's letters."""

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload

from planner.extensions import db
from planner.models import Letter, LetterScan, Partner, Partnership, Project


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


def letter_scans(letter: Letter) -> list[LetterScan]:
    """Every signed copy of the letter with who attached it, the newest (the current) first."""
    return db.session.scalars(
        sa.select(LetterScan)
        .where(LetterScan.letter_id == letter.id)
        .options(joinedload(LetterScan.uploaded_by))
        .order_by(LetterScan.uploaded_at.desc(), LetterScan.id.desc())
    ).all()
