"""Partner reports in a real browser: a coordinator records a report sent by hand, and the
pages pass axe in English and Russian."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from planner.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo
from planner.enums import Language
from planner.extensions import db
from planner.models import Partner, Partnership, Project
from tests.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


def sign_in(page: Page, language: Language) -> str:
    """Load the demo in `language`, sign in, and return its finished project's slug."""
    load_demo(language=language)
    page.goto("/login")
    page.locator("input[name=email]").fill(DEMO_EMAIL)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/")
    return db.session.scalar(sa.select(Project.slug).where(Project.slug.like("%festival%")))


def test_mark_a_report_sent_by_hand(live_server, page: Page):
    """From the dashboard to a partner's report, marked as sent: the list says so."""
    slug = sign_in(page, Language.EN)
    page.locator(".partner-reports-due").get_by_role(
        "link", name="Summer Reading Festival 2026"
    ).click()
    expect(page.get_by_role("heading", name="Reports for partners", level=1)).to_be_visible()
    page.get_by_role("link", name="Neva Radio", exact=True).click()
    expect(page.get_by_role("heading", name="Report for Neva Radio")).to_be_visible()
    page.get_by_label("Sent on").fill("2026-06-20")
    page.get_by_role("button", name="Mark the report as sent").click()
    expect(page.locator(".flash, [role=status]").first).to_contain_text(
        "The report to Neva Radio is marked as sent."
    )
    row = page.locator("tr", has_text="Neva Radio")
    expect(row).to_contain_text("Sent on 20 Jun 2026 by hand")
    assert page.url.endswith(f"/projects/{slug}/partner-reports/")


@pytest.mark.parametrize("language", [Language.EN, Language.RU])
def test_partner_report_pages_are_accessible(live_server, page: Page, language: Language):
    """The list, a partner's report and the dashboard pass axe, in English and Russian."""
    slug = sign_in(page, language)
    pid = db.session.scalar(
        sa.select(Partnership.id)
        .join(Partner)
        .join(Project)
        .where(Project.slug == slug)
        .order_by(Partner.name)
    )
    for path in (f"/projects/{slug}/partner-reports/", f"/partner-reports/{pid}/", "/"):
        page.goto(path)
        assert_accessible(page)
