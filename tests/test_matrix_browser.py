"""The matrix in a real Chromium: add, edit, refuse and remove a commitment inside its cell."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from planner.enums import Sector, Status
from tests import factories

pytestmark = pytest.mark.browser


def marker_survives(page: Page) -> None:
    assert page.evaluate("window.__marker") == 42, "the page was reloaded, not swapped by htmx"


def test_commitment_is_added_edited_refused_and_removed_in_its_cell(
    signed_in, page: Page, screenshot
):
    """A cell's form adds, edits and removes an item in place; totals follow; errors stay inline."""
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

    page.goto("/projects/winter/matrix/")
    expect(page.get_by_role("heading", name="What partners give and get")).to_be_visible()
    total = page.locator("#total-gives")
    expect(total).to_have_text("€100.00")
    page.evaluate("window.__marker = 42")

    cell = page.locator(f"#cell-{bakery.id}-transport")
    cell.get_by_role("link", name="Add transport given by North Bakery").click()
    form = cell.locator("form.cell-form")
    expect(form).to_be_visible()
    expect(form).to_contain_text("Add: what North Bakery gives")
    expect(form.get_by_label("Category")).to_have_value("transport")
    form.get_by_label("What").fill("Van on Saturdays")
    form.get_by_label("Value", exact=True).fill("250")
    screenshot("add-form-in-cell")
    form.get_by_role("button", name="Save").click()

    item = cell.locator("a.item")
    expect(item).to_contain_text("Van on Saturdays")
    expect(item.locator(".amount")).to_have_text("€250.00")
    expect(cell.locator("form")).to_have_count(0)
    expect(total).to_have_text("€350.00")
    expect(page.locator("td[data-column=gives-transport]")).to_have_text("€250.00")
    marker_survives(page)
    screenshot("added")

    item.click()
    form = cell.locator("form.cell-form")
    expect(form).to_contain_text("Edit: what North Bakery gives")
    expect(form.get_by_label("Value", exact=True)).to_have_value("250.00")
    form.get_by_label("Value", exact=True).fill("1 200,50")
    form.get_by_role("button", name="Save").click()
    expect(cell.locator("a.item .amount")).to_have_text("€1,200.50")
    expect(total).to_have_text("€1,300.50")
    marker_survives(page)

    cell.locator("a.item").click()
    form = cell.locator("form.cell-form")
    form.get_by_label("Value", exact=True).fill("abc")
    form.get_by_role("button", name="Save").click()
    error = cell.locator("#value-field .error")
    expect(error).to_have_text("Enter a number, such as 12 or 12.50.")
    expect(cell.get_by_label("Value", exact=True)).to_have_value("abc")
    expect(cell.get_by_label("Value", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(total).to_have_text("€1,300.50")
    marker_survives(page)
    screenshot("error-in-cell")

    cell.get_by_role("link", name="Cancel").click()
    expect(cell.locator("form")).to_have_count(0)
    expect(cell.locator("a.item .amount")).to_have_text("€1,200.50")

    cell.locator("a.item").click()
    cell.get_by_role("button", name="Remove").click()
    expect(cell.locator("a.item")).to_have_count(0)
    expect(total).to_have_text("€100.00")
    expect(page.locator("td[data-column=gives-transport]")).to_have_text("")
    assert dialogs == ["Remove this commitment?"]
    marker_survives(page)
    screenshot("removed")
