"""Pages written as Markdown files under content/pages/ (about, how we work with partners)."""

import re
from dataclasses import dataclass

from markupsafe import Markup

from planner import ROOT
from planner.publishing.markdown import render_markdown

PAGES = ROOT / "content" / "pages"
NAME = re.compile(r"^[a-z0-9-]+$")


@dataclass(frozen=True)
class Page:
    name: str
    title: str
    body: Markup


def page_names() -> list[str]:
    return sorted(p.stem for p in PAGES.glob("*.md") if NAME.match(p.stem))


def load_page(name: str) -> Page | None:
    """Read content/pages/NAME.md; its first '# ' line is the title."""
    if not NAME.match(name):
        return None
    path = PAGES / f"{name}.md"
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    title = first.removeprefix("# ").strip() if first.startswith("# ") else name.replace("-", " ")
    return Page(name, title, render_markdown(rest if first.startswith("# ") else text))
