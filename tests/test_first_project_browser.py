"""A new coordinator's first project, from set-up to a published report, in Chromium, counted.

One project, three partners in three sectors, what they give and get, a letter sent and
signed, an item delivered and the report published: every click, fill and select is
counted, and every page load. Target (issue 10): at most 45 interactions and 20 page loads.
The figures are printed and written to test-artifacts/first-project.json for the README.
"""

import json

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.browser import ARTIFACTS
from tests.test_attach_browser import Counted

pytestmark = pytest.mark.browser

INTERACTIONS = 45
PAGE_LOADS = 20


def test_first_project_from_set_up_to_a_published_report(live_server, page: Page, screenshot):
    """Set-up to a published report in at most 45 interactions and 20 page loads."""
    loads: list[str] = []
    page.on("load", lambda p: loads.append(p.url))
    me = Counted(page)
    page.set_viewport_size({"width": 1366, "height": 900})

    # Set-up: the organisation and the first account.
    page.goto("/")
    organisation = page.get_by_role("group", name="Your organisation")
    me.fill(organisation.get_by_label("Organisation name"), "Warm Home Foundation")
    account = page.get_by_role("group", name="Your account (administrator)")
    me.fill(account.get_by_label("Name"), "Maria Coordinator")
    me.fill(account.get_by_label("Email"), "maria@example.org")
    me.fill(account.get_by_label("Password", exact=True), factories.PASSWORD)
    me.fill(account.get_by_label("Repeat the password"), factories.PASSWORD)
    me.click(page.get_by_role("button", name="Create the organisation"))
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()

    # A project.
    me.click(page.get_by_role("navigation", name="Main").get_by_role("link", name="Projects"))
    me.click(page.get_by_role("link", name="New project"))
    me.fill(page.get_by_label("Title", exact=True), "Winter Warmth")
    me.click(page.get_by_role("button", name="Save the project"))
    expect(page.get_by_role("heading", name="Winter Warmth", level=1)).to_be_visible()

    # Three partners in three sectors, each created and attached in one form.
    me.click(page.get_by_role("link", name="Add a partner"))
    for name, sector, contact, then in (
        ("North Bakery", "business", "Olga Petrova", "Add and add another"),
        ("Radio Zvezda", "media", "Irina Sokolova", "Add and add another"),
        ("Green Hands", "volunteers", "Pavel Orlov", "Add to the project"),
    ):
        me.fill(page.get_by_label("Name", exact=True), name)
        me.select(page.get_by_label("Sector"), sector)
        me.fill(page.get_by_label("Contact person"), contact)
        me.click(page.get_by_role("button", name=then))
    expect(page.get_by_role("heading", name="Winter Warmth", level=1)).to_be_visible()
    screenshot("board-with-three-partners")

    # What the bakery gives and what it gets, in the matrix.
    me.click(page.get_by_role("link", name="Gives and gets matrix"))
    for link, category, what in (
        ("Add what North Bakery gives", "goods", "Bread for 40 lunches a week"),
        ("Add what North Bakery gets", "recognition", "Its logo on the project's posters"),
    ):
        me.click(page.get_by_role("link", name=link))
        form = page.locator("form.item-form")
        me.select(form.get_by_label("Category"), category)
        me.fill(form.get_by_label("What"), what)
        me.click(form.get_by_role("button", name="Save"))
        expect(page.locator("li.it", has_text=what)).to_be_visible()
    screenshot("matrix-gives-and-gets")

    # The commitment letter: drafted, sent and signed.
    me.click(page.get_by_role("link", name="North Bakery").first)
    me.click(page.get_by_role("button", name="Draft a letter"))
    me.click(page.get_by_text("Mark as sent", exact=True))
    me.click(page.get_by_role("button", name="Yes, mark as sent and freeze the text"))
    me.fill(page.get_by_label("Signed for the partner by"), "Olga Petrova")
    me.click(page.get_by_role("button", name="Record the signature"))
    expect(page.locator("main")).to_contain_text("Olga Petrova")
    screenshot("letter-signed")

    # The bread came: delivered, in one click from the matrix.
    me.click(page.get_by_role("link", name="Winter Warmth").first)
    me.click(page.get_by_role("link", name="Gives and gets matrix"))
    bread = page.locator("li.it", has_text="Bread for 40 lunches a week")
    me.click(bread.get_by_role("button", name="Delivered"))
    expect(bread.locator(".state")).to_have_text("Delivered")

    # The report, written and published.
    me.click(page.get_by_role("link", name="Winter Warmth").first)
    me.click(page.get_by_role("link", name="Report", exact=True))
    summary = page.get_by_role("textbox", name="Summary")
    me.fill(summary, "Forty lonely elders had a warm lunch every week.")
    me.click(page.get_by_role("button", name="Save and publish").first)
    expect(page.get_by_role("status").first).to_contain_text("The report is saved and published.")
    screenshot("report-published")

    figures = {"interactions": me.actions, "page_loads": len(loads)}
    (ARTIFACTS / "first-project.json").write_text(json.dumps(figures) + "\n")
    print(f"\nfirst project, set-up to published report: {figures}")
    assert me.actions <= INTERACTIONS, figures
    assert len(loads) <= PAGE_LOADS, (figures, loads)
