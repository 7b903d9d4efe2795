"""Finding partnerships, for any area's views."""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from planner.extensions import db
from planner.models import Partnership


def get_partnership(pid: int) -> Partnership:
    return db.first_or_404(
        sa.select(Partnership)
        .where(Partnership.id == pid)
        .options(joinedload(Partnership.project), joinedload(Partnership.partner))
    )
