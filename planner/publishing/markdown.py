"""Markdown written by coordinators, rendered safely: no raw HTML, no script links."""

from markdown_it import MarkdownIt
from markupsafe import Markup

# CommonMark with raw HTML switched off: tags are shown as text; markdown-it also
# refuses javascript:, vbscript: and data: (except images) links.
_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True})


def render_markdown(text: str) -> Markup:
    return Markup(_md.render(text or ""))  # noqa: S704 (html is off: every tag is escaped)
