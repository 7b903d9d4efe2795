import sqlalchemy as sa
from flask import render_template

from planner.charts import bar_chart
from planner.enums import Direction
from planner.extensions import db
from planner.matrix.rules import LEFT
from planner.models import Commitment, Partner, Partnership, Project
from planner.organisation.profile import current_organisation
from planner.overview import bp
from planner.overview.totals import Contribution, add_up


@bp.get("/")
def index():
    """Show the value of contributions by sector, by year and by category."""
    rows = db.session.execute(
        sa.select(
            Partner.sector,
            Commitment.category,
            sa.func.coalesce(Commitment.due_date, Project.start_date),
            Commitment.value,
            Commitment.status,
        )
        .select_from(Commitment)
        .join(Partnership)
        .join(Partner)
        .join(Project)
        .where(Commitment.direction == Direction.GIVES, Commitment.value.is_not(None))
        # Partnerships that ended before they began gave nothing; the matrix leaves them out too.
        .where(Partnership.status.not_in(LEFT))
    )
    totals = add_up([Contribution(*row) for row in rows])
    org = current_organisation()
    currency = org.currency if org else ""
    charts = {
        "sector": bar_chart(
            "Value of contributions by sector",
            [(s.label, v) for s, v in totals["sector"].items()],
            currency,
        ),
        "year": bar_chart(
            "Value of contributions by year",
            [(str(y) if y else "No date", v) for y, v in totals["year"].items()],
            currency,
        ),
        "category": bar_chart(
            "Value of contributions by category",
            [(c.label, v) for c, v in totals["category"].items()],
            currency,
        ),
    }
    return render_template("overview/index.html", totals=totals, charts=charts, currency=currency)
