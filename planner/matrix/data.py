"""Loading a project's matrix from the database: a fixed number of queries, whatever its size."""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, load_only

from planner.extensions import db
from planner.matrix.rules import Matrix, build_matrix
from planner.models import Commitment, Need, Partner, Partnership, Project
from planner.partnerships.health import latest_health

# The columns of a commitment the matrix shows, counts and exports, read as plain rows:
# hundreds of rows cost a fraction of as many ORM objects, and each column left out
# (the responsible person, the grant call) is one conversion less per row.
ITEM_COLUMNS = (
    Commitment.id,
    Commitment.partnership_id,
    Commitment.direction,
    Commitment.category,
    Commitment.description,
    Commitment.quantity,
    Commitment.unit,
    Commitment.hours,
    Commitment.hourly_rate,
    Commitment.value,
    Commitment.internal,
    Commitment.due_date,
    Commitment.ask_by,
    Commitment.status,
    Commitment.need_id,
    Commitment.revision,
)


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
        # Only what a row shows and its flags read: a partner's contacts and notes stay unread.
        .options(
            load_only(Partnership.id, Partnership.status, Partnership.partner_id),
            joinedload(Partnership.partner).load_only(
                Partner.id, Partner.name, Partner.sector, Partner.trust
            ),
        )
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
