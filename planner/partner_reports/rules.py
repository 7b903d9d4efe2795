"""Which projects are finished and which of their partners get a report of their own."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from flask_babel import lazy_gettext as _l

from planner.enums import Direction, Stage
from planner.models import Commitment, Project
from planner.publishing.rules import SHOWN

# The stages at which a project's work with partners is over (as the dashboard reads it).
FINISHED_STAGES = frozenset({Stage.REPORTING, Stage.FOLLOW_UP, Stage.CLOSED})


class SentHow(StrEnum):
    """How a partner report reached the partner."""

    EMAIL = "email"
    HAND = "hand"


SENT_HOW_LABELS = {SentHow.EMAIL: _l("by e-mail"), SentHow.HAND: _l("by hand")}


def finished(project: Project, today: date) -> bool:
    """A project is finished once it reached reporting (or later), or its end date passed."""
    return project.stage in FINISHED_STAGES or (
        project.end_date is not None and project.end_date < today
    )


def given(item: Commitment) -> bool:
    """An item the partner gave and that came, in full or in part: what its report lists.

    Planned, promised and failed items are not thanked for: the report says what happened.
    """
    return item.direction is Direction.GIVES and item.status in SHOWN
