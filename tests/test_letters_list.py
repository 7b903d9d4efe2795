"""A project's letters page, its link to the batch PDF, and the confirmation before a letter
is marked as sent (issue 10)."""

from datetime import date

import pytest

from planner.enums import LetterStatus, Status
from planner.extensions import db
from tests import factories
from tests.test_reports import html, text

RUSSIAN = {"Accept-Language": "ru"}
SENT = date(2026, 2, 3)


@pytest.fixture
def project(app):
    return factories.project(title="Winter Warmth", slug="winter-warmth")


def letter_of(project, name: str, **fields):
    partnership = factories.partnership(
        project, factories.partner(name=name), status=Status.NEGOTIATING
    )
    return factories.letter(partnership, **fields)


def test_letters_page_lists_every_letter_with_its_dates(client, auth, project):
    """Each letter of the project shows partner, status, version, language and its dates."""
    draft = letter_of(project, "Quiet Shop")
    signed = letter_of(project, "North Bakery", sent_on=SENT)
    signed.status = LetterStatus.SIGNED
    signed.signed_on = date(2026, 2, 10)
    db.session.commit()
    letter_of(factories.project(title="Elsewhere"), "Other Org")

    page = html(client.get(f"/projects/{project.slug}/letters/"))
    assert text(page.h1) == "Commitment letters"
    headers = [text(th) for th in page.select("table.letters thead th")]
    assert headers == [
        "Letter",
        "Partner",
        "Status",
        "Version",
        "Language",
        "Sent",
        "Signed",
        "Declined",
    ]
    rows = [[text(c) for c in tr.select("th, td")] for tr in page.select("table.letters tbody tr")]
    assert rows == [
        [
            signed.reference,
            "North Bakery",
            "Signed",
            "1",
            "English",
            "3 Feb 2026",
            "10 Feb 2026",
            "—",
        ],
        [draft.reference, "Quiet Shop", "Draft", "1", "English", "—", "—", "—"],
    ]
    assert "Other Org" not in page.text
    link = page.find("a", string=signed.reference)
    assert link["href"] == f"/letters/{signed.id}/"
    batch = page.find("a", string="All letters in one PDF")
    assert batch["href"] == f"/projects/{project.slug}/letters.pdf"
    sent = page.find("a", string="Sent letters in one PDF")
    assert sent["href"] == f"/projects/{project.slug}/letters.pdf?sent=1"


def test_letters_page_is_linked_from_the_board_and_each_letter(client, auth, project):
    """The project's board and a letter's breadcrumbs lead to the letters page."""
    letter = letter_of(project, "North Bakery")
    board = html(client.get(f"/projects/{project.slug}/"))
    assert board.find("a", string="Letters")["href"] == f"/projects/{project.slug}/letters/"
    detail = html(client.get(f"/letters/{letter.id}/"))
    assert detail.select_one(".crumbs").find("a", string="Letters")["href"] == (
        f"/projects/{project.slug}/letters/"
    )


def test_letters_page_without_letters_says_how_to_start(client, auth, project):
    """An empty letters page explains where a letter begins and offers no empty PDF."""
    page = html(client.get(f"/projects/{project.slug}/letters/"))
    assert "No letters yet." in text(page.find("main"))
    assert page.find("a", string="All letters in one PDF") is None


def test_letters_page_in_russian(client, auth, project):
    """Headings, columns, statuses and dates of the letters page speak Russian."""
    letter_of(project, "Северная пекарня", sent_on=SENT)
    page = html(client.get(f"/projects/{project.slug}/letters/", headers=RUSSIAN))
    assert text(page.h1) == "Письма о взаимных обязательствах"
    assert text(page.select_one("table.letters thead th:nth-child(4)")) == "Версия"
    row = [text(c) for c in page.select("table.letters tbody tr")[0].select("th, td")]
    assert row[2] == "Отправлено"
    assert row[5] == "3 февр. 2026 г."
    assert text(page.find("a", string="Все письма одним PDF")) == "Все письма одним PDF"


def test_letters_page_queries_do_not_grow_with_letters(client, auth, project, count_queries):
    """The letters page sends as many queries for 30 letters as for 3."""

    def queries() -> int:
        url = f"/projects/{project.slug}/letters/"
        assert client.get(url).status_code == 200
        db.session.remove()
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        db.session.remove()
        return len(statements)

    for n in range(3):
        letter_of(project, f"Partner {n}", sent_on=SENT if n % 2 else None)
    few = queries()
    for n in range(3, 30):
        letter_of(project, f"Partner {n}", sent_on=SENT if n % 2 else None)
    assert queries() == few


def test_mark_as_sent_asks_first_and_says_the_text_will_be_frozen(client, auth, project):
    """The draft's "Mark as sent" opens a confirmation that warns of the freeze; no JavaScript."""
    letter = letter_of(project, "North Bakery")
    page = html(client.get(f"/letters/{letter.id}/"))
    confirm = page.select_one("details.confirm-send")
    assert text(confirm.summary) == "Mark as sent"
    form = confirm.find("form")
    assert form["action"] == f"/letters/{letter.id}/send"
    assert "frozen" in text(form) and "amendment" in text(form)
    assert text(form.button) == "Yes, mark as sent and freeze the text"
    # nothing outside the confirmation sends the letter
    assert len(page.select(f"form[action='/letters/{letter.id}/send']")) == 1
    assert not page.select("script:not([src])")

    russian = html(client.get(f"/letters/{letter.id}/", headers=RUSSIAN))
    confirm = russian.select_one("details.confirm-send")
    assert text(confirm.summary) == "Отметить как отправленное"
    assert "фиксируются" in text(confirm.form)
    assert text(confirm.form.button) == "Да, отметить как отправленное и зафиксировать текст"
