"""The field's rules about partnerships, as plain functions (see shared DOMAIN)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from planner.enums import Answer, ItemStatus, Status

# The path a partnership follows; declined and dropped leave it.
PATH = (
    Status.CANDIDATE,
    Status.CONTACTED,
    Status.NEGOTIATING,
    Status.AGREED,
    Status.COMMITTED,
    Status.ACTIVE,
    Status.COMPLETED,
)
CLOSED = frozenset({Status.COMPLETED, Status.DECLINED, Status.DROPPED})
# Partnerships the coordinator is spending effort on right now.
WORKED = frozenset(
    {Status.CONTACTED, Status.NEGOTIATING, Status.AGREED, Status.COMMITTED, Status.ACTIVE}
)
# From "agreed" on, the three criteria should all hold; these partners took part
# (a section in the report, a follow-up afterwards).
BOUND = frozenset({Status.AGREED, Status.COMMITTED, Status.ACTIVE, Status.COMPLETED})
# Partnerships that ended before they began: no matrix row, nothing given or got.
LEFT = frozenset({Status.DECLINED, Status.DROPPED})
# What a commitment counts for (a need's coverage, the totals, a letter's list):
# anything not known to have failed.
COUNTED = frozenset(set(ItemStatus) - {ItemStatus.NOT_DELIVERED})
# A project with one to three well-worked partnerships is easy to manage.
MAX_WORKED = 3
# The three criteria by the names people read, in the page's language.
CRITERIA_LABELS = {"need": _l("Need"), "fit": _l("Fit"), "motivation": _l("Motivation")}


def next_status(status: Status) -> Status | None:
    """The next step on the path, or None at its end or off it."""
    if status in PATH and status is not Status.COMPLETED:
        return PATH[PATH.index(status) + 1]
    return None


def too_many_worked(statuses: Iterable[Status]) -> bool:
    """Tell whether a project works on more partnerships than it can manage well."""
    return sum(1 for s in statuses if s in WORKED) > MAX_WORKED


@dataclass(frozen=True)
class Criteria:
    need: Answer
    fit: Answer
    motivation: Answer

    def doubtful(self) -> list[str]:
        """Name the criteria that are not a clear yes."""
        return [name for name, answer in vars(self).items() if answer is not Answer.YES]


def unproven_agreement(status: Status, criteria: Criteria) -> list[str]:
    """The criteria that do not hold for a partnership already agreed or beyond."""
    return criteria.doubtful() if status in BOUND else []


def criteria_of(partnership) -> Criteria:
    return Criteria(partnership.need, partnership.fit, partnership.motivation)


def criteria_named(names: Iterable[str]) -> list[str]:
    """Criteria as a sentence names them: "need", "fit" (in the page's language)."""
    return [str(CRITERIA_LABELS[name]).lower() for name in names]
