"""In Chromium: the page editor (preview, save) fits and is accessible in both languages, and
the frozen site's 404 page works at any depth when a host shows it for a missing address."""

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from planner.enums import Language
from planner.extensions import db
from planner.publishing.freeze import freeze_site
from tests.test_accessibility import assert_accessible
from tests.test_matrix_browser import assert_no_overflow
from tests.test_site import build_site

pytestmark = pytest.mark.browser


class HostLikeHandler(SimpleHTTPRequestHandler):
    """A static host: a missing address is answered with the site's 404.html, status 404."""

    not_found: Path

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = self.not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):
        pass


@pytest.fixture
def host(app, tmp_path):
    """The frozen site at /sub/path/ of a host that shows its 404.html for missing addresses."""
    root = tmp_path / "www"
    dest = root / "sub" / "path"
    dest.mkdir(parents=True)
    handler = type("Handler", (HostLikeHandler,), {"not_found": dest / "404.html"})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(root)))
    base = f"http://127.0.0.1:{server.server_port}/sub/path/"
    app.config["SITE_URL"] = base
    build_site()
    freeze_site(app, dest)
    thread = threading.Thread(target=server.serve_forever, name="static-host", daemon=True)
    thread.start()
    yield base
    server.shutdown()
    thread.join()
    server.server_close()


def test_the_404_page_works_deep_in_the_site(host, page: Page, screenshot):
    """At /reports/x/y/z the 404 page is styled and its links lead to real pages."""
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    response = page.goto(host + "reports/no-such/report/at/all/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.locator("a.skip")).to_have_css("position", "absolute")  # site.css applied
    screenshot("deep-404")
    assert failed == []
    for name, heading in (
        ("See the published reports", "What we achieved with our partners"),
        ("Partners", "Our partners"),
        ("About us", "About us"),
    ):
        page.goto(host + "reports/no-such/report/at/all/")
        with page.expect_navigation():
            page.get_by_role("link", name=name, exact=True).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert page.url.startswith(host)
        expect(page.locator("a.skip")).to_have_css("position", "absolute")


@pytest.mark.parametrize("language", [Language.EN, Language.RU])
@pytest.mark.parametrize("size", [(1366, 900), (390, 844)])
def test_the_page_editor_fits_and_is_accessible(signed_in, page: Page, screenshot, language, size):
    """The site pages' list and the editor with its preview: axe, no overflow, screenshots."""
    signed_in.language = language
    db.session.commit()
    page.set_viewport_size({"width": size[0], "height": size[1]})
    tag = f"{language.value}-{size[0]}"
    page.goto("/organisation/site-pages/")
    assert_no_overflow(page)
    assert_accessible(page)
    screenshot(f"list-{tag}")
    page.locator("table.site-pages tbody a").first.click()
    page.locator("#body").fill(
        "## Наши соседи / Our neighbours\n\nMarkdown with **bold**, *italics* and "
        "[a link](https://example.org).\n\n- one\n- two\n\n<b>tags stay text</b>"
    )
    page.locator("button[name=preview]").click()
    expect(page.locator(".site-page-preview strong")).to_have_text("bold")
    assert_no_overflow(page)
    assert_accessible(page)
    screenshot(f"preview-{tag}")
    page.locator(".actions button").first.click()
    expect(page.locator(".flash")).to_be_visible()
