"""Finding projects and people, for any area's views."""

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import joinedload

from planner.extensions import db
from planner.models import Partnership, Project, User
from planner.paging import MAX_PAGE

PER_PAGE = 25


def get_project(slug: str) -> Project:
    return db.first_or_404(sa.select(Project).where(Project.slug == slug))


def coordinator_choices(keep: int | None = None) -> dict[int, str]:
    """Who can coordinate or be responsible: the active users, and `keep` (the one chosen
    already) even if deactivated since, so that saving the form does not drop them."""
    people = db.session.execute(
        sa.select(User.id, User.name)
        .where(User.deactivated_at.is_(None) | (User.id == keep))
        .order_by(User.name)
    )
    return {0: _("— nobody yet —"), **dict(people.all())}


def project_page(archived: bool, number: int) -> Pagination:
    """One page of the active (or archived) projects, latest first, with their coordinators;
    a page past the end shows the last one."""
    query = (
        sa.select(Project)
        .options(joinedload(Project.coordinator))
        .where(Project.archived_at.is_not(None) if archived else Project.archived_at.is_(None))
        .order_by(Project.start_date.desc().nulls_last(), Project.title, Project.id)
    )
    page = db.paginate(
        query, page=min(max(number, 1), MAX_PAGE), per_page=PER_PAGE, error_out=False
    )
    if not page.items and page.page > 1 and page.total:
        page = db.paginate(query, page=page.pages, per_page=PER_PAGE, error_out=False)
    return page


def partnership_counts(project_ids: list[int]) -> dict[int, int]:
    """How many partnerships each of these projects has."""
    if not project_ids:
        return {}
    rows = db.session.execute(
        sa.select(Partnership.project_id, sa.func.count())
        .where(Partnership.project_id.in_(project_ids))
        .group_by(Partnership.project_id)
    )
    return dict(rows.all())
