"""The public site's own pages (about us, how we work with partners), kept in the database.

Coordinators write them in Markdown in the app (planner/sitepages). The files under
content/pages/<language>/ are the defaults: a new organisation starts with those of its
language (English when its language has no folder), inserted with the organisation itself,
and an installation that had no such table got them from its migration. Deleting every page
leaves the site without any: the defaults are not brought back behind a coordinator's back.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from markupsafe import Markup

from planner import ROOT
from planner.extensions import db
from planner.models import Organisation, SitePage
from planner.publishing.markdown import render_markdown

PAGES = ROOT / "content" / "pages"
FALLBACK = "en"
NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Addresses the site already uses for itself: a page there would be hidden or hide them.
RESERVED = frozenset({"reports", "partners", "static", "media", "site", "404"})
ORDER = (SitePage.position, SitePage.id)


@dataclass(frozen=True)
class Page:
    name: str
    title: str
    body: Markup


def page_titles() -> dict[str, str]:
    """Each page's title by its address, in order, as the site's navigation shows them."""
    rows = db.session.execute(sa.select(SitePage.slug, SitePage.title).order_by(*ORDER))
    return {slug: title for slug, title in rows}


def page_names() -> list[str]:
    return list(page_titles())


def load_page(name: str) -> Page | None:
    """The page at /NAME/, its Markdown rendered (raw HTML shown as text)."""
    if not NAME.match(name):
        return None
    found = db.session.scalar(sa.select(SitePage).where(SitePage.slug == name))
    return as_page(found) if found else None


def all_pages() -> list[tuple[Page, str]]:
    """Every page rendered, in order, each with a digest of what it is made of (a freeze's)."""
    found = db.session.scalars(sa.select(SitePage).order_by(*ORDER))
    return [(as_page(p), repr((p.slug, p.title, p.body))) for p in found]


def as_page(page: SitePage) -> Page:
    return Page(page.slug, page.title, render_markdown(page.body))


# --- the defaults ---------------------------------------------------------------------------


def folder(language: str) -> Path:
    own = PAGES / language
    return own if own.is_dir() else PAGES / FALLBACK


def default_pages(language: str) -> list[dict]:
    """The pages in content/pages/<language>/, by file name, as rows of SitePage."""
    files = sorted(p for p in folder(language).glob("*.md") if NAME.match(p.stem))
    rows = []
    for position, path in enumerate(files, start=1):
        title, body = read(path, path.stem)
        rows.append(
            {"slug": path.stem, "title": title, "body": body.strip() + "\n", "position": position}
        )
    return rows


def read(path: Path, name: str) -> tuple[str, str]:
    """A file's title (its first '# ' line) and the Markdown below it."""
    text = path.read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    if first.startswith("# "):
        return first.removeprefix("# ").strip(), rest
    return name.replace("-", " ").capitalize(), text


@sa.event.listens_for(Organisation, "after_insert")
def seed_pages(mapper, connection, org: Organisation) -> None:
    """A new organisation's site starts with the default pages in its language."""
    table = SitePage.__table__
    if connection.scalar(sa.select(sa.func.count()).select_from(table)):
        return
    language = getattr(org.language, "value", org.language) or FALLBACK
    rows = default_pages(language)
    if rows:
        connection.execute(table.insert(), [{**row, "revision": 1} for row in rows])
