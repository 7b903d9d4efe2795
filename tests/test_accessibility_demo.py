"""Every kind of page of the demo organisation passes axe with no serious or critical problem."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page

from planner.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo
from planner.extensions import db
from planner.models import Letter, Partner, Partnership
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
    letter = db.session.scalar(sa.select(Letter).order_by(Letter.id))
    partnership = db.session.scalar(
        sa.select(Partnership).join(Partner).where(Partner.name == "Northern Bakery")
    )
    return {"letter": letter.id, "partnership": partnership.id, "partner": partnership.partner_id}


PAGES = [
    "/",
    "/projects/warm-winter/",
    "/projects/warm-winter/matrix/",
    "/projects/warm-winter/needs/new",
    "/overview/",
    "/asks/",
    "/asks/grant-calls/new",
    "/letters/{letter}/",
    "/partnerships/{partnership}/",
    "/partners/{partner}/",
    "/projects/summer-festival/report/",
    "/projects/summer-festival/report/follow-up",
    "/projects/summer-festival/report/preview",
    "/site/",
    "/site/reports/summer-festival/",
    "/site/reports/summer-festival/northern-bakery/",
    "/site/partners/",
    "/site/about/",
]


@pytest.mark.parametrize("path", PAGES)
def test_demo_page_is_accessible(demo, page: Page, path: str):
    """The page, filled with the demo's data, has no serious or critical axe violation."""
    page.goto(path.format(**demo))
    assert_accessible(page)


def test_matrix_cell_form_is_accessible(demo, page: Page):
    """The form that opens in a partner's matrix row passes axe too."""
    page.goto("/projects/warm-winter/matrix/")
    page.get_by_role("link", name="Add what Northern Bakery gives").click()
    page.get_by_role("button", name="Save").wait_for()
    assert_accessible(page)
