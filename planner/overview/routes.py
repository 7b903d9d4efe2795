from flask import render_template

from planner.charts import bar_chart
from planner.organisation.profile import current_organisation
from planner.overview import bp
from planner.overview.queries import contribution_sums
from planner.overview.totals import add_up


@bp.get("/")
def index():
    """Show the value of contributions by sector, by year and by category."""
    totals = add_up(contribution_sums())
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
