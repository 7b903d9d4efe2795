"""The field's rules about partnerships, as plain functions (see shared DOMAIN)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from flask_babel import lazy_gettext as _l

from planner.enums import Answer, ItemStatus, Stage, Status, Trust

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
    """The criteria that do not hold for a partnership agreed or beyond and not yet completed."""
    return criteria.doubtful() if status in UNPROVEN else []


def criteria_of(partnership) -> Criteria:
    return Criteria(partnership.need, partnership.fit, partnership.motivation)


def criteria_named(names: Iterable[str]) -> list[str]:
    """Criteria as a sentence names them: "need", "fit" (in the page's language)."""
    return [str(CRITERIA_LABELS[name]).lower() for name in names]


# Agreed or beyond while the field still expects need, fit and motivation to hold: once a
# partnership is completed, a doubt about it can no longer be acted on.
UNPROVEN = BOUND - CLOSED
# Commitments still open: neither delivered (fully or partly) nor known to have failed.
OPEN_ITEMS = frozenset({ItemStatus.PLANNED, ItemStatus.PROMISED})


class MoveWarning(StrEnum):
    """Why a status change deserves a second look before it is made."""

    NO_LETTER = "no_letter"
    OPEN_ITEMS = "open_items"


def move_warnings(
    old: Status, new: Status, letter_sent: bool, open_items: int
) -> list[MoveWarning]:
    """What to confirm before moving a partnership from `old` to `new`.

    Agreed and the steps after it stand for a commitment letter sent (and signed): crossing
    into them without one is worth a word, once (moving on from "agreed" to "active" does not
    ask again). Completing a partnership while commitments are still planned or promised
    leaves them open in the totals and the report.
    """
    warnings = []
    if new in BOUND and old not in BOUND and not letter_sent:
        warnings.append(MoveWarning.NO_LETTER)
    if new is Status.COMPLETED and old is not Status.COMPLETED and open_items:
        warnings.append(MoveWarning.OPEN_ITEMS)
    return warnings


# The stages in the order a project passes through them.
STAGES = tuple(Stage)


@dataclass(frozen=True)
class ProjectFacts:
    """What a project's stage can be read from: its partnerships' statuses and its papers."""

    statuses: Counter
    letter_sent: bool
    report_published: bool


class StageReason(StrEnum):
    """Why a stage is suggested (each has its sentence on the board)."""

    ALL_DONE_AND_PUBLISHED = "all_done_and_published"
    PUBLISHED = "published"
    ALL_COMPLETED = "all_completed"
    ACTIVE = "active"
    LETTER_SENT = "letter_sent"
    PARTNERS_FOUND = "partners_found"


def stage_evidence(facts: ProjectFacts) -> tuple[Stage, StageReason] | None:
    """The furthest stage the project's partnerships and report show it has reached."""
    statuses = facts.statuses
    worked = sum(statuses[s] for s in WORKED)
    completed = statuses[Status.COMPLETED]
    if facts.report_published:
        if completed and not worked:
            return Stage.CLOSED, StageReason.ALL_DONE_AND_PUBLISHED
        return Stage.FOLLOW_UP, StageReason.PUBLISHED
    if completed and not worked:
        return Stage.REPORTING, StageReason.ALL_COMPLETED
    if statuses[Status.ACTIVE]:
        return Stage.DELIVERY, StageReason.ACTIVE
    if facts.letter_sent or any(statuses[s] for s in BOUND):
        return Stage.AGREEMENTS, StageReason.LETTER_SENT
    if sum(statuses.values()):
        return Stage.PARTNER_SEARCH, StageReason.PARTNERS_FOUND
    return None


def suggested_stage(current: Stage, facts: ProjectFacts) -> tuple[Stage, StageReason] | None:
    """A stage to suggest, with its reason: only a later one than the project's own.

    Only ever a suggestion: a coordinator may know better (a stage set ahead of the data is
    never pulled back, and nothing changes until they accept).
    """
    found = stage_evidence(facts)
    if found is None or STAGES.index(found[0]) <= STAGES.index(current):
        return None
    return found


# Trial before trust: what a partner may be marked once it has seen a partnership through.
TRUST_EARNED: dict[Trust, tuple[Trust, ...]] = {
    Trust.NEW: (Trust.TRIED, Trust.VERIFIED),
    Trust.TRIED: (Trust.VERIFIED,),
    Trust.VERIFIED: (),
}


def trust_steps(status: Status, trust: Trust) -> tuple[Trust, ...]:
    """The trust a partner may be marked with after this partnership: none until it completes."""
    return TRUST_EARNED[trust] if status is Status.COMPLETED else ()
