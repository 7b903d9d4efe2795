"""Reading a project's budget and what its partners give: two queries, whatever the size."""

import sqlalchemy as sa

from planner.budget.rules import CoFunding, Give, Line, co_funding
from planner.enums import Direction
from planner.extensions import db
from planner.models import BudgetLine, Commitment, Partner, Partnership, Project
from planner.partnerships.rules import LEFT


def budget_lines(project: Project) -> list[BudgetLine]:
    return list(
        db.session.scalars(
            sa.select(BudgetLine)
            .where(BudgetLine.project_id == project.id)
            .order_by(BudgetLine.position, BudgetLine.id)
        )
    )


def next_position(project: Project) -> int:
    """Where a new line goes: after the project's last."""
    last = db.session.scalar(
        sa.select(sa.func.max(BudgetLine.position)).where(BudgetLine.project_id == project.id)
    )
    return (last or 0) + 1


def project_gives(project: Project) -> list[Give]:
    rows = db.session.execute(
        sa.select(
            Partner.sector,
            Commitment.category,
            Commitment.status,
            Commitment.value,
            Commitment.budget_line_id,
            Commitment.internal,
        )
        .select_from(Commitment)
        .join(Partnership, Commitment.partnership_id == Partnership.id)
        .join(Partner, Partnership.partner_id == Partner.id)
        .where(
            Partnership.project_id == project.id,
            Commitment.direction == Direction.GIVES,
            # Partnerships that ended before they began gave nothing (as in the matrix).
            Partnership.status.not_in(LEFT),
        )
    )
    return [Give(*row) for row in rows]


def load_co_funding(project: Project) -> tuple[list[BudgetLine], CoFunding]:
    lines = budget_lines(project)
    plain = [Line(line.id, line.name, line.amount) for line in lines]
    return lines, co_funding(plain, project_gives(project))


def projects_with_budgets() -> list[sa.Row]:
    """Every active project that has a budget: its title, slug and total."""
    return db.session.execute(
        sa.select(Project.title, Project.slug, sa.func.sum(BudgetLine.amount).label("total"))
        .join(BudgetLine, BudgetLine.project_id == Project.id)
        .where(Project.archived_at.is_(None))
        .group_by(Project.id, Project.title, Project.slug)
        .order_by(Project.title)
    ).all()
