from flask import render_template
from flask_babel import gettext as _

from planner.budget.queries import projects_with_budgets
from planner.charts import bar_chart
from planner.formats import format_money
from planner.overview import bp
from planner.overview.queries import contribution_sums
from planner.overview.totals import add_up


@bp.get("/")
def index():
    """Show the value of contributions by sector, by year and by category."""
    totals = add_up(contribution_sums())
    no_date = _("No date")
    charts = {
        "sector": bar_chart(
            _("Value of contributions by sector"),
            [(s.label, v) for s, v in totals["sector"].items()],
            format_money,
        ),
        "year": bar_chart(
            _("Value of contributions by year"),
            [(str(y) if y else no_date, v) for y, v in totals["year"].items()],
            format_money,
        ),
        "category": bar_chart(
            _("Value of contributions by category"),
            [(c.label, v) for c, v in totals["category"].items()],
            format_money,
        ),
    }
    return render_template(
        "overview/index.html", totals=totals, charts=charts, budgets=projects_with_budgets()
    )
