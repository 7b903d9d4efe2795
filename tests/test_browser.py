"""A coordinator's first hour in a real Chromium: setup, sign-in, project, partner, board."""

import re

import pytest
from playwright.sync_api import Page, expect

from planner.enums import Sector
from tests import factories

pytestmark = pytest.mark.browser


def column(page: Page, label: str):
    """A column of the project board, found by its heading (the status and its count)."""
    return page.get_by_role("region", name=re.compile(rf"^{re.escape(label)} \d+$"))


def card(page: Page, partner: str):
    return (
        page.locator("#board")
        .get_by_role("article")
        .filter(has=page.get_by_role("heading", name=partner))
    )


def nav(page: Page, name: str):
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name)


def test_first_run_to_a_partnership_moved_on_the_board(live_server, page: Page, screenshot):
    """A new installation is set up, a partner joins a project, and its card moves in place."""
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/setup$"))
    expect(page.get_by_role("heading", name="Welcome to Partnership Planner")).to_be_visible()
    organisation = page.get_by_role("group", name="Your organisation")
    organisation.get_by_label("Organisation name").fill("Warm Home Foundation")
    organisation.get_by_label("Currency").fill("usd")
    account = page.get_by_role("group", name="Your account (administrator)")
    account.get_by_label("Name").fill("Maria Coordinator")
    account.get_by_label("Email").fill("maria@example.org")
    account.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    account.get_by_label("Repeat the password").fill(factories.PASSWORD)
    screenshot("setup-filled")
    page.get_by_role("button", name="Create the organisation").click()

    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Your organisation is set up.")
    expect(page.get_by_role("banner")).to_contain_text("Maria Coordinator")
    screenshot("signed-in-after-setup")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("You are signed out.")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)

    page.get_by_label("Email").fill("maria@example.org")
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    expect(page.get_by_role("banner")).to_contain_text("Maria Coordinator")

    nav(page, "Projects").click()
    expect(page.get_by_role("heading", name="Projects", level=1)).to_be_visible()
    page.get_by_role("link", name="New project").click()
    expect(page.get_by_role("heading", name="New project")).to_be_visible()
    page.get_by_label("Title", exact=True).fill("Winter Warmth")
    page.get_by_label("Summary").fill("Warm meals and blankets for lonely elderly people.")
    page.get_by_role("button", name="Save the project").click()
    expect(page.get_by_role("heading", name="Winter Warmth", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Project “Winter Warmth” is saved.")
    screenshot("project-created")

    nav(page, "Partners").click()
    expect(page.get_by_role("heading", name="Partner registry")).to_be_visible()
    page.get_by_role("link", name="New partner").click()
    expect(page.get_by_role("heading", name="New partner")).to_be_visible()
    page.get_by_label("Name").fill("North Bakery")
    page.get_by_label("Sector").select_option(label="Business")
    page.get_by_role("button", name="Save the partner").click()
    expect(page.get_by_role("heading", name="North Bakery", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("North Bakery is in the registry.")
    expect(page.get_by_text("Business", exact=True)).to_be_visible()

    nav(page, "Projects").click()
    page.get_by_role("link", name="Winter Warmth").click()
    page.get_by_role("link", name="Add a partner").click()
    expect(page.get_by_role("heading", name="Add a partner to “Winter Warmth”")).to_be_visible()
    page.locator("label.choice", has_text="North Bakery").get_by_role("radio").check()
    screenshot("partner-chosen")
    page.get_by_role("button", name="Add to the project").click()

    expect(page.get_by_role("heading", name="Winter Warmth", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(
        "North Bakery is now a candidate partner of this project."
    )
    expect(card(page, "North Bakery")).to_contain_text("Business")
    expect(column(page, "Candidate").get_by_role("article")).to_have_text(
        re.compile("North Bakery")
    )
    expect(column(page, "Contacted").get_by_role("article")).to_have_count(0)
    screenshot("board-candidate")

    page.evaluate("window.__marker = 1")
    card(page, "North Bakery").get_by_role("button", name="Move to contacted").click()
    expect(column(page, "Contacted").get_by_role("article")).to_have_text(
        re.compile("North Bakery")
    )
    expect(column(page, "Candidate").get_by_role("article")).to_have_count(0)
    expect(
        card(page, "North Bakery").get_by_role("button", name=re.compile("^Move to"))
    ).to_have_text("Move to negotiating")
    assert page.evaluate("window.__marker") == 1, "the page was reloaded, not swapped by htmx"
    screenshot("board-contacted")

    north = card(page, "North Bakery")
    north.get_by_text("Other status").click()
    north.get_by_role("button", name="Agreed (letter sent)").click()
    # No letter was sent: the board asks first and says why.
    question = page.get_by_role("region", name="Move North Bakery to “Agreed (letter sent)”?")
    expect(question).to_contain_text("No commitment letter has been sent to North Bakery.")
    expect(column(page, "Contacted").get_by_role("article")).to_have_count(1)
    question.get_by_role("button", name="Move anyway").click()
    agreed = column(page, "Agreed (letter sent)")
    expect(agreed.get_by_role("article")).to_have_text(re.compile("North Bakery"))
    expect(column(page, "Contacted").get_by_role("article")).to_have_count(0)
    expect(agreed).to_contain_text("Agreed, but need, fit, motivation are not a clear yes.")
    expect(page.locator(".confirm-move")).to_have_count(0)
    assert page.evaluate("window.__marker") == 1, "the page was reloaded, not swapped by htmx"
    screenshot("board-agreed")

    page.reload()
    expect(column(page, "Agreed (letter sent)").get_by_role("article")).to_have_text(
        re.compile("North Bakery")
    )
    expect(column(page, "Candidate").get_by_role("article")).to_have_count(0)
    assert page.evaluate("window.__marker") is None
    card(page, "North Bakery").get_by_role("link", name="North Bakery", exact=True).click()
    history = page.get_by_role("region", name="History").get_by_role("listitem")
    expect(history).to_have_count(3)
    expect(history.filter(has_text="Candidate → Contacted by Maria Coordinator")).to_have_count(1)
    expect(
        history.filter(has_text="Contacted → Agreed (letter sent) by Maria Coordinator")
    ).to_have_count(1)
    screenshot("partnership-history")


def test_partner_search_filters_as_you_type(signed_in, page: Page, screenshot):
    """Typing in the registry's search box narrows the results table without a page load."""
    factories.partner(name="North Bakery", sector=Sector.BUSINESS, contact_person="Olga Petrova")
    factories.partner(name="Riverside Library", sector=Sector.GOVERNMENT)
    factories.partner(name="Green Hands", sector=Sector.VOLUNTEERS)

    nav(page, "Partners").click()
    results = page.get_by_role("table", name="Partners")
    names = results.locator("tbody tr td:first-child")
    expect(names).to_have_text(["Green Hands", "North Bakery", "Riverside Library"])
    expect(page.get_by_text("3 partners found.")).to_be_visible()
    page.evaluate("window.__marker = 1")

    page.get_by_label("Search by name or contact").press_sequentially("river")
    expect(names).to_have_text(["Riverside Library"])
    expect(page.get_by_text("1 partner found.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]q=river\b"))
    screenshot("search-river")

    page.get_by_label("Search by name or contact").fill("olga")
    expect(names).to_have_text(["North Bakery"])
    expect(results.get_by_role("row").nth(1)).to_contain_text("Business")

    page.get_by_label("Search by name or contact").fill("nobody like this")
    expect(results).to_have_count(0)
    expect(page.get_by_text("No partner matches.")).to_be_visible()

    page.get_by_label("Search by name or contact").fill("")
    expect(names).to_have_text(["Green Hands", "North Bakery", "Riverside Library"])
    assert page.evaluate("window.__marker") == 1, "the page was reloaded, not swapped by htmx"
    screenshot("search-cleared")
