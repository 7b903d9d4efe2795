import sqlalchemy as sa

from planner.extensions import db
from planner.models import HealthCheck


def latest_health(partnership_ids: list[int]) -> dict[int, HealthCheck]:
    """The most recent health check of each partnership, in one query."""
    checks = db.session.scalars(
        sa.select(HealthCheck)
        .where(HealthCheck.partnership_id.in_(partnership_ids))
        .order_by(HealthCheck.checked_on, HealthCheck.id)
    )
    return {check.partnership_id: check for check in checks}
