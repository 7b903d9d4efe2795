"""The budget and co-funding pages in Chromium: reached from the project, a line added and
deleted by clicking, no page wider than the screen, and axe content in both languages."""

import pytest
from playwright.sync_api import Page, expect

from planner.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo
from planner.demo.ru import WINTER
from planner.enums import Language
from tests.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

SLUG = {Language.EN: "warm-winter", Language.RU: WINTER}
SIZES = [(1366, 900), (390, 844)]


@pytest.fixture(params=[Language.EN, Language.RU], ids=["en", "ru"])
def demo(request, live_server, page: Page):
    """The demo organisation in English or Russian, signed in as its director."""
    load_demo(language=request.param)
    page.goto("/login")
    page.locator("input[type=email]").fill(DEMO_EMAIL)
    page.locator("input[type=password]").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.locator("h1").wait_for()
    return request.param


@pytest.mark.parametrize("size", SIZES, ids=["1366", "390"])
@pytest.mark.parametrize("path", ["/projects/{slug}/budget/", "/projects/{slug}/budget/lines/"])
def test_budget_pages_fit_the_screen_and_pass_axe(demo, page: Page, path, size):
    """At 1366 px and on a phone, in both languages: nothing scrolls sideways, no serious
    axe violation."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(path.format(slug=SLUG[demo]))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size[0]
    assert_accessible(page)


def test_coordinator_adds_and_deletes_a_budget_line(live_server, page: Page):
    """From the project page to the budget's editor: a line added shows in the total and on
    the co-funding page; deleted, it is gone."""
    load_demo()
    page.goto("/login")
    page.get_by_label("Email").fill(DEMO_EMAIL)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/projects/warm-winter/")
    page.get_by_role("link", name="Budget and co-funding").click()
    expect(page.locator(".cofunding-facts")).to_contain_text("€14,000.00")
    page.get_by_role("link", name="Change the budget lines").click()
    add = page.locator("form", has=page.get_by_role("button", name="Add the line"))
    add.get_by_label("Budget line").fill("Hall rent")
    add.get_by_label("Amount").fill("-3")
    add.get_by_role("button", name="Add the line").click()
    expect(page.locator("#new-amount-field .error")).to_contain_text("Enter a number from 0")
    page.locator("#new-amount").fill("1000")
    page.get_by_role("button", name="Add the line").click()
    expect(page.locator(".flash")).to_have_text("The budget line “Hall rent” is added.")
    expect(page.locator(".budget-total")).to_have_text("Total: €15,000.00")
    page.get_by_role("button", name="Delete the line “Hall rent”").click()
    expect(page.locator(".flash")).to_have_text("The budget line “Hall rent” is removed.")
    expect(page.locator(".budget-total")).to_have_text("Total: €14,000.00")
