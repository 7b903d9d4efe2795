"""The board, the lists by status and the dashboard in a real Chromium: a move that asks first,
no page wider than the window on a laptop or a phone, in English and Russian, and axe."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from planner.enums import Answer, Health, ItemStatus, Sector, Stage, Status, Support
from planner.extensions import db
from tests import factories
from tests.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

SIZES = {"laptop": (1366, 900), "phone": (390, 844)}


@pytest.fixture
def lived_in(signed_in):
    """A project with partnerships at every status, with long Russian-like names, a report
    due elsewhere, red health and a letter waiting: every kind of card and warning."""
    project = factories.project(
        title="Тёплый дом зимой: горячее питание для одиноких пожилых людей",
        slug="winter",
        stage=Stage.PARTNER_SEARCH,
        coordinator_id=signed_in.id,
    )
    names = [
        "North Bakery",
        "Межрегиональная общественная организация «Добровольцы»",
        "Green Hands",
        "Городская служба социальной поддержки населения",
        "Radio Volna",
        "SPbU Student Volunteers",
        "Калининградский благотворительный фонд",
        "Old Friends",
        "Gone Ltd",
    ]
    sectors = list(Sector)
    made = {}
    for n, (name, status) in enumerate(zip(names, Status, strict=True)):
        made[status] = factories.partnership(
            project=project,
            partner=factories.partner(name=name, sector=sectors[n % len(sectors)]),
            status=status,
            criteria=Answer.YES if n % 2 else Answer.UNSURE,
            support={Support.MATERIAL, Support.INFORMATIONAL},
        )
    factories.commitment(made[Status.ACTIVE], status=ItemStatus.PROMISED)
    factories.health_check(made[Status.ACTIVE], Health.RED, checked_on=date.today())
    ended = factories.project(title="Летний лагерь", end_date=date.today() - timedelta(days=9))
    factories.partnership(project=ended, status=Status.COMPLETED)
    factories.letter(
        factories.partnership(project=ended, status=Status.AGREED),
        sent_on=date.today() - timedelta(days=20),
    )
    return project


def speak(user, language: str) -> None:
    user.language = language
    db.session.commit()


def no_overflow(page: Page) -> None:
    """Nothing wider than the window, and no button's text cut off."""
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{page.url}: {width}px wide in a {viewport}px window"
    cut = page.evaluate(
        """[...document.querySelectorAll('button, .button, select, summary')]
        .filter(e => e.offsetParent && e.scrollWidth > e.clientWidth + 1)
        .map(e => e.textContent.trim())"""
    )
    assert not cut, f"{page.url}: text cut off in {cut}"


def test_moving_a_card_asks_and_says_why(lived_in, page: Page, screenshot):
    """Completing an active partnership with a promised item asks first; Cancel leaves it,
    Move anyway moves it, all without reloading the page."""
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/projects/winter/")
    page.evaluate("window.__marker = 1")
    card = page.locator("#board article").filter(has_text="SPbU Student Volunteers")
    card.get_by_role("button", name="Move to completed").click()
    question = page.get_by_role("region", name="Move SPbU Student Volunteers to “Completed”?")
    expect(question).to_contain_text("1 commitment is still planned or promised.")
    expect(question.get_by_role("heading")).to_be_focused()
    screenshot("confirm-completed")
    question.get_by_role("link", name="Cancel").click()
    expect(page.locator(".confirm-move")).to_have_count(0)
    expect(page.locator("#board .status-active article")).to_have_text(
        re.compile("SPbU Student Volunteers")
    )

    card = page.locator("#board article").filter(has_text="SPbU Student Volunteers")
    card.get_by_role("button", name="Move to completed").click()
    page.get_by_role("button", name="Move anyway").click()
    expect(
        page.locator("#board .status-completed article").filter(has_text="SPbU Student Volunteers")
    )
    expect(page.locator(".confirm-move")).to_have_count(0)
    expect(page.get_by_role("link", name="SPbU Student Volunteers", exact=True)).to_be_focused()
    assert page.evaluate("window.__marker") == 1, "the page was reloaded, not swapped by htmx"
    screenshot("moved")


def test_moving_a_card_works_without_javascript(lived_in, browser, live_url, signed_in):
    """With JavaScript off, the same move asks on its own page and makes the move."""
    context = browser.new_context(base_url=live_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("Email").fill(signed_in.email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/projects/winter/")
    card = page.locator("#board article").filter(has_text="Green Hands")
    card.get_by_role("button", name="Move to agreed (letter sent)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Move Green Hands to “Agreed (letter sent)”?"
    )
    page.get_by_role("button", name="Move anyway").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Green Hands is now “Agreed (letter sent)”."
    )
    expect(page.locator("#board .status-agreed article").filter(has_text="Green Hands"))
    context.close()


@pytest.mark.parametrize("language", ["en", "ru"])
def test_screens_fit_and_pass_axe(lived_in, signed_in, page: Page, screenshot, language):
    """Board, confirmation, dashboard and a list by status: no overflow at 1366 and 390 px,
    nothing cut off, no serious axe finding, in English and Russian."""
    speak(signed_in, language)
    screens = {
        "board": "/projects/winter/",
        "dashboard": "/",
        "by-status": "/partnerships/status/active/",
    }
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        for name, url in screens.items():
            page.goto(url)
            if name == "board":
                page.locator("#board details").first.locator("summary").click()
            no_overflow(page)
            screenshot(f"{name}-{size}-{language}")
            if size == "laptop":
                assert_accessible(page)
        page.goto("/projects/winter/")
        page.locator("#board article").filter(has_text="SPbU Student Volunteers").locator(
            ".card-actions > form button"
        ).click()
        page.locator(".confirm-move").wait_for()
        no_overflow(page)
        screenshot(f"confirm-{size}-{language}")
        if size == "laptop":
            assert_accessible(page)
    # The phone shows a list grouped by status: one column, empty steps left out.
    page.goto("/projects/winter/")
    columns = page.locator("#board .column:visible")
    boxes = [columns.nth(i).bounding_box() for i in range(columns.count())]
    assert len({round(b["x"]) for b in boxes}) == 1
