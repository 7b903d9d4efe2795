"""The field's advice in a real Chromium: a suggested category picked in the row's form, the
completion prompt on the board; axe on the changed screens in English and Russian."""

import pytest
from playwright.sync_api import Page, expect

from planner.enums import Category, Language, Sector, Status
from planner.extensions import db
from tests import factories
from tests.test_accessibility import assert_accessible
from tests.test_matrix_browser import assert_no_overflow, marker_survives

pytestmark = pytest.mark.browser


def test_a_suggested_category_is_picked_in_the_row(signed_in, page: Page, screenshot):
    """Clicking "Reports from events" in a media partner's form picks it, in place, and saves."""
    project = factories.project(title="Winter Warmth", slug="winter")
    radio = factories.partnership(
        project=project,
        partner=factories.partner(name="Neva Radio", sector=Sector.MEDIA),
        status=Status.ACTIVE,
    )
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/projects/winter/matrix/")
    page.evaluate("window.__marker = 42")
    row = page.locator(f"#row-{radio.id}")
    row.get_by_role("link", name="Add what Neva Radio gives").click()
    form = row.locator("form.item-form")
    expect(form).to_contain_text("press release 2–3 days ahead")
    expect(form.get_by_label("Category")).to_have_value("publications")
    form.get_by_role("link", name="Reports from events, press tours").click()
    expect(form.get_by_label("Category")).to_have_value("event_reports")
    marker_survives(page)
    screenshot(page)
    form.get_by_label("What").fill("A live report from the volunteers' evening")
    form.get_by_role("button", name="Save").click()
    expect(row).to_contain_text("A live report from the volunteers' evening")
    expect(row).to_contain_text("Reports from events, press tours")
    marker_survives(page)


def test_completing_on_the_board_offers_to_mark_the_partner(signed_in, page: Page, screenshot):
    """Moving a card to completed asks whether its new partner proved itself; a click marks it."""
    project = factories.project(title="Winter Warmth", slug="winter")
    factories.partnership(
        project=project,
        partner=factories.partner(name="Parents of the Island", sector=Sector.VOLUNTEERS),
        status=Status.ACTIVE,
    )
    page.goto("/projects/winter/")
    page.get_by_role("button", name="Move to completed").click()
    prompt = page.locator("#trust-prompt")
    expect(prompt).to_contain_text("Parents of the Island has seen this partnership through")
    screenshot(page)
    prompt.get_by_role("button", name="Mark as “Tried”").click()
    expect(page.locator("#trust-prompt")).to_have_count(0)
    page.goto("/partners/")
    expect(page.locator("#results")).to_contain_text("Tried")


@pytest.mark.parametrize("language", [Language.EN, Language.RU])
@pytest.mark.parametrize("size", [(1366, 900), (390, 844)])
def test_changed_screens_are_accessible_and_fit(signed_in, page: Page, language, size):
    """The add-item form, the needs' advice, the partner form and the prompt: axe, no overflow."""
    signed_in.language = language
    db.session.commit()
    project = factories.project(title="Winter Warmth", slug="winter")
    radio = factories.partnership(
        project=project,
        partner=factories.partner(name="Neva Radio", sector=Sector.MEDIA),
        status=Status.COMPLETED,
    )
    rides = factories.need(project=project, category=Category.TRANSPORT, description="Rides")
    factories.need(project=project, category=Category.GOODS, description="Warm clothes")
    factories.commitment(radio, category=Category.TRANSPORT, need_id=rides.id)
    parents = factories.partner(name="Parents of the Island", sector=Sector.VOLUNTEERS)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    for url in (
        "/projects/winter/matrix/",
        f"/partnerships/{radio.id}/items/new?direction=gives",
        f"/partners/{parents.id}/edit",
        f"/partnerships/{radio.id}/",
        "/partners/?gave=goods",
    ):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == language.value
        assert_no_overflow(page)
        assert_accessible(page)
