"""Two coordinators press "Mark as sent" on the same draft in their own tabs: the second sees
who was first. The 409 page and the signed copies' history fit 1366 and 390 px, in English
and Russian, with no serious accessibility problem."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from planner.enums import Language, Status
from planner.extensions import db
from planner.models import LetterBatch, LetterScan, now
from tests import factories
from tests.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

WORDS = {
    Language.EN: {
        "first": "Someone else was first",
        "sent": "This letter was already sent on",
        "earlier": "2 earlier copies",
    },
    Language.RU: {
        "first": "Вас опередили",
        "sent": "Это письмо уже отправил(а) Ada Admin",
        "earlier": "2 прежних экземпляра",
    },
}


def fits(page: Page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("language", [Language.EN, Language.RU], ids=["en", "ru"])
def test_the_second_sender_is_told_who_was_first(signed_in, page: Page, screenshot, language):
    """Both tabs press "Mark as sent": one sends, the other gets the 409 page naming the first
    sender; the letter page then lists the earlier signed copies with date and uploader."""
    signed_in.language = language.value
    db.session.commit()
    words = WORDS[language]
    partnership = factories.partnership(
        project=factories.project(title="Тёплая зима в Выборгском районе"),
        partner=factories.partner(
            name="Межрегиональная благотворительная общественная организация «Северная пекарня»"
        ),
        status=Status.NEGOTIATING,
    )
    letter = factories.letter(partnership, language.value)
    other = page.context.new_page()
    for tab in (page, other):
        tab.goto(f"/letters/{letter.id}/")
        tab.locator("details.confirm-send summary").click()
    other.locator("details.confirm-send button[type=submit]").click()
    expect(other.locator(".heading h1")).to_be_visible()
    other.close()
    page.locator("details.confirm-send button[type=submit]").click()
    expect(page.locator(".letter-conflict h1")).to_have_text(words["first"])
    expect(page.locator(".letter-conflict .lead")).to_contain_text(words["sent"])
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 844 if width == 390 else 900})
        screenshot(f"conflict-{width}")
        assert fits(page), width
    assert_accessible(page)

    for days, name in ((3, "подписанное письмо.pdf"), (2, "second-scan-with-a-long-name.png")):
        db.session.add(
            LetterScan(
                letter_id=letter.id,
                file=f"{days}.pdf",
                name=name,
                uploaded_at=now() - timedelta(days=days),
                uploaded_by_id=signed_in.id,
            )
        )
    db.session.add(
        LetterScan(letter_id=letter.id, file="current.pdf", name="current.pdf", uploaded_at=now())
    )
    letter.scan_file, letter.scan_name = "current.pdf", "current.pdf"
    db.session.commit()
    page.goto(f"/letters/{letter.id}/")
    page.locator(".scan-history summary").click()
    expect(page.locator(".scan-history summary")).to_have_text(words["earlier"])
    expect(page.locator(".scan-history li").first).to_contain_text("Ada Admin")
    page.locator(".scan-history").scroll_into_view_if_needed()
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 844 if width == 390 else 900})
        screenshot(f"scans-{width}")
        assert fits(page), width
    assert_accessible(page)


@pytest.mark.parametrize("language", [Language.EN, Language.RU], ids=["en", "ru"])
def test_a_second_batch_says_to_wait(signed_in, page: Page, screenshot, language):
    """A batch PDF asked for while the last one is still being made: a page that says to try
    again in a minute, fitting a laptop and a phone."""
    signed_in.language = language.value
    db.session.add(LetterBatch(user_id=signed_in.id, started_at=now()))
    db.session.commit()
    partnership = factories.partnership(
        project=factories.project(title="Тёплая зима в Выборгском районе", slug="warm-winter")
    )
    factories.letter(partnership, language.value, sent_on=date.today())
    response = page.goto("/projects/warm-winter/letters.pdf")
    assert response.status == 409
    expected = {
        Language.EN: "Your letters are still being made; try again in a minute.",
        Language.RU: "Ваши письма ещё готовятся; попробуйте снова через минуту.",
    }[language]
    expect(page.locator(".letter-conflict .lead")).to_have_text(expected)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 844 if width == 390 else 900})
        screenshot(f"busy-{width}")
        assert fits(page), width
    assert_accessible(page)
