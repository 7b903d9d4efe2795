"""Public pages. Every one is @public, a GET ending in / or a file extension, freeze-safe."""

import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from flask import abort, current_app, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from PIL import Image

from planner.auth.guard import public
from planner.charts import bar_chart
from planner.formats import DEFAULT_CURRENCY, format_money_short
from planner.models import DEFAULT_ACCENT
from planner.organisation.profile import current_organisation
from planner.publishing import bp
from planner.publishing.cards import card_png
from planner.publishing.data import (
    DirectoryEntry,
    ListedReport,
    Pager,
    PublishedPage,
    Totals,
    directory_page,
    directory_pages,
    is_published_file,
    newest_reports,
    published_pages,
    published_report,
    report_pages,
    reports_page,
    site_totals,
)
from planner.publishing.pages import Page, load_page, page_names, page_titles
from planner.publishing.public import PublicPartner, PublicReport
from planner.settings import organisation_settings
from planner.stamps import FragmentCache
from planner.uploads import folder, send_upload

ACCENT = re.compile(r"^#[0-9a-fA-F]{6}$")


def site_context() -> dict:
    org = current_organisation()
    settings = organisation_settings()
    logo = org.logo_file if org else None
    return {
        "org_name": org.name if org else "Partnership Planner",
        "intro": org.intro if org else "",
        # Checked again: the stylesheet takes it as it is.
        "accent": org.accent_colour if org and ACCENT.match(org.accent_colour) else DEFAULT_ACCENT,
        "logo": logo,
        "logo_size": image_size(logo),
        # Read once for a page (once for a whole freeze), not by every sum it shows.
        "currency": settings.currency if settings else DEFAULT_CURRENCY,
        "pages": page_titles(),  # name: title, for the navigation
        # Absolute addresses, where relative ones do not work (og:image, the feed).
        "site_url": site_url,
        "page_url": page_url,
    }


def image_size(name: str | None) -> tuple[int, int] | None:
    """An upload's width and height (so the page keeps its room while it loads)."""
    if not name:
        return None
    try:
        with Image.open(folder() / Path(name).name) as image:
            return image.size
    except (OSError, ValueError):
        return None


def charts_for(report, currency: str) -> dict:
    """The report's charts, their values as money in the organisation's currency."""

    def money(value) -> str:
        return format_money_short(value, currency)

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


def home_html(
    reports: list[ListedReport], pager: Pager, context: dict, totals: Totals | None = None
) -> str:
    """A page of the report list; the first page (the home page) with the intro and totals."""
    return render_template(
        "site/home.html",
        reports=reports,
        pager=pager,
        totals=totals_sentence(totals, context["currency"]) if totals else "",
        **context,
    )


def totals_sentence(totals: Totals, currency: str) -> str:
    """ "In 2026, 42 partners gave help worth 1.2 million ₽", from what the reports show."""
    if not totals.partners or totals.first_year is None:
        return ""
    value = format_money_short(totals.value, currency)
    single = totals.first_year == totals.last_year
    if totals.value and single:
        return ngettext(
            "In %(year)s, %(num)d partner gave help worth %(value)s.",
            "In %(year)s, %(num)d partners gave help worth %(value)s.",
            totals.partners,
            year=str(totals.first_year),
            value=value,
        )
    if totals.value:
        return ngettext(
            "From %(first)s to %(last)s, %(num)d partner gave help worth %(value)s.",
            "From %(first)s to %(last)s, %(num)d partners gave help worth %(value)s.",
            totals.partners,
            first=str(totals.first_year),
            last=str(totals.last_year),
            value=value,
        )
    if single:
        return ngettext(
            "In %(year)s, %(num)d partner helped our projects.",
            "In %(year)s, %(num)d partners helped our projects.",
            totals.partners,
            year=str(totals.first_year),
        )
    return ngettext(
        "From %(first)s to %(last)s, %(num)d partner helped our projects.",
        "From %(first)s to %(last)s, %(num)d partners helped our projects.",
        totals.partners,
        first=str(totals.first_year),
        last=str(totals.last_year),
    )


def theme_css(context: dict) -> str:
    """The organisation's colour, as the site's stylesheet reads it."""
    return f":root {{ --accent: {context['accent']}; }}\n"


def card_image(report, context: dict) -> bytes:
    """The picture a shared link to a report without photos shows."""
    return card_png(report.title, context["org_name"], context["accent"])


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
    return home_html(reports, pager, site_context(), site_totals())


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


@bp.get("/reports/<slug>/card.png")
@public
def report_card(slug: str):
    """The picture a shared link to a report shows when it has no photo."""
    found = published_report(slug)
    if found is None:
        abort(404)
    return current_app.response_class(card_image(found, site_context()), mimetype="image/png")


@bp.get("/theme.css")
@public
def theme():
    """The organisation's colour for the site's stylesheet (no inline styles: the CSP)."""
    return current_app.response_class(theme_css(site_context()), mimetype="text/css")


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


def page_url() -> str:
    """The absolute address of the page being rendered, on the published site."""
    base = current_app.config["SITE_URL"].rstrip("/")
    path = request.path.removeprefix(current_app.config["SITE_PREFIX"])
    return base + path


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
