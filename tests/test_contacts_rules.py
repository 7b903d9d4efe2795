"""The contact log's plain rules: which list a next step is in, who has gone quiet, who would
work with us again, and the mailto link that hides partners from each other."""

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from planner.contacts.rules import StepList, gone_quiet, mailto, step_list, would_work_again
from planner.enums import Answer

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (date(2026, 11, 1), StepList.OVERDUE),
        (date(2026, 11, 23), StepList.OVERDUE),
        (date(2026, 11, 24), StepList.TODAY),
        (date(2026, 11, 25), StepList.THIS_WEEK),
        (date(2026, 12, 1), StepList.THIS_WEEK),
        (date(2026, 12, 2), None),
    ],
)
def test_a_next_step_is_overdue_today_this_week_or_later(due, expected):
    """A step due before today is overdue; today's is today; the next seven days are this week."""
    assert step_list(due, TODAY) is expected


KNOWN = date(2025, 1, 10)


@pytest.mark.parametrize(
    ("last", "known", "weeks", "quiet"),
    [
        (date(2026, 9, 29), KNOWN, 8, True),  # exactly eight weeks ago
        (date(2026, 9, 30), KNOWN, 8, False),  # a day less than eight weeks
        (date(2026, 11, 20), KNOWN, 8, False),
        (None, KNOWN, 8, True),  # never contacted, known for long
        (None, date(2026, 11, 1), 8, False),  # never contacted, agreed only weeks ago
        (date(2026, 10, 27), KNOWN, 4, True),  # a shorter rhythm set by the organisation
        (date(2026, 10, 28), KNOWN, 4, False),
    ],
)
def test_a_partner_goes_quiet_after_the_weeks_without_contact(last, known, weeks, quiet):
    """Quiet means no contact for the set weeks, counted from when it was known if never."""
    assert gone_quiet(last, known, TODAY, weeks) is quiet


Y, N, U = Answer.YES, Answer.NO, Answer.UNSURE


@pytest.mark.parametrize(
    ("us", "them", "again"),
    [
        (None, Y, True),
        (Y, Y, True),
        (U, Y, True),
        (N, Y, False),  # we decided against it
        (Y, N, False),
        (Y, U, False),
        (Y, None, False),
        (None, None, False),
    ],
)
def test_a_past_partner_is_invited_back_when_it_said_yes(us, them, again):
    """Only a partner that said it would work with us again, and that we did not rule out."""
    assert would_work_again(us, them) is again


def test_mailto_puts_every_address_in_bcc_once():
    """Partners never see each other's addresses: all in Bcc, none in To, no repeats."""
    link = mailto(["a@example.org", " b@example.org", "a@example.org", ""], "Reading festival")
    parts = urlsplit(link)
    assert parts.scheme == "mailto" and parts.path == ""
    query = parse_qs(parts.query)
    assert query["bcc"] == ["a@example.org,b@example.org"]
    assert query["subject"] == ["Reading festival"]
    assert "to" not in query


def test_mailto_without_addresses_has_no_bcc():
    """Nobody who agreed to e-mails: the link names nobody."""
    assert mailto([]) == "mailto:?"
