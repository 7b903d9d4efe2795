"""The field's rules about partnerships, as plain functions."""

import pytest

from planner.enums import Answer, Status
from planner.partnerships.rules import (
    MAX_WORKED,
    PATH,
    Criteria,
    next_status,
    too_many_worked,
    unproven_agreement,
)

YES = Criteria(Answer.YES, Answer.YES, Answer.YES)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Status.CANDIDATE, Status.CONTACTED),
        (Status.CONTACTED, Status.NEGOTIATING),
        (Status.NEGOTIATING, Status.AGREED),
        (Status.AGREED, Status.COMMITTED),
        (Status.COMMITTED, Status.ACTIVE),
        (Status.ACTIVE, Status.COMPLETED),
    ],
)
def test_next_status_follows_the_path(status, expected):
    """Each step on the path leads to the next one."""
    assert next_status(status) is expected


@pytest.mark.parametrize("status", [Status.COMPLETED, Status.DECLINED, Status.DROPPED])
def test_next_status_stops_at_the_end_and_off_the_path(status):
    """A completed, declined or dropped partnership has no next step."""
    assert next_status(status) is None


def test_walking_next_status_visits_the_whole_path_once():
    """Following next_status from a candidate walks the path in order and ends."""
    walked, status = [], Status.CANDIDATE
    while status is not None:
        walked.append(status)
        status = next_status(status)
    assert tuple(walked) == PATH


def test_three_worked_partnerships_are_fine():
    """Up to three partnerships being worked is not too many."""
    assert MAX_WORKED == 3
    assert not too_many_worked([Status.CONTACTED, Status.NEGOTIATING, Status.AGREED])


def test_four_worked_partnerships_are_too_many():
    """A fourth worked partnership tips the project into 'too many'."""
    assert too_many_worked([Status.CONTACTED, Status.NEGOTIATING, Status.AGREED, Status.ACTIVE])


def test_only_worked_statuses_count():
    """Candidates, completed, declined and dropped partnerships are not being worked."""
    idle = [Status.CANDIDATE, Status.COMPLETED, Status.DECLINED, Status.DROPPED] * 5
    assert not too_many_worked(idle)
    assert not too_many_worked(idle + [Status.COMMITTED] * 3)
    assert too_many_worked(idle + [Status.COMMITTED] * 4)


def test_no_partnerships_are_not_too_many():
    """An empty project is not overloaded."""
    assert not too_many_worked([])


@pytest.mark.parametrize("status", [Status.AGREED, Status.COMMITTED, Status.ACTIVE])
@pytest.mark.parametrize("answer", [Answer.NO, Answer.UNSURE])
def test_agreed_or_beyond_with_a_doubtful_criterion_is_unproven(status, answer):
    """From 'agreed' until completed, any criterion that is not a clear yes is named."""
    criteria = Criteria(need=Answer.YES, fit=answer, motivation=Answer.YES)
    assert unproven_agreement(status, criteria) == ["fit"]


def test_every_doubtful_criterion_is_named_in_order():
    """All criteria that are not yes are listed, need, fit, motivation."""
    criteria = Criteria(Answer.NO, Answer.UNSURE, Answer.NO)
    assert unproven_agreement(Status.ACTIVE, criteria) == ["need", "fit", "motivation"]


@pytest.mark.parametrize(
    "status", [Status.AGREED, Status.COMMITTED, Status.ACTIVE, Status.COMPLETED]
)
def test_agreement_with_all_criteria_yes_is_proven(status):
    """Three clear yeses leave nothing to warn about."""
    assert unproven_agreement(status, YES) == []


@pytest.mark.parametrize(
    "status",
    [Status.CANDIDATE, Status.CONTACTED, Status.NEGOTIATING, Status.DECLINED, Status.DROPPED],
)
def test_before_agreement_doubts_are_not_a_warning(status):
    """Before 'agreed', or off the path, open criteria are normal and not flagged."""
    doubtful = Criteria(Answer.NO, Answer.NO, Answer.UNSURE)
    assert unproven_agreement(status, doubtful) == []
