"""When a next step is due, and who to keep in touch with: plain rules, no database."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from urllib.parse import quote

from planner.enums import Answer

# "This week": the days after today up to a week ahead (today has its own list).
WEEK = timedelta(days=7)
# The field's rhythm of regular contact; the organisation can change it.
DEFAULT_QUIET_WEEKS = 8
MAX_QUIET_WEEKS = 104


class StepList(StrEnum):
    """The dashboard's lists of next steps."""

    OVERDUE = "overdue"
    TODAY = "today"
    THIS_WEEK = "this_week"


def step_list(due_on: date, today: date) -> StepList | None:
    """Which list an open next step belongs to on `today`; None when it is further off."""
    if due_on < today:
        return StepList.OVERDUE
    if due_on == today:
        return StepList.TODAY
    if due_on <= today + WEEK:
        return StepList.THIS_WEEK
    return None


def step_window(kind: StepList, today: date) -> tuple[date | None, date | None]:
    """The due dates (first, last; None: open-ended) of a list, for a query."""
    if kind is StepList.OVERDUE:
        return None, today - timedelta(days=1)
    if kind is StepList.TODAY:
        return today, today
    return today + timedelta(days=1), today + WEEK


def gone_quiet(last_contact: date | None, known_since: date, today: date, weeks: int) -> bool:
    """A partner has gone quiet when nobody has been in touch for `weeks` weeks (counted from
    when it was known, if never)."""
    return (last_contact or known_since) <= today - timedelta(weeks=weeks)


def would_work_again(again_us: Answer | None, again_them: Answer | None) -> bool:
    """A past partner to invite back: it said it would work with us again, and we did not
    decide against it."""
    return again_them is Answer.YES and again_us is not Answer.NO


def mailto(addresses: list[str], subject: str = "") -> str:
    """A `mailto:` link that sends to nobody visible: every address in Bcc, so partners do
    not see each other's."""
    unique = list(dict.fromkeys(a.strip() for a in addresses if a.strip()))
    query = [f"bcc={quote(','.join(unique), safe='@,')}"] if unique else []
    if subject:
        query.append(f"subject={quote(subject)}")
    return "mailto:?" + "&".join(query)
