"""The Content-Security-Policy in a real Chromium: the demo's coordinator and public pages load
with no violation and no console error, htmx still swaps what it swaps, and the frozen site
works under the headers of its own `_headers` file."""

import re
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from planner.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo
from planner.extensions import db
from planner.models import Letter, Partner, Partnership
from planner.publishing.freeze import freeze_site
from tests.test_site import build_site
from tests.test_site_browser import expect_styled

pytestmark = pytest.mark.browser

# Reports every violation as a console error too, whatever the browser logs by itself.
WATCH = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile || ""}:${e.lineNumber || ""}`);
});
"""

PAGES = [
    "/",
    "/projects/",
    "/projects/warm-winter/",
    "/projects/warm-winter/matrix/",
    "/projects/warm-winter/needs/new",
    "/projects/warm-winter/letters/",
    "/partners/",
    "/partners/?q=Bakery",
    "/partners/{partner}/",
    "/partnerships/{partnership}/",
    "/overview/",
    "/asks/",
    "/letters/{letter}/",
    "/letters/{letter}/print",
    "/letters/{letter}.pdf",  # Chromium's PDF viewer, under the same policy
    "/organisation/",
    "/projects/summer-festival/report/",
    "/projects/summer-festival/report/preview",
    "/site/",
    "/site/reports/summer-festival/",
    "/site/reports/summer-festival/northern-bakery/",
    "/site/partners/",
    "/site/about/",
]


@pytest.fixture
def watched(page: Page) -> list[str]:
    """Console errors and CSP violations of every page the test opens."""
    problems: list[str] = []

    def seen(message) -> None:
        source = message.location.get("url", "")
        # A PDF has no <link rel="icon">, so the browser asks for /favicon.ico (not served).
        if message.type == "error" and not source.endswith("/favicon.ico"):
            problems.append(f"{page.url}: {message.text} ({source})")

    page.add_init_script(WATCH)
    page.on("console", seen)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    return problems


@pytest.fixture
def demo(live_server, page: Page, watched):
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


def test_demo_pages_break_no_content_security_policy(demo, page: Page, watched):
    """Every kind of coordinator and public page loads its styles, scripts and images with no
    CSP violation and no console error."""
    for path in PAGES:
        url = path.format(**demo)
        response = page.goto(url)
        assert response.status == 200, url
        if not url.endswith(".pdf"):  # the viewer's own page stands in for the PDF's answer
            assert "script-src" in response.headers["content-security-policy"], url
        page.wait_for_load_state("load")
    assert not watched, "\n".join(watched)


def test_htmx_still_swaps_under_the_policy(demo, page: Page, watched):
    """The registry's search box replaces the results in place, and a board card moves,
    without a page load and without a violation; htmx put no <style> of its own in the page."""
    page.goto("/partners/")
    page.evaluate("window.__marker = 1")
    page.get_by_label("Search by name or contact").fill("Northern Bakery")
    expect(page).to_have_url(re.compile(r"q=Northern(\+|%20)Bakery"))
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Northern Bakery")).to_be_visible()
    assert page.evaluate("window.__marker") == 1, "the page was reloaded, not swapped by htmx"
    assert page.locator("head style").count() == 0
    assert page.evaluate("getComputedStyle(document.body).opacity") == "1"

    page.goto("/projects/clean-shore/")
    page.evaluate("window.__marker = 2")
    card = page.locator("#board article").filter(has_text="Baltic Logistics Group")
    card.get_by_role("button", name="Move to contacted").click()
    moved = page.locator("#board .status-contacted article")
    expect(moved.filter(has_text="Baltic Logistics Group")).to_have_count(1)
    assert page.evaluate("window.__marker") == 2, "the board was reloaded, not swapped by htmx"
    assert not watched, "\n".join(watched)


class HeadersFileHandler(SimpleHTTPRequestHandler):
    """A static host that reads the site's `_headers`, as Netlify and Cloudflare Pages do."""

    def end_headers(self):
        lines = (Path(self.directory) / "_headers").read_text().splitlines()
        assert lines[0] == "/*"
        for line in lines[1:]:
            name, value = line.strip().split(": ", 1)
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format, *args):
        pass


@pytest.fixture
def headers_host(app, tmp_path):
    """build_site()'s organisation frozen and served with the headers of its `_headers`."""
    build_site()
    dest = tmp_path / "site"
    freeze_site(app, dest)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(HeadersFileHandler, directory=str(dest)))
    thread = threading.Thread(target=server.serve_forever, name="static-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    thread.join()
    server.server_close()


def test_frozen_site_works_under_its_own_headers(headers_host, page: Page, watched, screenshot):
    """Served with the policy of its `_headers`, the frozen site's pages, style sheet, photos,
    logos and charts all load, with no violation."""
    for path in (
        "index.html",
        "reports/winter-warmth/index.html",
        "reports/winter-warmth/north-bakery/index.html",
        "partners/index.html",
        "about/index.html",
    ):
        response = page.goto(headers_host + path)
        assert response.status == 200, path
        assert "script-src 'none'" in response.headers["content-security-policy"], path
        expect_styled(page)
        for img in page.locator("img").all():
            img.scroll_into_view_if_needed()
        page.wait_for_function(
            "() => [...document.images].every(i => i.complete && i.naturalWidth > 0)"
        )
        screenshot(path.replace("/", "-"))
    report = page.goto(headers_host + "reports/winter-warmth/index.html")
    assert report.ok
    assert page.locator(".photos img").count() > 0
    assert page.locator("svg.chart").count() > 0
    assert not watched, "\n".join(watched)
