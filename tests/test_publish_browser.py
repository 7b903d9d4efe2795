"""Publishing the public site in Chromium: press Publish, watch the progress, download the
ZIP (the same files as `planner freeze`), see a failure keep the old site and say why."""

import io
import os
import zipfile

import pytest
from playwright.sync_api import Page, expect

from planner.extensions import db
from planner.publishing.freeze import freeze_site
from tests import factories
from tests.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

WIDTHS = (1366, 390)


def fits(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_publish_the_site_from_the_page(
    live_app, signed_in, page: Page, screenshot, tmp_path, monkeypatch
):
    """A coordinator publishes: the page shows progress, then the result and the ZIP (equal
    to `planner freeze`'s output) and the site in PLANNER_PUBLISH_DIR; a second publication
    into an unusable folder fails, says why, and leaves the first site in place."""
    instance = tmp_path / "instance"
    instance.mkdir()
    monkeypatch.setattr(live_app, "instance_path", str(instance))
    target = tmp_path / "www"
    target.mkdir()
    monkeypatch.setitem(live_app.config, "PUBLISH_DIR", str(target))
    project = factories.project(title="Winter Warmth", slug="winter-warmth")
    report = factories.report(project, published=True, summary="Warm meals for elders.")

    page.goto("/organisation/")
    page.get_by_role("link", name="Public site").click()
    expect(page.get_by_role("heading", name="Public site", level=1)).to_be_visible()
    expect(page.locator(".publication-changes")).to_contain_text("Nothing has been published")

    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", name="Publishing the site…")).to_be_visible()
    expect(page.locator("#publication")).to_contain_text("Running for")
    screenshot("running")
    result = page.locator(".publication-result")
    expect(result.get_by_role("heading", name="Published on")).to_be_visible(timeout=30_000)
    expect(page.locator(".publication-changes")).to_contain_text("up to date")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the site (ZIP)").click()
    with zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes())) as packed:
        zipped = {name: packed.read(name) for name in packed.namelist()}
    frozen = tmp_path / "frozen"
    freeze_site(live_app, frozen)
    files = (p for p in frozen.rglob("*") if p.is_file())
    assert zipped == {p.relative_to(frozen).as_posix(): p.read_bytes() for p in files}
    first = os.readlink(target / "current")
    assert (target / "current" / "reports/winter-warmth/index.html").is_file()

    for language in ("en", "ru"):
        if language == "ru":
            page.get_by_role("button", name="Русский").click()
            expect(page.get_by_role("heading", name="Публичный сайт", level=1)).to_be_visible()
        assert_accessible(page)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900 if width > 400 else 844})
            assert fits(page), f"{language} at {width}px scrolls sideways"
            screenshot(f"done-{language}-{width}")
    page.get_by_role("button", name="English").click()
    page.set_viewport_size({"width": 1366, "height": 900})

    # One report edited: the page lists its page among the updated ones.
    report.summary = "Hot meals for 120 elders."
    db.session.commit()
    page.reload()
    expect(page.locator(".publication-counts")).to_contain_text("Updated: ")
    page.locator(".publication-paths summary").click()
    expect(page.locator(".publication-paths")).to_contain_text("reports/winter-warmth/index.html")
    screenshot("changes")

    # A publish folder that is a file: the publication fails, the site stays.
    monkeypatch.setitem(live_app.config, "PUBLISH_DIR", str(target / "current" / "index.html"))
    page.reload()
    page.get_by_role("button", name="Publish").click()
    failed = page.locator(".publication-failed")
    expect(failed.get_by_role("heading", name="The last publication failed")).to_be_visible(
        timeout=30_000
    )
    expect(failed.locator("pre")).to_contain_text("Not a directory")
    expect(page.locator("table.publications tbody tr").first).to_contain_text("Failed")
    assert os.readlink(target / "current") == first
    db.session.remove()
    screenshot("failed")
