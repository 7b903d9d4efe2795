"""Freezing the public site into static files, rendering and writing only what changed.

The site's data is loaded once and every page is rendered by the same functions the live
views call (planner.publishing.routes), inside a request context for its address, so links
come out relative (Frozen-Flask's `relative_url_for`). A request per page through the test
client cost more than rendering the page.

A freeze keeps a manifest in the instance folder (not in the destination, which is
published as it is): a digest of what each report's pages are built from, a digest of what
every page depends on (code, templates, content pages, organisation name, the registry
redactor), and the size and modification time of each report page it wrote. The next freeze
renders again only the reports whose digest moved (or whose files were touched since), plus
the lists (home pages, directory, feed, sitemap). A file whose bytes did not change is not
written at all, so it keeps its modification time and rsync or a CDN sees only real changes.
Files no longer published are removed.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app
from flask_frozen import relative_url_for

from planner import ROOT
from planner.extensions import db
from planner.publishing import data, routes
from planner.publishing.pages import load_page, page_names
from planner.publishing.registry import registry_redactor
from planner.publishing.rules import FEED_SIZE, PARTNERS_PER_PAGE, REPORTS_PER_PAGE
from planner.uploads import folder

# What every page's bytes depend on besides the data: a change here renders everything.
CODE = (
    ROOT / "planner",
    ROOT / "templates" / "site",
    ROOT / "content" / "pages",
)


def site_app(app: Flask, destination: Path) -> Flask:
    """The public site alone, on the same database and instance, set up for freezing."""
    from planner import create_app  # the factory imports every area, this module among them

    site = create_app(
        {
            "SITE_ONLY": True,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SECRET_KEY": app.config["SECRET_KEY"],
            "SITE_URL": app.config["SITE_URL"],
            "FREEZER_DESTINATION": str(destination.resolve()),
        }
    )
    # Relative links let the site open from disk and live under any sub-path.
    site.jinja_env.globals["url_for"] = relative_url_for
    return site


class Frozen(list):
    """The URLs a freeze wrote (one file each), and what it did with their files."""

    written: list[str]
    untouched: list[str]
    removed: list[str]
    rendered_reports: int


def freeze_site(app: Flask, destination: Path) -> Frozen:
    """Write the public site into `destination`; return the URLs it holds."""
    site = site_app(app, destination)
    with site.app_context():
        try:
            return Freezer(destination.resolve()).run()
        finally:
            # The site app has its own engine: close its connections rather than leak them.
            db.session.remove()
            db.engine.dispose()


def file_for(url: str) -> str:
    """Where a URL is written: /reports/x/ -> reports/x/index.html (as Frozen-Flask does)."""
    return (url + "index.html" if url.endswith("/") else url).lstrip("/")


@dataclass
class Freezer:
    dest: Path
    urls: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    untouched: list[str] = field(default_factory=list)

    def run(self) -> Frozen:
        app = current_app
        manifest_path = (
            Path(app.instance_path)
            / "freeze"
            / f"{hashlib.sha256(str(self.dest).encode()).hexdigest()[:16]}.json"
        )
        old = read_manifest(manifest_path)
        context = routes.site_context()
        everything = digest(
            code_digest(),
            app.config["SITE_URL"],
            context["org_name"],
            context["pages"],
            sorted(registry_redactor().replacements.items()),
        )
        fingerprints = data.report_fingerprints()
        reports = data.published_pages()
        known = old.get("reports", {}) if old.get("everything") == everything else {}
        old_files = old.get("files", {})
        stale = [
            r.id
            for r in reports
            if known.get(str(r.id)) != fingerprints[r.id]
            or not all(intact(self.dest, f, old_files) for f in report_files(r))
        ]

        # Report pages: only those of reports whose rows moved.
        for report in data.published_reports(stale):
            self.render(f"/reports/{report.slug}/", routes.report_html, report, context)
            done = set()
            for partner in report.named_partners:
                if partner.slug not in done:
                    done.add(partner.slug)
                    url = f"/reports/{report.slug}/{partner.slug}/"
                    self.render(url, routes.partner_html, report, partner, context)
        report_urls = {url for r in reports for url in report_urls_of(r)}
        rendered = {u for u in self.urls}
        for url in sorted(report_urls - rendered):
            self.urls.append(url)
            self.untouched.append(url)

        self.freeze_lists(reports, context)
        self.copy_files()
        removed = self.remove_others()

        files = {}
        for url in report_urls:
            stat = (self.dest / file_for(url)).stat()
            files[file_for(url)] = [stat.st_size, stat.st_mtime_ns]
        write_manifest(
            manifest_path,
            {
                "everything": everything,
                "reports": {str(k): v for k, v in fingerprints.items()},
                "files": files,
            },
        )
        result = Frozen(self.urls)
        result.written, result.untouched, result.removed = self.written, self.untouched, removed
        result.rendered_reports = len(stale)
        return result

    def freeze_lists(self, reports, context: dict) -> None:
        """Home pages, directory pages, feed, sitemap and the pages every site has."""
        listed = data.listed_reports(len(reports) or 1, 0)
        report_pages = data.page_count(len(listed), REPORTS_PER_PAGE)
        for number in range(1, report_pages + 1):
            start = (number - 1) * REPORTS_PER_PAGE
            url = "/" if number == 1 else f"/reports/page/{number}/"
            chunk = listed[start : start + REPORTS_PER_PAGE]
            self.render(url, routes.home_html, chunk, data.Pager(number, report_pages), context)
        entries = data.directory_entries()
        partner_pages = data.page_count(len(entries), PARTNERS_PER_PAGE)
        for number in range(1, partner_pages + 1):
            start = (number - 1) * PARTNERS_PER_PAGE
            url = "/partners/" if number == 1 else f"/partners/page/{number}/"
            chunk = entries[start : start + PARTNERS_PER_PAGE]
            self.render(
                url, routes.directory_html, chunk, data.Pager(number, partner_pages), context
            )
        for name in page_names():
            self.render(f"/{name}/", routes.content_html, load_page(name), context)
        self.render("/404.html", routes.not_found_html, context)
        self.render("/feed.atom", routes.feed_xml, listed[:FEED_SIZE], context)
        self.render("/sitemap.xml", routes.sitemap_xml, reports, report_pages, partner_pages)
        self.render("/robots.txt", routes.robots_txt)

    def render(self, url: str, page, *args) -> None:
        with current_app.test_request_context(url):
            body = page(*args)
        self.put(url, body.encode())

    def put(self, url: str, body: bytes) -> None:
        """Write a file unless it already holds exactly these bytes."""
        self.urls.append(url)
        path = self.dest / file_for(url)
        if path.is_file() and path.stat().st_size == len(body) and path.read_bytes() == body:
            self.untouched.append(url)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        self.written.append(url)

    def copy(self, url: str, source: Path) -> None:
        self.urls.append(url)
        path = self.dest / file_for(url)
        if path.is_file() and same_bytes(source, path):
            self.untouched.append(url)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)
        self.written.append(url)

    def copy_files(self) -> None:
        """The stylesheet and scripts, and the photos and logos that published pages show."""
        static = Path(current_app.static_folder)
        for source in sorted(p for p in static.rglob("*") if p.is_file()):
            self.copy(f"/static/{source.relative_to(static).as_posix()}", source)
        uploads = folder()
        for name in sorted(data.published_files()):
            source = uploads / Path(name).name
            if source.is_file():
                self.copy(f"/media/{name}", source)

    def remove_others(self) -> list[str]:
        """Remove whatever this freeze did not produce (an unpublished report's files)."""
        keep = {file_for(url) for url in self.urls}
        removed = []
        if not self.dest.is_dir():
            return removed
        for path in sorted(self.dest.rglob("*"), reverse=True):
            rel = path.relative_to(self.dest).as_posix()
            if path.is_file() or path.is_symlink():
                if rel not in keep:
                    path.unlink()
                    removed.append(rel)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
        return removed


def report_urls_of(report: data.PublishedPage) -> list[str]:
    urls = [f"/reports/{report.slug}/"]
    urls += [f"/reports/{report.slug}/{slug}/" for slug in report.partner_slugs]
    return urls


def report_files(report: data.PublishedPage) -> list[str]:
    return [file_for(url) for url in report_urls_of(report)]


def intact(dest: Path, name: str, recorded: dict) -> bool:
    """Whether a file is still as the last freeze left it (nobody edited or deleted it)."""
    try:
        stat = (dest / name).stat()
    except OSError:
        return False
    return recorded.get(name) == [stat.st_size, stat.st_mtime_ns]


def same_bytes(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    return a.read_bytes() == b.read_bytes()


def digest(*parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def code_digest() -> str:
    """The code and templates that render pages, and the content pages."""
    h = hashlib.sha256()
    for root in CODE:
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in {".py", ".html", ".xml", ".md"}:
                h.update(path.as_posix().encode())
                h.update(path.read_bytes())
    return h.hexdigest()


def read_manifest(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_manifest(path: Path, manifest: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(manifest), encoding="utf-8")
