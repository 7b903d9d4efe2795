"""Loading a project's matrix from the database: a fixed number of queries, whatever its size."""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from planner.extensions import db
from planner.matrix.rules import Matrix, build_matrix
from planner.models import Commitment, Need, Partner, Partnership, Project
from planner.partnerships.health import latest_health

# Every column of a commitment, read as a plain row: the matrix only reads them, and
# hundreds of rows cost a fraction of as many ORM objects.
ITEM_COLUMNS = tuple(getattr(Commitment, column.key) for column in Commitment.__table__.columns)


def project_items(project: Project) -> list[sa.Row]:
    return db.session.execute(
        sa.select(*ITEM_COLUMNS)
        .join(Partnership, Commitment.partnership_id == Partnership.id)
        .where(Partnership.project_id == project.id)
        .order_by(Commitment.due_date.nulls_last(), Commitment.id)
    ).all()


def load_matrix(project: Project) -> Matrix:
    partnerships = db.session.scalars(
        sa.select(Partnership)
        .join(Partner)
        .where(Partnership.project_id == project.id)
        .options(joinedload(Partnership.partner))
        .order_by(Partner.name, Partnership.id)
    ).all()
    needs = db.session.scalars(
        sa.select(Need)
        .where(Need.project_id == project.id)
        .order_by(Need.needed_by.nulls_last(), Need.id)
    ).all()
    return build_matrix(
        partnerships,
        project_items(project),
        needs,
        latest_health([p.id for p in partnerships]),
    )
