"""What a coordinator clicks in the contact log: a contact from a board card without leaving
the board, a next step marked done on the dashboard; the screens pass axe in both languages."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from planner.enums import Answer, Status
from planner.extensions import db
from tests import factories
from tests.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def log(signed_in):
    p = factories.partnership(
        status=Status.NEGOTIATING, partner=factories.partner(name="North Bakery"), by=signed_in
    )
    factories.contact(
        p,
        summary="Called the manager",
        next_step="Send the letter",
        next_due_on=date.today(),
        next_owner_id=signed_in.id,
    )
    quiet = factories.partner(
        name="Quiet Library",
        email="lib@example.org",
        updates_consent=True,
        updates_consent_on=date.today() - timedelta(days=200),
    )
    factories.partnership(partner=quiet, status=Status.COMPLETED, again_them=Answer.YES)
    return p


def test_a_contact_is_logged_from_a_board_card_in_place(log, page: Page):
    """The card's link opens the form inside the card; saving says what was logged there."""
    page.goto(f"/projects/{log.project.slug}/")
    card = page.locator(f"#partnership-{log.id}")
    card.get_by_role("link", name="Log a contact with North Bakery").click()
    form = card.locator("form.contact-form")
    expect(form).to_be_visible()
    assert_accessible(page)
    form.get_by_label("What was said").fill("Agreed to meet on Friday")
    form.get_by_role("button", name="Log the contact").click()
    expect(card.get_by_role("status")).to_contain_text("Logged: Phone call on")
    assert page.url.endswith(f"/projects/{log.project.slug}/")


def test_a_next_step_is_marked_done_on_the_dashboard(log, page: Page):
    """The Done button answers in place, and the step is gone on the next visit."""
    page.goto("/")
    today = page.locator(".steps-today")
    expect(today).to_contain_text("Send the letter")
    assert_accessible(page)
    today.get_by_role("button", name="Done").click()
    expect(today.get_by_role("status")).to_have_text("Done: Send the letter")
    page.reload()
    expect(page.locator(".steps-today")).to_contain_text("No step for today.")


@pytest.mark.parametrize("language", ["en", "ru"])
def test_contact_screens_pass_axe(log, page: Page, signed_in, language):
    """The partnership's log, the partner's history, keep in touch and the dashboard."""
    signed_in.language = language
    db.session.commit()
    for path in (
        f"/partnerships/{log.id}/",
        f"/partners/{log.partner_id}/",
        f"/partners/{log.partner_id}/contacts/",
        "/keep-in-touch/",
        "/",
        f"/partnerships/{log.id}/contacts/new?place=card",
    ):
        response = page.goto(path)
        assert response is not None and response.ok
        assert_accessible(page)


def test_without_javascript_every_contact_action_still_works(log, browser, live_server):
    """The card's link opens a page with the form; saving goes back to the board; Done on
    the dashboard and the invitation work as plain forms."""
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("Email").fill("admin@example.org")
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"/projects/{log.project.slug}/")
    page.get_by_role("link", name="Log a contact with North Bakery").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a contact with North Bakery")
    page.get_by_label("What was said").fill("Visited the bakery")
    page.get_by_role("button", name="Log the contact").click()
    assert page.url.endswith(f"/projects/{log.project.slug}/#partnership-{log.id}")
    expect(page.get_by_text("The contact is logged.")).to_be_visible()

    page.goto("/")
    page.locator(".steps-today").get_by_role("button", name="Done").click()
    expect(page.get_by_text("The next step “Send the letter” is done.")).to_be_visible()

    page.goto("/keep-in-touch/")
    page.get_by_label("Quiet Library").check()
    page.get_by_label("Event", exact=True).fill("Book fair")
    page.get_by_label("Date of the event").fill("2027-05-20")
    page.get_by_role("button", name="Log the invitations").click()
    expect(page.get_by_role("status")).to_contain_text("logged for 1 partner")
    mail = page.get_by_role("link", name="Write an e-mail to 1 partner")
    assert mail.get_attribute("href") == "mailto:?bcc=lib@example.org&subject=Book%20fair"
    context.close()
