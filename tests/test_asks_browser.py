"""Asks in a browser: asked and answered in place with htmx, and axe on the changed screens."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from planner.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo
from planner.enums import ItemStatus, Language
from planner.extensions import db
from planner.models import Commitment, User
from tests.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(live_server, page: Page):
    """The demo organisation, signed in as its director."""
    load_demo()
    page.goto("/login")
    page.get_by_label("Email").fill(DEMO_EMAIL)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Dashboard", level=1).wait_for()


def overdue_line(page: Page):
    return page.locator("section[aria-labelledby=overdue-h] ul.asks > li").first


def test_asked_then_yes_in_place(demo, page: Page):
    """ "Mark as asked" and "yes" change the line in place; the item is then promised."""
    page.goto("/asks/")
    line = overdue_line(page)
    expect(line.locator(".advice")).to_contain_text("suggest a meeting")
    line.get_by_role("button", name="Mark as asked").click()
    expect(line.locator(".ask-record")).to_contain_text("waiting for the answer")
    assert page.url.endswith("/asks/")  # swapped in place, not reloaded
    line.get_by_text("Record the answer").click()
    line.get_by_label("Yes").check()
    line.get_by_label("Note").fill("They will send the method on Monday.")
    line.get_by_role("button", name="Save the answer").click()
    expect(page.locator("li.ask-done")).to_contain_text("the answer is yes, so it is now promised")
    item = db.session.scalar(
        sa.select(Commitment).where(Commitment.description == "Their reading-club method")
    )
    db.session.refresh(item)
    assert item.status is ItemStatus.PROMISED
    assert item.answer_note == "They will send the method on Monday."


@pytest.mark.parametrize("language", [Language.EN, Language.RU])
def test_asks_screens_are_accessible(demo, page: Page, language):
    """The asks page with an answer form open, and an ask's page, pass axe in both languages."""
    db.session.execute(sa.update(User).values(language=language.value))
    db.session.commit()
    page.goto("/asks/")
    overdue_line(page).locator("summary").click()
    assert_accessible(page)
    href = page.locator("section[aria-labelledby=overdue-h] form").first.get_attribute("action")
    page.goto(href.rsplit("/", 1)[0] + "/")
    assert_accessible(page)
    page.locator("form[action$='/answer'] button[type=submit]").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
