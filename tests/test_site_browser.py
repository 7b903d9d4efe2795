"""The frozen site in a real Chromium: from disk (file://) and from a static server under a
sub-path, following links from the home page to a report and to a partner's page."""

import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Page, expect

from planner.publishing.freeze import freeze_site
from tests.test_site import Site, build_site

pytestmark = pytest.mark.browser


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture
def frozen(app, tmp_path):
    build_site()
    dest = tmp_path / "site"
    freeze_site(app, dest)
    return dest


@pytest.fixture
def sub_path_server(frozen, tmp_path):
    """The frozen folder copied to /sub/path/ of a static server on 127.0.0.1."""
    root = tmp_path / "www"
    shutil.copytree(frozen, root / "sub" / "path")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, name="static-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/sub/path/"
    server.shutdown()
    thread.join()
    server.server_close()


def expect_styled(page: Page) -> None:
    """site.css is loaded and applied: the skip link is moved off the screen (waiting for the
    stylesheet, which may still be on its way when a click's navigation has committed)."""
    expect(page.locator("a.skip")).to_have_css("position", "absolute")


def images_loaded(page: Page) -> bool:
    return page.evaluate("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)")


def walk(page: Page, home: str, screenshot, prefix: str) -> None:
    """Home → report → partner page → whole report → directory → about, by clicking links."""
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    page.goto(home)
    expect(page.get_by_role("heading", level=1)).to_have_text("What we achieved with our partners")
    expect_styled(page)
    screenshot(f"{prefix}-home")

    page.get_by_role("link", name="Winter Warmth").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Winter Warmth")
    assert page.url.startswith(home.removesuffix("index.html"))
    assert page.url.endswith("reports/winter-warmth/index.html")
    expect(page.get_by_role("heading", name="Key results", level=2)).to_be_visible()
    expect(page.get_by_role("table").first).to_be_visible()
    partners = page.locator("section[aria-labelledby=partners-h]")
    expect(partners.get_by_role("heading", level=3)).to_have_text(
        [Site.library_name, "North Bakery", "A local business"]
    )
    for img in page.locator(".photos img").all():
        img.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => [...document.images].every(i => i.complete && i.naturalWidth > 0)"
    )
    screenshot(f"{prefix}-report")

    page.get_by_role("link", name="North Bakery").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your contribution, North Bakery")
    assert page.url.endswith("reports/winter-warmth/north-bakery/index.html")
    expect(page.get_by_role("img", name="North Bakery logo")).to_be_visible()
    assert images_loaded(page)
    expect(page.locator("blockquote")).to_contain_text("Glad to bake for the elders.")
    screenshot(f"{prefix}-partner")

    page.get_by_role("link", name="Read the whole report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Winter Warmth")

    page.get_by_role("navigation", name="Site").get_by_role(
        "link", name="Partners", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Our partners")
    page.get_by_role("link", name="Winter Warmth").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your contribution, ")

    page.get_by_role("navigation", name="Site").get_by_role("link", name="About").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About us")
    assert page.url.endswith("about/index.html")
    page.get_by_role("link", name="Reports").first.click()
    assert page.url == home
    expect_styled(page)
    assert failed == []


def test_frozen_site_opens_from_disk(frozen, page, screenshot):
    walk(page, (frozen / "index.html").resolve().as_uri(), screenshot, "disk")


def test_frozen_site_works_under_a_sub_path(sub_path_server, page, screenshot):
    home = sub_path_server + "index.html"
    walk(page, home, screenshot, "server")
    # the folder address serves the same home page
    page.goto(sub_path_server)
    expect(page.get_by_role("heading", level=1)).to_have_text("What we achieved with our partners")
    expect_styled(page)


def test_phone_reads_charts_at_body_size_in_the_sites_colour(app, sub_path_server, page, tmp_path):
    """On a 390 px phone a report's chart text is as large as the page's text (not scaled
    down with the drawing), nothing overflows sideways, and theme.css colours the links."""
    import sqlalchemy as sa

    from planner.extensions import db
    from planner.models import Organisation

    db.session.scalar(sa.select(Organisation)).accent_colour = "#8a1538"
    db.session.commit()
    freeze_site(app, tmp_path / "www" / "sub" / "path")  # the folder the server serves
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(sub_path_server + "reports/winter-warmth/index.html")
    expect_styled(page)
    sizes = page.evaluate(
        "() => [...document.querySelectorAll('.chart text')].map("
        "t => [getComputedStyle(t).fontSize, t.getBoundingClientRect().height])"
    )
    body = page.evaluate("() => getComputedStyle(document.body).fontSize")
    assert sizes and all(size == "16px" and height >= 14 for size, height in sizes), sizes
    assert body == "16px"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    expect(page.locator("main a").first).to_have_css("color", "rgb(138, 21, 56)")
    expect(page.locator(".site-header")).to_have_css("border-bottom-color", "rgb(138, 21, 56)")
