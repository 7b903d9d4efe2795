"""Freezing the public site into static files, rendering and writing only what changed.

The site's data is loaded once, as plain rows, and every page is rendered by the same
functions the live views call (planner.publishing.routes), inside a request context for its
address, so links come out relative (Frozen-Flask's `relative_url_for`). A request per page
through the test client cost more than rendering the page.

A freeze keeps a manifest in the instance folder (not in the destination, which is published
as it is): a digest of what every page depends on (code, templates, catalogues, the titles
of the site's own pages in the navigation, the organisation's name, language and currency,
the registry redactor) and, for each page, a key of what it is made of (a report's rows for
its pages; the reports a list page shows and their rows for the lists, the feed and the
sitemap; an own page's text) with the size and modification
time of the file it wrote. The next freeze renders again only the pages whose key moved or
whose file was touched since. A file whose bytes did not change is not written at all, so it
keeps its modification time and rsync or a CDN sees only real changes. Files no longer
published are removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app, request, url_for
from flask_babel import get_locale, get_translations

from planner import ROOT
from planner.collector import collection_paused
from planner.extensions import db
from planner.headers import headers_file
from planner.paging import page_count
from planner.publishing import data, routes
from planner.publishing.pages import all_pages
from planner.publishing.rules import FEED_SIZE, PARTNERS_PER_PAGE, REPORTS_PER_PAGE
from planner.uploads import folder

# What every page's bytes depend on besides the data (translations included): a change here
# renders everything.
CODE = (
    ROOT / "planner",
    ROOT / "templates" / "site",
)
SITE_APP = "planner.site"
CARD = "card.png"  # the "partner" of a report's generated card in a report's page list
HELPER_FROM_PAGES = 40  # fewer stale report pages than this are rendered in one process
LISTS_AS_PAGES = 30  # what the lists and the site's own pages cost, in report pages


def site_app(app: Flask) -> Flask:
    """The public site of `app`, made once and kept: its compiled templates and SQL serve
    every later freeze."""
    site = app.extensions.get(SITE_APP)
    if site is None:
        site = app.extensions[SITE_APP] = new_site_app(app)
    # The address it is published at may have changed since (the 404 page links from it).
    site.config["SITE_URL"] = app.config["SITE_URL"]
    return site


def new_site_app(app: Flask) -> Flask:
    """The public site alone, on the same database and instance, set up for freezing."""
    from planner import create_app  # the factory imports every area, this module among them

    site = create_app(
        {
            "SITE_ONLY": True,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SECRET_KEY": app.config["SECRET_KEY"],
            "SITE_URL": app.config["SITE_URL"],
        }
    )
    # Relative links let the site open from disk and live under any sub-path.
    site.jinja_env.globals["url_for"] = relative_links()
    return site


def relative_links() -> Callable[..., str]:
    """Frozen-Flask's `relative_url_for`: a link relative to the page being rendered, with
    index.html added to an address ending in /; each address built once.

    Every page links to the same home, feed, stylesheet and content pages, and building them
    through the URL map, then relpath, cost a fifth of rendering a page.
    """
    addresses: dict[tuple, tuple[str, str]] = {}

    def url_for_page(endpoint: str, **values) -> str:
        key = (endpoint, *sorted(values.items()))
        found = addresses.get(key)
        if found is None:
            url = url_for(endpoint, **values)
            if not url.startswith("/"):
                return url  # absolute (_external, another host): as it is
            url, mark, fragment = url.partition("#")
            url, ask, query = url.partition("?")
            if url.endswith("/"):
                url += "index.html"
            found = addresses[key] = (url, ask + query + mark + fragment)
        path, rest = found
        return relative_to(path, request.path) + rest

    return url_for_page


def relative_to(path: str, page: str) -> str:
    """An absolute file path as a link from `page`, as posixpath.relpath writes it."""
    here = page.split("/")[1:-1]  # the folders of the page's address
    there = path.split("/")[1:]
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


class Frozen(list):
    """The URLs a freeze wrote (one file each), and what it did with their files."""

    written: list[str]
    untouched: list[str]
    removed: list[str]
    rendered: list[str]  # the pages rendered again (written, or found to hold the same bytes)
    rendered_reports: int
    processes: int  # that rendered report pages: 2 when a helper took half of them


def freeze_site(app: Flask, destination: Path) -> Frozen:
    """Write the public site into `destination`; return the URLs it holds."""
    # A freeze is one short batch whose objects are freed as each page is written: pausing
    # the garbage collector saves about a tenth of it.
    with collection_paused(), site_app(app).app_context():
        try:
            return Freezer(destination.resolve()).run()
        finally:
            # The site app has its own engine: close its connections rather than leak them.
            db.session.remove()
            db.engine.dispose()


def speak_the_sites_language(site: Flask) -> None:
    """Bind the site app's template gettext to the catalogue of the site's language.

    Every page of a freeze speaks the organisation's language. Flask-Babel's own callables
    look the catalogue up through the request context for each of the thousands of strings a
    freeze writes, which cost more than a third of the freeze. The site app serves nothing
    but freezes, and each freeze binds them again, after a change of language too.
    """
    translations = get_translations()
    site.jinja_env.install_gettext_callables(
        gettext=translations.ugettext,
        ngettext=translations.ungettext,
        pgettext=translations.upgettext,
        npgettext=translations.unpgettext,
        newstyle=True,
    )
    # `_` is Jinja's alias that looks `gettext` up in the context and calls it: call it directly.
    site.jinja_env.globals["_"] = site.jinja_env.globals["gettext"]


def file_for(url: str) -> str:
    """Where a URL is written: /reports/x/ -> reports/x/index.html (as Frozen-Flask does)."""
    return (url + "index.html" if url.endswith("/") else url).lstrip("/")


def render_page(url: str, page: Callable[..., str], *args) -> bytes:
    """One page's bytes, rendered in a request for its address (for relative links).

    The request shares the freeze's app context, where Flask-Babel keeps the locale chosen
    once for the whole freeze (the organisation's language, Freezer.run): choosing it per
    page would read the organisation for each.
    """
    with current_app.test_request_context(url):
        body = page(*args)
    return body if isinstance(body, bytes) else body.encode()


@dataclass
class Freezer:
    dest: Path
    urls: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    untouched: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    # url -> [key, size, mtime_ns], last freeze's (known) and this one's (pages)
    known: dict[str, list] = field(default_factory=dict)
    pages: dict[str, list] = field(default_factory=dict)
    folders: dict[Path, bool] = field(default_factory=dict)  # folder -> made by this freeze
    writer: ThreadPoolExecutor | None = None
    writes: list[Future] = field(default_factory=list)
    processes: int = 1

    def run(self) -> Frozen:
        app = current_app
        manifest_path = (
            Path(app.instance_path)
            / "freeze"
            / f"{hashlib.sha256(str(self.dest).encode()).hexdigest()[:16]}.json"
        )
        old = read_manifest(manifest_path)
        speak_the_sites_language(app)
        context = routes.site_context()
        rows = data.ReportRows.load(data.is_published())
        everything = digest(
            code_digest(),
            app.config["SITE_URL"],
            str(get_locale()),
            context["org_name"],
            context["currency"],
            context["pages"],
            # The header's logo and colour and the home page's intro.
            context["logo"],
            context["logo_size"],
            context["accent"],
            context["intro"],
            rows.everyone.digest,
        )
        if old.get("everything") == everything:
            self.known = old.get("pages", {})
        fingerprints = rows.fingerprints()
        named = data.named_partners()
        published = data.published_pages(named)

        # Files are written on a thread of their own: the disk's system calls run on another
        # CPU (without the GIL) while the next page renders.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="freeze-writer") as writer:
            self.writer = writer
            rendered_reports = self.freeze_pages(rows, fingerprints, named, published, context)
        for write in self.writes:
            write.result()  # raises what failed on the writer
        self.copy_files()
        removed = self.remove_others()
        write_manifest(manifest_path, {"everything": everything, "pages": self.pages})
        result = Frozen(self.urls)
        result.written, result.untouched, result.removed = self.written, self.untouched, removed
        result.rendered, result.rendered_reports = self.rendered, rendered_reports
        result.processes = self.processes
        return result

    def freeze_pages(self, rows, fingerprints, named, published, context: dict) -> int:
        """Every page; returns how many reports were built to render theirs."""
        # Report pages: a report's pages are made of its rows alone.
        by_id = {row.id: row for row in rows.reports}
        stale_reports = []
        for found in published:
            key = fingerprints[found.id]
            pages = [(f"/reports/{found.slug}/", None, key)]
            pages += [(f"/reports/{found.slug}/{slug}/", slug, key) for slug in found.partner_slugs]
            if not rows.photos[found.id]:
                # Shared links show a card of its title instead of a photo: made of the title.
                card = digest(CARD, by_id[found.id].title)
                pages.append((f"/reports/{found.slug}/card.png", CARD, card))
            stale = [page for page in pages if not self.keep(page[0], page[2])]
            if stale:
                stale_reports.append((by_id[found.id], key, stale))
        mine, theirs = share(stale_reports, current_app.config["FREEZE_PROCESSES"])
        helper = None
        for number, report in enumerate(mine):
            self.freeze_report(rows, *report, context)
            if number == 0 and theirs:
                # After one report: the helper inherits the templates compiled for it.
                helper = self.start_helper(theirs, rows, context)
        self.freeze_lists(rows, fingerprints, named, published, context)
        if helper is not None:
            self.join_helper(*helper, theirs, rows, context)
        return len(stale_reports)

    def freeze_report(self, rows, row, key: str, stale: list, context: dict) -> None:
        """The stale pages of one report: its own page, its named partners' pages and its
        card; each (address, partner's slug or CARD or None, key)."""
        report = rows.build(row)
        for url, slug, key in stale:
            if slug is None:
                body = render_page(url, routes.report_html, report, context)
            elif slug == CARD:
                body = render_page(url, routes.card_image, report, context)
            else:
                partner = routes.named_partner(report, slug)
                body = render_page(url, routes.partner_html, report, partner, context)
            self.put(url, key, body)

    def start_helper(self, reports: list, rows, context: dict) -> tuple[int, int] | None:
        """Render and write these reports' pages in a forked copy of this process, on the
        machine's other CPU; returns its process id and the pipe it reports on.

        The copy has every row it needs already loaded: it reads nothing from the database
        (nor may it share this process's connections), renders, writes its files, sends back
        what it wrote, and exits.
        """
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid:
            os.close(write_end)
            return pid, read_end
        status = 1
        try:
            os.close(read_end)
            db.engine.dispose(close=False)  # the parent's connections stay the parent's
            self.written, self.untouched, self.rendered, self.pages = [], [], [], {}
            self.writes = []
            # A writer thread of its own (the parent's did not come across the fork).
            with ThreadPoolExecutor(max_workers=1) as self.writer:
                for report in reports:
                    self.freeze_report(rows, *report, context)
            for write in self.writes:
                write.result()
            done = {
                "written": self.written,
                "untouched": self.untouched,
                "rendered": self.rendered,
                "pages": self.pages,
            }
            with os.fdopen(write_end, "w", encoding="utf-8") as pipe:
                json.dump(done, pipe)
            status = 0
        finally:
            os._exit(status)  # no atexit, no flushing of the parent's buffers, no finally above

    def join_helper(self, pid: int, read_end: int, reports: list, rows, context) -> None:
        """Take over what the helper wrote; if it failed, render its reports here."""
        with os.fdopen(read_end, encoding="utf-8") as pipe:
            sent = pipe.read()
        _, status = os.waitpid(pid, 0)
        if status != 0 or not sent:
            for report in reports:
                self.freeze_report(rows, *report, context)
            return
        self.processes = 2
        done = json.loads(sent)
        self.written += done["written"]
        self.untouched += done["untouched"]
        self.rendered += done["rendered"]
        self.pages.update(done["pages"])

    def freeze_lists(self, rows, fingerprints, named, published, context: dict) -> None:
        """Home pages, directory pages, feed, sitemap and the pages every site has."""
        # A list page is made of the reports it shows, in their order, and their rows.
        order = [(row.id, fingerprints[row.id]) for row in rows.reports]
        report_pages = page_count(len(order), REPORTS_PER_PAGE)
        lists = []
        totals = data.site_totals()  # what the home page adds up, across every report
        for number in range(1, report_pages + 1):
            start, pager = (number - 1) * REPORTS_PER_PAGE, data.Pager(number, report_pages)
            end = start + REPORTS_PER_PAGE
            url = "/" if number == 1 else f"/reports/page/{number}/"
            key = digest(order[start:end], pager, totals if number == 1 else None)
            lists.append((url, key, start, end, pager))
        lists.append(("/feed.atom", digest(order[:FEED_SIZE]), 0, FEED_SIZE, None))
        stale = [found for found in lists if not self.keep(*found[:2])]
        if stale:
            # One load for the stale pages together (all of them on a first freeze).
            first = min(start for _, _, start, _, _ in stale)
            last = max(end for _, _, _, end, _ in stale)
            listed = rows.listed(first, last)
            for url, key, start, end, pager in stale:
                chunk = listed[start - first : end - first]
                if pager is None:
                    self.put(url, key, render_page(url, routes.feed_xml, chunk, context))
                else:
                    page_totals = totals if pager.number == 1 else None
                    body = render_page(url, routes.home_html, chunk, pager, context, page_totals)
                    self.put(url, key, body)

        entries = data.directory_entries(named)
        partner_pages = page_count(len(entries), PARTNERS_PER_PAGE)
        for number in range(1, partner_pages + 1):
            start = (number - 1) * PARTNERS_PER_PAGE
            chunk = entries[start : start + PARTNERS_PER_PAGE]
            pager = data.Pager(number, partner_pages)
            url = "/partners/" if number == 1 else f"/partners/page/{number}/"
            self.page(url, digest(chunk, pager), routes.directory_html, chunk, pager, context)
        # What these are made of is in the digest of everything.
        for found, made_of in all_pages():  # written in the app: each keyed by its text
            self.page(f"/{found.name}/", digest(made_of), routes.content_html, found, context)
        self.page("/404.html", "", routes.not_found_html, context)
        self.page("/theme.css", "", routes.theme_css, context)
        self.page("/robots.txt", "", routes.robots_txt)
        self.page("/_headers", "", headers_file)
        self.page(
            "/sitemap.xml",
            digest(published, report_pages, partner_pages),
            routes.sitemap_xml,
            published,
            report_pages,
            partner_pages,
        )

    def page(self, url: str, key: str, render: Callable[..., str], *args) -> None:
        """Write a page, rendering it only if its key moved or its file is not as left."""
        if not self.keep(url, key):
            self.put(url, key, render_page(url, render, *args))

    def keep(self, url: str, key: str) -> bool:
        """Whether a page stays as the last freeze wrote it (then it is not rendered)."""
        self.urls.append(url)
        left = self.intact(url, key)
        if left is None:
            return False
        self.untouched.append(url)
        self.pages[url] = [key, *left]
        return True

    def intact(self, url: str, key: str) -> tuple[int, int] | None:
        """The file's size and mtime if the last freeze wrote it from the same key and nobody
        edited or deleted it since."""
        recorded = self.known.get(url)
        if recorded is None or recorded[0] != key:
            return None
        try:
            info = os.stat(self.dest / file_for(url))
        except OSError:
            return None
        found = (info.st_size, info.st_mtime_ns)
        return found if list(found) == recorded[1:] else None

    def put(self, url: str, key: str, body: bytes) -> None:
        """Have the writer write a rendered page (or write it now, without one)."""
        self.rendered.append(url)
        if self.writer is None:
            self.write(url, key, body)
        else:
            self.writes.append(self.writer.submit(self.write, url, key, body))

    def write(self, url: str, key: str, body: bytes) -> None:
        """Write a file unless it already holds exactly these bytes."""
        path = self.dest / file_for(url)
        if not self.made(path.parent) and same_size(path, len(body)) and path.read_bytes() == body:
            self.untouched.append(url)
        else:
            path.write_bytes(body)
            self.written.append(url)
        info = path.stat()
        self.pages[url] = [key, info.st_size, info.st_mtime_ns]

    def made(self, folder: Path) -> bool:
        """Make sure `folder` exists; whether this freeze made it (then it holds no file)."""
        if folder in self.folders:
            return self.folders[folder]
        try:
            folder.mkdir()
            made = True
        except FileExistsError:
            made = False
        except FileNotFoundError:
            self.made(folder.parent)
            try:
                folder.mkdir()
                made = True
            except FileExistsError:  # the other process of the freeze made it meanwhile
                made = False
        self.folders[folder] = made
        return made

    def copy(self, url: str, source: Path) -> None:
        self.urls.append(url)
        path = self.dest / file_for(url)
        if same_bytes(source, path):
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

        def sweep(folder: str, prefix: str) -> bool:
            """Remove what is not kept under `folder`; whether anything is left in it."""
            left = False
            with os.scandir(folder) as entries:
                for entry in entries:
                    name = prefix + entry.name
                    if entry.is_dir(follow_symlinks=False):
                        if sweep(entry.path, name + "/"):
                            left = True
                        else:
                            os.rmdir(entry.path)
                    elif name in keep:
                        left = True
                    else:
                        os.unlink(entry.path)
                        removed.append(name)
            return left

        if self.dest.is_dir():
            sweep(str(self.dest), "")
        return sorted(removed)


def share(reports: list, processes: int) -> tuple[list, list]:
    """This process's reports and a helper's, about equal in pages, or all of them here.

    A second process pays for itself from a few dozen pages, on a machine with a second CPU,
    where fork is how processes start; and only in a process without threads, which a fork
    could leave holding a lock nobody will release.
    """
    pages = sum(len(stale) for _, _, stale in reports)
    if (
        processes < 2
        or pages < HELPER_FROM_PAGES
        or not hasattr(os, "fork")
        or cpus() < 2
        or threading.active_count() > 1
    ):
        return reports, []
    # This process also renders the lists, the directory and the site's own pages.
    mine, theirs, mine_pages, their_pages = [], [], LISTS_AS_PAGES, 0
    for report in sorted(reports, key=lambda r: -len(r[2])):
        if mine_pages <= their_pages:
            mine.append(report)
            mine_pages += len(report[2])
        else:
            theirs.append(report)
            their_pages += len(report[2])
    return mine, theirs


def cpus() -> int:
    """The CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def same_bytes(a: Path, b: Path) -> bool:
    return same_size(b, a.stat().st_size) and a.read_bytes() == b.read_bytes()


def same_size(path: Path, size: int) -> bool:
    """Whether `path` is a file of `size` bytes (one system call, none to read it)."""
    try:
        found = os.stat(path)
    except OSError:
        return False
    return stat.S_ISREG(found.st_mode) and found.st_size == size


def digest(*parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def code_digest() -> str:
    """The code and templates that render pages."""
    h = hashlib.sha256()
    for root in CODE:
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in {".py", ".html", ".xml", ".md", ".po"}:
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
