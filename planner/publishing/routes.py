"""Public pages. Every one is @public, a GET ending in / or a file extension, freeze-safe."""

from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import abort, current_app, g, render_template, url_for
from flask_babel import gettext as _

from planner.auth.guard import public
from planner.charts import bar_chart
from planner.formats import DEFAULT_CURRENCY, format_money
from planner.organisation.profile import current_organisation
from planner.publishing import bp
from planner.publishing.data import (
    DirectoryEntry,
    ListedReport,
    Pager,
    PublishedPage,
    directory_page,
    directory_pages,
    is_published_file,
    newest_reports,
    published_pages,
    published_report,
    report_pages,
    reports_page,
)
from planner.publishing.pages import Page, load_page, page_names, page_titles
from planner.publishing.public import PublicPartner, PublicReport
from planner.settings import organisation_settings
from planner.stamps import FragmentCache
from planner.uploads import send_upload


def site_context() -> dict:
    org = current_organisation()
    settings = organisation_settings()
    return {
        "org_name": org.name if org else "Partnership Planner",
        # Read once for a page (once for a whole freeze), not by every sum it shows.
        "currency": settings.currency if settings else DEFAULT_CURRENCY,
        "pages": page_titles(),  # name: title, for the navigation
        # Absolute addresses, where relative ones do not work (og:image, the feed).
        "site_url": site_url,
    }


def charts_for(report, currency: str) -> dict:
    """The report's charts, their values as money in the organisation's currency."""

    def money(value) -> str:
        return format_money(value, currency)

    return {
        "sector": bar_chart(
            _("Contributions by sector"),
            [(s.label, v) for s, v in report.by_sector.items()],
            money,
        ),
        "category": bar_chart(
            _("Contributions by category"), list(report.by_category.items()), money
        ),
    }


# Each page is rendered by one function from data already loaded: the views below load a
# page's data, the freeze loads the whole site's once and calls the same functions.


def home_html(reports: list[ListedReport], pager: Pager, context: dict) -> str:
    return render_template("site/home.html", reports=reports, pager=pager, **context)


def report_html(report: PublicReport, context: dict) -> str:
    return render_template(
        "site/report.html", report=report, charts=charts_for(report, context["currency"]), **context
    )


def partner_html(report: PublicReport, partner: PublicPartner, context: dict) -> str:
    return render_template("site/partner.html", report=report, partner=partner, **context)


def directory_html(entries: list[DirectoryEntry], pager: Pager, context: dict) -> str:
    return render_template("site/directory.html", entries=entries, pager=pager, **context)


def sitemap_xml(reports: list[PublishedPage], report_pages: int, partner_pages: int) -> str:
    urls = [site_url("site.home")]
    urls += [site_url("site.reports_page", number=n) for n in range(2, report_pages + 1)]
    urls.append(site_url("site.directory"))
    urls += [site_url("site.directory_page", number=n) for n in range(2, partner_pages + 1)]
    urls += [site_url("site.page", page=name) for name in page_names()]
    for found in reports:
        urls.append(site_url("site.report", slug=found.slug))
        urls += [site_url("site.partner", slug=found.slug, partner=p) for p in found.partner_slugs]
    return render_template("site/sitemap.xml", urls=urls)


def feed_xml(reports: list[ListedReport], context: dict) -> str:
    updated = max((r.updated_at for r in reports), default=datetime.now(UTC).replace(tzinfo=None))
    return render_template("site/feed.xml", reports=reports, updated=updated, **context)


def robots_txt() -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {site_url('site.sitemap')}\n"


def content_html(page: Page, context: dict) -> str:
    return render_template("site/page.html", page=page, **context)


def not_found_html(context: dict) -> str:
    """The 404 page. A host shows the published one for a missing address at any depth
    (/reports/x/y/z), where links relative to /404.html would miss: its links start at the
    site's root, the path of SITE_URL."""
    if current_app.config["SITE_ONLY"]:
        context = {**context, "url_for": rooted_url}
    return render_template("site/404.html", **context)


def rooted_url(endpoint: str, **values) -> str:
    """An address on the published site from its root (SITE_URL's path), whatever the host."""
    base = urlsplit(current_app.config["SITE_URL"]).path.rstrip("/")
    path = url_for(endpoint, **values).removeprefix(current_app.config["SITE_PREFIX"])
    return base + path


def named_partner(report: PublicReport, slug: str) -> PublicPartner | None:
    return next((p for p in report.named_partners if p.slug == slug), None)


@bp.get("/")
@public
def home():
    """List the newest published reports."""
    reports, pager = reports_page(1)
    return home_html(reports, pager, site_context())


@bp.get("/reports/page/<int:number>/", endpoint="reports_page")
@public
def reports_page_view(number: int):
    """List older published reports, a page at a time."""
    found = reports_page(number) if number > 1 else None
    if found is None:
        abort(404)
    return home_html(*found, site_context())


@bp.get("/reports/<slug>/")
@public
def report(slug: str):
    """Show a published report."""
    found = published_report(slug)
    if found is None:
        abort(404)
    return report_html(found, site_context())


@bp.get("/reports/<slug>/<partner>/")
@public
def partner(slug: str, partner: str):
    """Show one consenting partner what its contribution made possible."""
    found = published_report(slug)
    match = named_partner(found, partner) if found else None
    if match is None:
        abort(404)
    return partner_html(found, match, site_context())


@bp.get("/partners/")
@public
def directory():
    """List the partners who agreed to be named, with their reports."""
    return directory_html(*directory_page(1), site_context())


@bp.get("/partners/page/<int:number>/", endpoint="directory_page")
@public
def directory_page_view(number: int):
    """List more named partners, a page at a time."""
    found = directory_page(number) if number > 1 else None
    if found is None:
        abort(404)
    return directory_html(*found, site_context())


@bp.get("/<page>/")
@public
def page(page: str):
    """Show one of the site's own pages (about us, how we work), as coordinators wrote it."""
    found = load_page(page)
    if found is None:
        abort(404)
    return content_html(found, site_context())


@bp.get("/404.html")
@public
def not_found():
    """The page a static host shows for a missing address."""
    return not_found_html(site_context())


@bp.get("/media/<name>")
@public
def media(name: str):
    """Serve a photo or logo that a published page shows (a coordinator's preview: any)."""
    if getattr(g, "user", None) is None and not is_published_file(name):
        abort(404)
    return send_upload(name)


def site_url(endpoint: str, **values) -> str:
    """An absolute address on the published site, for feeds and the sitemap."""
    base = current_app.config["SITE_URL"].rstrip("/")
    path = url_for(endpoint, **values, _external=False)
    prefix = current_app.config["SITE_PREFIX"]
    return base + path.removeprefix(prefix)


# The sitemap lists every public page, so it grows with them: kept until the next write.
sitemaps = FragmentCache(size=4)


@bp.get("/sitemap.xml")
@public
def sitemap():
    """List every public page for search engines."""
    key = (current_app.config["SITE_URL"], current_app.config["SITE_PREFIX"], *page_names())
    body = sitemaps.get(
        key, lambda: sitemap_xml(published_pages(), report_pages(), directory_pages())
    )
    return current_app.response_class(body, mimetype="application/xml")


@bp.get("/feed.atom")
@public
def feed():
    """The Atom feed of the newest published reports."""
    body = feed_xml(newest_reports(), site_context())
    return current_app.response_class(body, mimetype="application/atom+xml")


@bp.get("/robots.txt")
@public
def robots():
    """Let search engines in and point them at the sitemap."""
    return current_app.response_class(robots_txt(), mimetype="text/plain")
