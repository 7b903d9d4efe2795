"""The main pages have no serious or critical accessibility problem that axe-core can find."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from planner.enums import Answer, LegalForm, Sector, Stage, Status, Subtype, Support, Trust
from tests import factories

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
axe = Axe()


def assert_accessible(page: Page) -> None:
    violations = [v for v in axe.run(page).response["violations"] if v.get("impact") in BLOCKING]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(
            f"    {node['target']}: {node.get('failureSummary', '')}" for node in v["nodes"]
        )
        for v in violations
    )
    assert not violations, f"axe found on {page.url}:\n{report}"


@pytest.fixture
def data(signed_in):
    """A lived-in organisation: two projects, partners of every kind, a board in many states."""
    colleague = factories.user(name="Boris Colleague")
    winter = factories.project(
        title="Winter Warmth",
        slug="winter-warmth",
        summary="Warm meals and blankets for lonely elderly people.",
        goal="Every lonely pensioner in the district gets a hot meal twice a week.",
        target_group="Pensioners living alone.",
        territory="North district",
        start_date=dt.date(2025, 11, 1),
        end_date=dt.date(2026, 3, 31),
        stage=Stage.PARTNER_SEARCH,
        coordinator_id=signed_in.id,
    )
    factories.project(title="Summer Camp", stage=Stage.IDEA, coordinator_id=colleague.id)
    bakery = factories.partner(
        name="North Bakery",
        sector=Sector.BUSINESS,
        subtype=Subtype.SMALL_BUSINESS,
        trust=Trust.VERIFIED,
        contact_person="Olga Petrova",
        email="olga@bakery.example",
        phone="+7 900 000-00-00",
        website="https://bakery.example",
        address="1 Mill Street",
        notes="Prefers calls in the morning.",
    )
    factories.partner(
        name="Green Hands",
        sector=Sector.VOLUNTEERS,
        subtype=Subtype.ECO,
        legal_form=LegalForm.INFORMAL_GROUP,
        trust=Trust.TRIED,
    )
    agreed = factories.partnership(
        winter,
        bakery,
        status=Status.AGREED,
        criteria=Answer.UNSURE,
        by=signed_in,
        support={Support.MATERIAL, Support.FINANCIAL},
        responsible_id=signed_in.id,
        partner_contact="Olga Petrova",
    )
    for status in (Status.CANDIDATE, Status.CONTACTED, Status.NEGOTIATING, Status.ACTIVE):
        factories.partnership(winter, status=status, by=signed_in)
    factories.partnership(winter, status=Status.DECLINED, criteria=Answer.NO, by=signed_in)
    return {"project": winter.slug, "partner": bakery.id, "partnership": agreed.id}


SIGNED_IN_PAGES = [
    "/",
    "/projects/",
    "/projects/{project}/",
    "/projects/new",
    "/projects/{project}/partnerships/new",
    "/partners/",
    "/partners/new",
    "/partners/{partner}/",
    "/partnerships/{partnership}/",
    "/organisation/",
    "/organisation/users",
    "/account",
]


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_signed_in_page(data, page: Page, path: str):
    """A signed-in page, full of data, has no serious or critical axe violation."""
    response = page.goto(path.format(**data))
    assert response is not None and response.ok
    assert_accessible(page)


@pytest.mark.parametrize(
    ("path", "button"),
    [
        ("/projects/new", "Save the project"),
        ("/partners/new", "Save the partner"),
        ("/organisation/users", "Add the coordinator"),
        ("/account", "Change the password"),
    ],
)
def test_form_with_errors(data, page: Page, path: str, button: str):
    """A form sent back with errors stays accessible: summary, messages, invalid fields."""
    page.goto(path)
    page.get_by_role("button", name=button).click()
    expect(page.get_by_role("alert")).to_contain_text("Please correct")
    assert_accessible(page)


def test_login_page(live_server, page: Page):
    """The sign-in page, also after a failed attempt, has no serious or critical violation."""
    factories.organisation()
    factories.user(email="admin@example.org", admin=True)
    page.goto("/login")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Email").fill("admin@example.org")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("That email and password do not match an account.")).to_be_visible()
    assert_accessible(page)


def test_setup_page(live_server, page: Page):
    """The first-run setup page, also with errors, has no serious or critical violation."""
    page.goto("/setup")
    expect(page.get_by_role("heading", name="Welcome to Partnership Planner")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Create the organisation").click()
    expect(page.get_by_role("alert")).to_contain_text("Please correct")
    assert_accessible(page)
