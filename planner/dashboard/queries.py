"""What the dashboard shows, each list capped and counted in SQL."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from planner.enums import Answer, Health, LetterStatus, Stage, Status
from planner.extensions import db
from planner.models import HealthCheck, Letter, Partner, Partnership, Project, Report, StatusChange
from planner.paging import Capped
from planner.partnerships.queries import status_totals
from planner.partnerships.rules import BOUND, MAX_WORKED, UNPROVEN, WORKED, Criteria

# An active partnership should be checked at least this often.
HEALTH_EVERY = timedelta(days=30)
# A sent letter not signed after this long needs a reminder.
SIGNATURE_WAIT = timedelta(days=14)
# The stages at which a project's work with partners is over and its report is due.
FINISHED_STAGES = (Stage.REPORTING, Stage.FOLLOW_UP, Stage.CLOSED)

ACTIVE = Project.archived_at.is_(None)


def capped(query: sa.Select, cap: int) -> Capped:
    """The first `cap` rows of `query` and how many it holds in all, in one statement."""
    total = sa.func.count().over().label("total")
    rows = db.session.execute(query.add_columns(total).limit(cap)).all()
    return Capped(rows, rows[0].total if rows else 0)


def projects(mine: bool, user_id: int, cap: int) -> Capped:
    """Active projects the user coordinates (or not), latest first."""
    theirs = Project.coordinator_id == user_id
    return capped(
        sa.select(
            Project.id,
            Project.title,
            Project.slug,
            Project.stage,
            Project.start_date,
            Project.end_date,
        )
        .where(ACTIVE, theirs if mine else sa.or_(~theirs, Project.coordinator_id.is_(None)))
        .order_by(Project.start_date.desc().nulls_last(), Project.title, Project.id),
        cap,
    )


def status_counts(project_ids: list[int]) -> dict[int, Counter]:
    """Partnerships of each of these projects, by status."""
    by_project: dict[int, Counter] = defaultdict(Counter)
    if not project_ids:
        return by_project
    rows = db.session.execute(
        sa.select(Partnership.project_id, Partnership.status, sa.func.count())
        .where(Partnership.project_id.in_(project_ids))
        .group_by(Partnership.project_id, Partnership.status)
    )
    for project_id, status, n in rows:
        by_project[project_id][status] += n
    return by_project


# Partnerships of all active projects, by status: the same counts as the lists by status.
pipeline = status_totals


def overloaded(cap: int) -> Capped:
    """Active projects working on more partnerships at once than can be managed well."""
    worked = sa.func.count().label("worked")
    busy = (
        sa.select(Partnership.project_id, worked)
        .where(Partnership.status.in_(WORKED))
        .group_by(Partnership.project_id)
        .having(worked > MAX_WORKED)
        .subquery()
    )
    return capped(
        sa.select(Project.slug, Project.title, busy.c.worked)
        .join(busy, busy.c.project_id == Project.id)
        .where(ACTIVE)
        .order_by(busy.c.worked.desc(), Project.title),
        cap,
    )


def doubtful(cap: int) -> Capped:
    """Partnerships agreed or beyond, still being worked, whose need, fit or motivation is not
    a clear yes (a completed one can no longer be helped)."""
    where = sa.and_(
        ACTIVE,
        Partnership.status.in_(UNPROVEN),
        sa.or_(
            Partnership.need != Answer.YES,
            Partnership.fit != Answer.YES,
            Partnership.motivation != Answer.YES,
        ),
    )
    found = capped(
        sa.select(
            Partnership.id,
            Partnership.status,
            Partnership.need,
            Partnership.fit,
            Partnership.motivation,
            Partner.name.label("partner_name"),
            Project.title.label("project_title"),
        )
        .join(Partner, Partnership.partner_id == Partner.id)
        .join(Project, Partnership.project_id == Project.id)
        .where(where)
        .order_by(Partnership.id),
        cap,
    )
    return Capped(
        [(row, Criteria(row.need, row.fit, row.motivation).doubtful()) for row in found.items],
        found.total,
    )


def partnership_columns():
    """What a line about a partnership shows: its id, partner and project."""
    return (
        Partnership.id,
        Partner.name.label("partner_name"),
        Project.title.label("project_title"),
    )


def joined(query: sa.Select) -> sa.Select:
    return query.join(Partner, Partnership.partner_id == Partner.id).join(
        Project, Partnership.project_id == Project.id
    )


def latest_check(*columns) -> sa.ScalarSelect:
    """A partnership's most recent health check (one column of it), read per partnership
    through the partnership's index: only partnerships the list could show are looked at."""
    return (
        sa.select(*columns)
        .where(HealthCheck.partnership_id == Partnership.id)
        .order_by(HealthCheck.checked_on.desc(), HealthCheck.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def poor_health(cap: int) -> Capped:
    """Partnerships being worked whose latest health check is red or amber, red first."""
    colour = latest_check(HealthCheck.colour).label("colour")
    checked_on = latest_check(HealthCheck.checked_on).label("checked_on")
    worked = (
        joined(sa.select(*partnership_columns(), colour, checked_on))
        .where(ACTIVE, Partnership.status.in_(WORKED))
        .subquery()
    )
    red_first = sa.case((worked.c.colour == Health.RED, 0), else_=1)
    return capped(
        sa.select(worked)
        .where(worked.c.colour.in_((Health.RED, Health.AMBER)))
        .order_by(red_first, worked.c.checked_on, worked.c.id),
        cap,
    )


def unchecked(today: date, cap: int) -> Capped:
    """Active partnerships whose health was last checked (or, never checked, which became
    active) more than 30 days ago; the longest unchecked first."""
    cutoff = today - HEALTH_EVERY
    last_check = (
        sa.select(sa.func.max(HealthCheck.checked_on))
        .where(HealthCheck.partnership_id == Partnership.id)
        .scalar_subquery()
        .label("checked_on")
    )
    became_active = (
        sa.select(sa.func.max(StatusChange.changed_at))
        .where(
            StatusChange.partnership_id == Partnership.id,
            StatusChange.new_status == Status.ACTIVE,
        )
        .scalar_subquery()
        .label("became_active")
    )
    active = (
        joined(sa.select(*partnership_columns(), last_check, became_active))
        .where(ACTIVE, Partnership.status == Status.ACTIVE)
        .subquery()
    )
    return capped(
        sa.select(active.c.id, active.c.partner_name, active.c.project_title, active.c.checked_on)
        .where(
            sa.or_(active.c.checked_on.is_(None), active.c.checked_on < cutoff),
            sa.or_(
                active.c.became_active.is_(None),
                active.c.became_active < datetime.combine(cutoff, time.min),
            ),
        )
        .order_by(active.c.checked_on.nulls_first(), active.c.id),
        cap,
    )


def unreported(today: date, cap: int) -> Capped:
    """Active projects whose work with partners is over (the end date passed, or the stage is
    reporting or later) and whose report for partners is not published.

    Only projects with partners who took part: a report thanks them, so without them none is
    due.
    """
    took_part = (
        sa.select(Partnership.id)
        .where(Partnership.project_id == Project.id, Partnership.status.in_(BOUND))
        .exists()
    )
    published = (
        sa.select(Report.id)
        .where(Report.project_id == Project.id, Report.published_at.is_not(None))
        .exists()
    )
    return capped(
        sa.select(Project.slug, Project.title, Project.end_date, Project.stage)
        .where(
            ACTIVE,
            sa.or_(Project.end_date < today, Project.stage.in_(FINISHED_STAGES)),
            took_part,
            ~published,
        )
        .order_by(Project.end_date.nulls_last(), Project.title, Project.id),
        cap,
    )


def unsigned(today: date, cap: int) -> Capped:
    """Letters sent 14 days ago or more and neither signed nor declined, the oldest first;
    one replaced by an amended version is no longer waited for."""
    # Read once as a list of ids (amends_id has no index: a per-letter EXISTS would scan).
    amended = aliased(Letter)
    replaced = Letter.id.in_(
        sa.select(amended.amends_id).where(amended.amends_id.is_not(None)).scalar_subquery()
    )
    return capped(
        joined(
            sa.select(*partnership_columns(), Letter.id.label("letter_id"), Letter.sent_on)
            .select_from(Letter)
            .join(Partnership, Letter.partnership_id == Partnership.id)
        )
        .where(
            ACTIVE,
            Letter.status == LetterStatus.SENT,
            Letter.sent_on <= today - SIGNATURE_WAIT,
            Partnership.status.not_in((Status.DECLINED, Status.DROPPED)),
            ~replaced,
        )
        .order_by(Letter.sent_on, Letter.id),
        cap,
    )


# How long a confirmation online stays in the dashboard's news.
ANSWER_NEWS = timedelta(days=14)


def partner_answers(today: date, cap: int) -> Capped:
    """What partners answered through the links of e-mailed letters, the latest first: letters
    confirmed online in the last two weeks, and requests for changes to letters still sent
    (an amendment answers them)."""
    amended = aliased(Letter)
    replaced = Letter.id.in_(
        sa.select(amended.amends_id).where(amended.amends_id.is_not(None)).scalar_subquery()
    )
    since = datetime.combine(today - ANSWER_NEWS, time())
    when = sa.func.coalesce(Letter.confirmed_at, Letter.change_requested_at)
    return capped(
        joined(
            sa.select(
                *partnership_columns(),
                Letter.id.label("letter_id"),
                Letter.reference,
                Letter.status.label("letter_status"),
                Letter.partner_signatory,
                Letter.partner_signatory_title,
                Letter.confirmed_at,
                Letter.change_request,
                Letter.change_requested_at,
            )
            .select_from(Letter)
            .join(Partnership, Letter.partnership_id == Partnership.id)
        )
        .where(
            ACTIVE,
            sa.or_(
                Letter.confirmed_at >= since,
                sa.and_(
                    Letter.status == LetterStatus.SENT,
                    Letter.change_requested_at.is_not(None),
                    ~replaced,
                ),
            ),
        )
        .order_by(when.desc(), Letter.id.desc()),
        cap,
    )
