"""Adding partners to a project in Chromium: a new one in one form, an existing one found as
you type; the screens are accessible and fit a laptop and a phone, in English and Russian."""

import pytest
from playwright.sync_api import Page, expect

from planner.enums import Sector, Subtype
from tests import factories
from tests.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


class Counted:
    """The page as the coordinator uses it, counting clicks, fills and selects."""

    def __init__(self, page: Page):
        self.page, self.actions = page, 0

    def click(self, locator):
        self.actions += 1
        locator.click()

    def fill(self, locator, value):
        self.actions += 1
        locator.fill(value)

    def select(self, locator, value):
        self.actions += 1
        locator.select_option(value)

    def check(self, locator):
        self.actions += 1
        locator.check()


def fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page is {width}px wide"


def test_partners_into_a_project_in_one_step(signed_in, page: Page, screenshot):
    """A new partner is created and attached in one form; an existing one is found as you type."""
    project = factories.project(title="Winter Warmth", slug="winter-warmth")
    factories.partner(
        name="North Bakery",
        sector=Sector.BUSINESS,
        subtype=Subtype.SMALL_BUSINESS,
        contact_person="Olga Petrova",
    )
    factories.partner(name="Green Hands", sector=Sector.VOLUNTEERS)
    me = Counted(page)
    page.goto(f"/projects/{project.slug}/")
    # Counted from the project's page: the sign-in's own load may be reported late on a busy
    # machine, and is not part of the work.
    loads = [page.url]
    page.on("load", lambda p: loads.append(p.url))
    me.click(page.get_by_role("link", name="Add a partner"))
    expect(page.get_by_role("heading", name="Add a partner to “Winter Warmth”")).to_be_visible()

    # A new partner: the kind list follows the sector (htmx swaps it).
    me.fill(page.get_by_label("Name", exact=True), "Radio Zvezda")
    me.select(page.get_by_label("Sector"), "media")
    expect(page.locator("#new-subtype option")).to_have_count(5)
    me.select(page.get_by_label("Kind"), "radio")
    me.fill(page.get_by_label("Contact person"), "Irina Sokolova")
    me.fill(page.get_by_label("Email"), "irina@zvezda.example")
    me.fill(page.get_by_label("Phone"), "+7 812 555-01-01")
    screenshot("new-partner-filled")
    me.click(page.get_by_role("button", name="Add and add another"))
    expect(page.get_by_role("status").first).to_contain_text(
        "Radio Zvezda is now a candidate partner of this project."
    )
    new_partner_actions = me.actions

    # An existing partner, found as you type (no page load for the search).
    page.evaluate("window.__marker = 42")  # a page load would forget it
    me.fill(page.get_by_role("searchbox"), "olga")
    expect(page.locator("label.choice")).to_have_count(2)
    assert page.evaluate("window.__marker") == 42, "the search loaded a page"
    screenshot("search-as-you-type")
    me.check(page.locator("label.choice", has_text="North Bakery").get_by_role("radio"))
    me.click(page.get_by_role("button", name="Add and add another"))
    expect(page.get_by_role("status").first).to_contain_text("North Bakery is now a candidate")

    # A third, new again, in a third sector; this time back to the board.
    me.fill(page.get_by_label("Name", exact=True), "District Council")
    me.select(page.get_by_label("Sector"), "government")
    expect(page.locator("#new-subtype option")).to_have_count(5)
    me.select(page.get_by_label("Kind"), "local")
    me.fill(page.get_by_label("Contact person"), "Pavel Orlov")
    me.fill(page.get_by_label("Email"), "orlov@council.example")
    me.fill(page.get_by_label("Phone"), "+7 812 555-02-02")
    me.click(page.get_by_role("button", name="Add to the project"))
    expect(page.get_by_role("heading", name="Winter Warmth", level=1)).to_be_visible()
    for name in ("North Bakery", "Radio Zvezda", "District Council"):
        expect(page.locator("#board")).to_contain_text(name)
    print(
        f"\nthree partners from the board: {me.actions} actions, {len(loads)} page loads "
        f"(the first new partner took {new_partner_actions})"
    )
    assert me.actions <= 20
    assert len(loads) <= 5


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("width,height", [(1366, 900), (390, 844)])
def test_attach_screens_fit_and_are_accessible(
    signed_in, page: Page, screenshot, language, width, height
):
    """The add-a-partner page (empty, listed, with errors) and the partner page's "Add to a
    project" fit the screen and have no serious axe violation, in both languages."""
    page.set_extra_http_headers({"Accept-Language": language})
    page.set_viewport_size({"width": width, "height": height})
    project = factories.project(title="Тёплая зима — помощь пожилым людям", slug="winter")
    page.goto(f"/projects/{project.slug}/partnerships/new")
    fits(page)
    assert_accessible(page)
    screenshot(f"empty-{language}-{width}")
    partner = factories.partner(
        name="Санкт-Петербургская общественная организация «Добровольцы»",
        sector=Sector.VOLUNTEERS,
        contact_person="Анна Сергеевна Кузнецова",
        email="anna.kuznetsova@dobrovoltsy.example",
    )
    factories.partner(name="North Bakery", sector=Sector.BUSINESS)
    page.goto(f"/projects/{project.slug}/partnerships/new")
    fits(page)
    assert_accessible(page)
    screenshot(f"list-{language}-{width}")
    page.locator("#new-email").fill("not an email")
    page.locator("#new-sector").select_option("ngo")
    page.locator("button[type=submit]:not([name])").last.click()
    expect(page.locator(".error-summary")).to_be_visible()
    fits(page)
    assert_accessible(page)
    screenshot(f"errors-{language}-{width}")
    page.goto(f"/partners/{partner.id}/")
    expect(page.locator("#add-to-project")).to_be_visible()
    fits(page)
    assert_accessible(page)
    screenshot(f"partner-{language}-{width}")
