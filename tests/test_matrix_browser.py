"""The matrix in a real Chromium: add a give, mark it delivered in one click, totals in place;
no horizontal scrolling at 1366 px or on a phone, in English and Russian; axe in both."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from planner.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo
from planner.demo.ru import WINTER
from planner.enums import Language, Sector, Status
from planner.matrix.rules import COLUMNS
from tests import factories
from tests.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


def marker_survives(page: Page) -> None:
    assert page.evaluate("window.__marker") == 42, "the page was reloaded, not swapped by htmx"


def assert_no_overflow(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{page.url} is {width} px wide in a {viewport} px window"


def test_give_is_added_marked_delivered_in_one_click_and_removed(signed_in, page: Page, screenshot):
    """A row's "+ give" opens its form; one click marks the item delivered; totals follow."""
    project = factories.project(title="Winter Warmth", slug="winter")
    bakery = factories.partnership(
        project=project,
        partner=factories.partner(name="North Bakery", sector=Sector.BUSINESS),
        status=Status.ACTIVE,
    )
    factories.commitment(bakery, description="Cash", value=Decimal(100))
    dialogs = []

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/projects/winter/matrix/")
    expect(page.get_by_role("heading", name="What partners give and get")).to_be_visible()
    total = page.locator("#total-gives")
    expect(total).to_have_text("€100.00")
    page.evaluate("window.__marker = 42")

    row = page.locator(f"#row-{bakery.id}")
    row.get_by_role("link", name="Add what North Bakery gives").click()
    form = row.locator("form.item-form")
    expect(form).to_contain_text("Add: what North Bakery gives")
    # Only what a partner can give is offered.
    options = form.get_by_label("Category").locator("option")
    expect(options).to_contain_text(["Money", "Transport"])
    assert "Recognition" not in options.all_inner_texts()
    form.get_by_label("Category").select_option("transport")
    form.get_by_label("What").fill("Van on Saturdays")
    form.get_by_label("Hours", exact=True).fill("10")
    form.get_by_label("Hourly rate").fill("25")
    screenshot("add-form-in-row")
    form.get_by_role("button", name="Save").click()

    item = row.locator(".mx-gives li.it", has_text="Van on Saturdays")
    expect(item).to_contain_text("Transport")
    expect(item).to_contain_text("10 h × €25.00")
    expect(item.locator(".amount")).to_have_text("€250.00")
    expect(item.locator(".state")).to_have_text("Planned")
    expect(total).to_have_text("€350.00")
    expect(row.locator("form")).to_have_count(0)
    marker_survives(page)

    # Planned items only: the totals count what is shown, so marking one delivered moves them.
    page.get_by_label("Status").select_option("planned")
    expect(page).to_have_url(re.compile(r"status=planned"))
    expect(total).to_have_text("€350.00")
    item.get_by_role("button", name="Delivered").click()
    expect(item.locator(".state")).to_have_text("Delivered")
    expect(item.get_by_role("button")).to_have_count(0)
    expect(item).to_have_class("it it-delivered")
    expect(total).to_have_text("€100.00")
    expect(page.locator(f"#sums-{bakery.id} dd").first).to_have_text("€100.00")
    marker_survives(page)
    screenshot("delivered")
    page.get_by_role("link", name="Show all").click()
    expect(total).to_have_text("€350.00")
    marker_survives(page)

    item.get_by_role("link", name="Van on Saturdays").click()
    form = row.locator("form.item-form")
    form.get_by_label("Value", exact=True).fill("abc")
    form.get_by_label("Hours", exact=True).fill("")
    form.get_by_label("Hourly rate").fill("")
    form.get_by_role("button", name="Save").click()
    expect(row.locator("#value-field .error")).to_have_text("Enter a number, such as 12 or 12.50.")
    expect(total).to_have_text("€350.00")
    screenshot("error-in-row")
    row.get_by_role("link", name="Cancel").click()
    expect(row.locator("form")).to_have_count(0)

    row.locator("li.it", has_text="Van on Saturdays").get_by_role("link").click()
    row.get_by_role("button", name="Remove").click()
    expect(row.locator("li.it", has_text="Van on Saturdays")).to_have_count(0)
    expect(total).to_have_text("€100.00")
    assert dialogs == ["Remove this commitment?"]
    marker_survives(page)


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


# The demo's winter project, the one with most partners, in each language.
WINTER_SLUG = {Language.EN: "warm-winter", Language.RU: WINTER}


@pytest.mark.parametrize("size", SIZES)
def test_matrix_fits_the_window_and_passes_axe(demo, page: Page, screenshot, size):
    """At 1366 px and on a phone, in both languages, the matrix and its open form do not
    scroll sideways and have no serious or critical axe violation."""
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"/projects/{WINTER_SLUG[demo]}/matrix/")
    expect(page.locator(".mx-row").first).to_be_visible()
    assert page.locator("html").get_attribute("lang") == demo.value
    assert_no_overflow(page)
    assert_accessible(page)
    screenshot(f"{demo.value}-{size}")

    page.locator(".its .add a").first.click()
    form = page.locator("form.item-form")
    expect(form).to_be_visible()
    assert_no_overflow(page)
    assert_accessible(page)
    screenshot(f"{demo.value}-{size}-form")

    page.goto(f"/projects/{WINTER_SLUG[demo]}/matrix/grid/")
    screenshot(f"{demo.value}-{size}-grid")


@pytest.mark.parametrize("size", ["desktop"])
def test_print_grid_fits_a_landscape_page(demo, page: Page, screenshot, size):
    """Printed, the grid by category keeps every category's column within an A4 landscape
    page (277 mm of width between the margins, 1047 CSS pixels)."""
    page.set_viewport_size({"width": 1047, "height": 740})
    page.emulate_media(media="print")
    page.goto(f"/projects/{WINTER_SLUG[demo]}/matrix/grid/")
    table = page.locator("table.matrix")
    expect(table.locator("thead tr").nth(1).locator("th")).to_have_count(len(COLUMNS) + 2)
    assert table.evaluate("t => t.scrollWidth") <= 1047
    assert_no_overflow(page)
    screenshot(f"{demo.value}-print")
