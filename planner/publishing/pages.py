"""Pages written as Markdown files under content/pages/ (about, how we work with partners).

One folder per language (content/pages/en/, content/pages/ru/): the site shows the pages of
its own language, and the English ones when its language has no folder yet.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from planner import ROOT
from planner.i18n import current_language
from planner.publishing.markdown import render_markdown

PAGES = ROOT / "content" / "pages"
FALLBACK = "en"
NAME = re.compile(r"^[a-z0-9-]+$")


@dataclass(frozen=True)
class Page:
    name: str
    title: str
    body: Markup


def folder() -> Path:
    """The pages in the language the site speaks."""
    own = PAGES / current_language()
    return own if own.is_dir() else PAGES / FALLBACK


def page_names() -> list[str]:
    return sorted(p.stem for p in folder().glob("*.md") if NAME.match(p.stem))


def page_titles() -> dict[str, str]:
    """Each page's title by its name, in order, as the site's navigation shows them."""
    return {name: read(folder() / f"{name}.md", name)[0] for name in page_names()}


def load_page(name: str) -> Page | None:
    """Read content/pages/LANGUAGE/NAME.md; its first '# ' line is the title."""
    if not NAME.match(name):
        return None
    path = folder() / f"{name}.md"
    if not path.is_file():
        return None
    title, body = read(path, name)
    return Page(name, title, render_markdown(body))


def read(path: Path, name: str) -> tuple[str, str]:
    """A page's title and the Markdown below it."""
    text = path.read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    if first.startswith("# "):
        return first.removeprefix("# ").strip(), rest
    return name.replace("-", " ").capitalize(), text
