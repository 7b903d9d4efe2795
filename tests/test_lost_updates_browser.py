"""A stale save in a real Chromium: the 409 page keeps what was typed and shows what is saved
now, fits a desktop and a phone in English and Russian; htmx swaps a 409 cell in place."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from planner.enums import Direction, ItemStatus, Sector, Status
from planner.extensions import db
from tests import factories
from tests.test_accessibility import assert_accessible
from tests.test_matrix_browser import assert_no_overflow, marker_survives

pytestmark = pytest.mark.browser

SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
WORDS = {
    "en": ("Save", "Someone else saved this while you were editing", "Delivered"),
    "ru": ("Сохранить", "Пока вы редактировали, это сохранил кто-то другой", "Выполнено"),
}


def bread(signed_in):
    project = factories.project(title="Winter Warmth", slug="winter")
    bakery = factories.partnership(
        project=project,
        partner=factories.partner(name="Северная пекарня «Хлебный дом»", sector=Sector.BUSINESS),
        status=Status.ACTIVE,
    )
    return factories.commitment(
        bakery, Direction.GIVES, description="Bread every Monday", value=Decimal(100)
    )


@pytest.mark.parametrize("language", WORDS)
@pytest.mark.parametrize("size", SIZES)
def test_a_stale_save_keeps_what_was_typed(signed_in, page: Page, screenshot, size, language):
    """Someone else saves while the form is open: Save brings the form back with everything
    typed, their value beside the field and the explanation on top; it fits the window."""
    item = bread(signed_in)
    signed_in.language = language
    db.session.commit()
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"/items/{item.id}/edit")
    save, heading, _delivered = WORDS[language]
    page.locator("#value").fill("250")

    item.description = "Хлеб и суп по понедельникам, для шестидесяти пожилых людей района"
    db.session.commit()  # another coordinator's save

    page.get_by_role("button", name=save, exact=True).click()
    expect(page.locator(".conflict-summary")).to_contain_text(heading)
    expect(page.locator("#description-saved")).to_contain_text("Хлеб и суп по понедельникам")
    expect(page.locator("#value")).to_have_value("250")
    screenshot(f"conflict-{language}-{size}")
    assert_no_overflow(page)
    assert_accessible(page)


def test_htmx_swaps_a_refused_status_press_in_place(signed_in, page: Page, screenshot):
    """A status pressed on an item someone else has changed: htmx shows the 409 answer in
    the item's place (the page is not reloaded), with its status as saved now."""
    item = bread(signed_in)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/projects/winter/matrix/")
    page.evaluate("window.__marker = 42")

    item.status = ItemStatus.PROMISED
    db.session.commit()  # another coordinator's press

    page.locator(f"#it-{item.id}").get_by_role("button", name="Delivered").click()
    note = page.locator(".conflict-note")
    expect(note).to_contain_text("its status is now “Promised”")
    expect(page.locator(f"#it-{item.id} .state")).to_have_text("Promised")
    marker_survives(page)
    screenshot("status-conflict")


@pytest.mark.parametrize("size", SIZES)
def test_a_stale_follow_up_fits_in_russian(signed_in, page: Page, screenshot, size):
    """The follow-up table refused after someone else's save shows their note beside the
    row's field and still fits a phone, in Russian."""
    project = factories.project(title="Winter Warmth", slug="winter")
    bakery = factories.partnership(
        project=project,
        partner=factories.partner(name="Северная пекарня «Хлебный дом»", sector=Sector.BUSINESS),
        status=Status.COMPLETED,
    )
    signed_in.language = "ru"
    db.session.commit()
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/projects/winter/report/follow-up")
    page.locator(f"#f{bakery.id}-follow_up_note").fill("Готовы помогать и следующей зимой.")

    bakery.follow_up_note = "Звонили в марте: довольны, хотят продолжать сотрудничество."
    db.session.commit()  # another coordinator's save

    page.get_by_role("button", name="Сохранить итоги").click()
    expect(page.locator(".conflict-summary")).to_contain_text(WORDS["ru"][1])
    expect(page.locator(f"#f{bakery.id}-follow_up_note-saved")).to_contain_text("Звонили в марте")
    expect(page.locator(f"#f{bakery.id}-follow_up_note")).to_have_value(
        "Готовы помогать и следующей зимой."
    )
    screenshot(f"follow-up-ru-{size}")
    assert_no_overflow(page)
    assert_accessible(page)
