"""The sums behind the overview, added up in SQL."""

import sqlalchemy as sa

from planner.enums import Direction
from planner.extensions import db
from planner.models import Commitment, Partner, Partnership, Project
from planner.overview.totals import Contribution
from planner.partnerships.rules import COUNTED, LEFT
from planner.stamps import StampedCache


def contribution_sums() -> tuple[Contribution, ...]:
    """What partners gave, summed by sector, category and year (due date, else project start).

    Summing every commitment takes longer the more there are; the sums are kept until the
    next write.
    """
    return cached_sums.get()


def sum_contributions() -> tuple[Contribution, ...]:
    year = sa.extract("year", sa.func.coalesce(Commitment.due_date, Project.start_date))
    total = sa.func.sum(Commitment.value)
    rows = db.session.execute(
        sa.select(Partner.sector, Commitment.category, year, total)
        .select_from(Commitment)
        .join(Partnership, Commitment.partnership_id == Partnership.id)
        .join(Partner, Partnership.partner_id == Partner.id)
        .join(Project, Partnership.project_id == Project.id)
        .where(
            Commitment.direction == Direction.GIVES,
            Commitment.value.is_not(None),
            Commitment.status.in_(COUNTED),
            # Partnerships that ended before they began gave nothing; the matrix leaves them out.
            Partnership.status.not_in(LEFT),
        )
        .group_by(Partner.sector, Commitment.category, year)
    )
    return tuple(
        Contribution(sector, category, int(y) if y is not None else None, value)
        for sector, category, y, value in rows
    )


cached_sums = StampedCache(sum_contributions)
