"""Public pages. Every one is @public, a GET ending in / or a file extension, freeze-safe."""

from datetime import UTC, datetime

from flask import abort, current_app, g, make_response, render_template, url_for

from planner.auth.guard import public
from planner.charts import bar_chart
from planner.extensions import freezer
from planner.organisation.profile import current_organisation
from planner.publishing import bp
from planner.publishing.data import all_published, published_files, published_report
from planner.publishing.pages import load_page, page_names
from planner.uploads import send_upload


def site_context() -> dict:
    org = current_organisation()
    return {
        "org_name": org.name if org else "Partnership Planner",
        "pages": page_names(),
        # Absolute addresses, where relative ones do not work (og:image, the feed).
        "site_url": site_url,
    }


def charts_for(report) -> dict:
    return {
        "sector": bar_chart(
            "Contributions by sector", [(s.label, v) for s, v in report.by_sector.items()]
        ),
        "category": bar_chart("Contributions by category", list(report.by_category.items())),
    }


@bp.get("/")
@public
def home():
    """List the published reports, newest first."""
    return render_template("site/home.html", reports=all_published(), **site_context())


@bp.get("/reports/<slug>/")
@public
def report(slug: str):
    """Show a published report."""
    found = published_report(slug)
    if found is None:
        abort(404)
    return render_template(
        "site/report.html", report=found, charts=charts_for(found), **site_context()
    )


@bp.get("/reports/<slug>/<partner>/")
@public
def partner(slug: str, partner: str):
    """Show one consenting partner what its contribution made possible."""
    found = published_report(slug)
    match = next((p for p in found.named_partners if p.slug == partner), None) if found else None
    if match is None:
        abort(404)
    return render_template("site/partner.html", report=found, partner=match, **site_context())


@bp.get("/partners/")
@public
def directory():
    """List the partners who agreed to be named, with their reports."""
    entries: dict[str, list] = {}
    for found in all_published():
        for p in found.named_partners:
            entries.setdefault(p.name, []).append((found, p))
    return render_template(
        "site/directory.html", entries=dict(sorted(entries.items())), **site_context()
    )


@bp.get("/<page>/")
@public
def page(page: str):
    """Show a page written in content/pages/."""
    found = load_page(page)
    if found is None:
        abort(404)
    return render_template("site/page.html", page=found, **site_context())


@bp.get("/404.html")
@public
def not_found():
    """The page a static host shows for a missing address."""
    return render_template("site/404.html", **site_context())


@bp.get("/media/<name>")
@public
def media(name: str):
    """Serve a photo or logo that a published page shows (a coordinator's preview: any)."""
    if name not in published_files() and getattr(g, "user", None) is None:
        abort(404)
    return send_upload(name)


def site_url(endpoint: str, **values) -> str:
    """An absolute address on the published site, for feeds and the sitemap."""
    base = current_app.config["SITE_URL"].rstrip("/")
    path = url_for(endpoint, **values, _external=False)
    prefix = current_app.config["SITE_PREFIX"]
    return base + path.removeprefix(prefix)


@bp.get("/sitemap.xml")
@public
def sitemap():
    """List every public page for search engines."""
    urls = [site_url("site.home"), site_url("site.directory")]
    urls += [site_url("site.page", page=name) for name in page_names()]
    for found in all_published():
        urls.append(site_url("site.report", slug=found.slug))
        urls += [
            site_url("site.partner", slug=found.slug, partner=p.slug) for p in found.named_partners
        ]
    response = make_response(render_template("site/sitemap.xml", urls=urls))
    response.mimetype = "application/xml"
    return response


@bp.get("/feed.atom")
@public
def feed():
    """The Atom feed of published reports."""
    reports = all_published()
    updated = max((r.updated_at for r in reports), default=datetime.now(UTC).replace(tzinfo=None))
    response = make_response(
        render_template("site/feed.xml", reports=reports, updated=updated, **site_context())
    )
    response.mimetype = "application/atom+xml"
    return response


@bp.get("/robots.txt")
@public
def robots():
    """Let search engines in and point them at the sitemap."""
    body = f"User-agent: *\nAllow: /\nSitemap: {site_url('site.sitemap')}\n"
    return current_app.response_class(body, mimetype="text/plain")


@freezer.register_generator
def site_urls():
    """The parameterised public pages, for Frozen-Flask."""
    for found in all_published():
        yield "site.report", {"slug": found.slug}
        for p in found.named_partners:
            yield "site.partner", {"slug": found.slug, "partner": p.slug}
    for name in page_names():
        yield "site.page", {"page": name}
    for name in sorted(published_files()):
        yield "site.media", {"name": name}
