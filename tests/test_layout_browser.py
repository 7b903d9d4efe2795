"""Every coordinator page of the demo fits a laptop and a phone, in English and in Russian.

At 1366×900 and 390×844, each page of the demo organisation (and of the Russian demo): the
page itself never scrolls sideways (a wide table may scroll inside its own box), and no
control's text is cut off (a button, a select showing its choice, a link styled as a
button). A screenshot of each lands in test-artifacts/layout/ to look at.
"""

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page

from planner.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo
from planner.enums import Language, Status
from planner.extensions import db
from planner.models import Letter, PartnerReport, Partnership, Project, Report
from tests.browser import ARTIFACTS

pytestmark = pytest.mark.browser

SIZES = {"laptop": (1366, 900), "phone": (390, 844)}

# Controls whose text must show whole: what a coordinator reads before pressing it.
CUT_OFF = """() => {
  const canvas = document.createElement("canvas").getContext("2d");
  const cut = [];
  const seen = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  for (const el of document.querySelectorAll("select")) {
    const option = el.options[el.selectedIndex];
    if (!option || !seen(el)) continue;
    const style = getComputedStyle(el);
    canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    // The text, the padding on both sides and the arrow (about 20 px in Chromium).
    const needed = canvas.measureText(option.text).width
      + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + 20;
    if (needed > el.clientWidth + 2) cut.push(`select: ${option.text}`);
  }
  for (const el of document.querySelectorAll("button, input[type=submit], a.button, .tag")) {
    if (!seen(el)) continue;
    if (el.scrollWidth > el.clientWidth + 2 || el.scrollHeight > el.clientHeight + 2) {
      const style = getComputedStyle(el);
      if (style.overflowX !== "visible" || style.textOverflow === "ellipsis") {
        cut.push(`${el.tagName.toLowerCase()}: ${(el.innerText || el.value).trim()}`);
      }
    }
  }
  return cut;
}"""


def coordinator_pages() -> dict[str, str]:
    """The coordinator's pages of the loaded demo, by a short name."""
    busiest = db.session.scalar(
        sa.select(Project)
        .join(Partnership)
        .group_by(Project.id)
        .order_by(sa.func.count(Partnership.id).desc(), Project.id)
        .limit(1)
    )
    reported = db.session.scalar(sa.select(Project).join(Report).order_by(Project.id).limit(1))
    partnership = db.session.scalar(
        sa.select(Partnership)
        .where(Partnership.project_id == busiest.id, Partnership.status == Status.ACTIVE)
        .order_by(Partnership.id)
        .limit(1)
    )
    letter = db.session.scalar(sa.select(Letter).order_by(Letter.id).limit(1))
    sent_report = db.session.scalar(
        sa.select(PartnerReport.partnership_id).order_by(PartnerReport.id).limit(1)
    )
    return {
        "dashboard": "/",
        "projects": "/projects/",
        "board": f"/projects/{busiest.slug}/",
        "partnership": f"/partnerships/{partnership.id}/",
        "registry": "/partners/",
        "partner": f"/partners/{partnership.partner_id}/",
        "matrix": f"/projects/{busiest.slug}/matrix/",
        "budget": f"/projects/{busiest.slug}/budget/",
        "budget-lines": f"/projects/{busiest.slug}/budget/lines/",
        "asks": "/asks/",
        "overview": "/overview/",
        "letter": f"/letters/{letter.id}/",
        "letters": f"/projects/{letter.partnership.project.slug}/letters/",
        "report-editor": f"/projects/{reported.slug}/report/",
        "follow-up": f"/projects/{reported.slug}/report/follow-up",
        "partner-reports": f"/projects/{reported.slug}/partner-reports/",
        "partner-report": f"/partner-reports/{sent_report}/",
        "organisation": "/organisation/",
    }


def sign_in(page: Page) -> None:
    page.goto("/login")
    page.locator("main").get_by_label("Email").fill(DEMO_EMAIL)
    page.locator("main").get_by_label("Password").fill(DEMO_PASSWORD)
    page.locator("main").locator("button[type=submit]").click()
    page.locator("h1").first.wait_for()


@pytest.mark.parametrize("language", [Language.EN, Language.RU])
def test_every_coordinator_page_fits_a_laptop_and_a_phone(live_server, page: Page, language):
    """No page scrolls sideways and no control's text is cut off, at 1366 and 390 px."""
    load_demo(language=language)
    pages = coordinator_pages()
    sign_in(page)
    folder = ARTIFACTS / "layout"
    folder.mkdir(parents=True, exist_ok=True)
    problems = []
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        for name, path in pages.items():
            page.goto(path)
            page.screenshot(path=folder / f"{language.value}-{size}-{name}.png", full_page=True)
            scrolled = page.evaluate("document.documentElement.scrollWidth")
            if scrolled > width:
                problems.append(f"{size} {name} ({path}): the page is {scrolled} px wide")
            for control in page.evaluate(CUT_OFF):
                problems.append(f"{size} {name} ({path}): cut off: {control}")
    assert not problems, "\n".join(problems)
