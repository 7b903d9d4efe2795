"""Markdown written by coordinators, rendered safely: no raw HTML, no script links."""

from markdown_it import MarkdownIt
from markupsafe import Markup


def _shifted(shift: int) -> MarkdownIt:
    # CommonMark with raw HTML switched off: tags are shown as text; markdown-it also
    # refuses javascript:, vbscript: and data: (except images) links.
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True})

    def heading(renderer, tokens, idx, options, env):
        # The page has its own <h1>: a story's "# Title" becomes an <h2>, and so on.
        tokens[idx].tag = f"h{min(int(tokens[idx].tag[1]) + shift, 6)}"
        return renderer.renderToken(tokens, idx, options, env)

    if shift:
        md.add_render_rule("heading_open", heading)
        md.add_render_rule("heading_close", heading)
    return md


_page = _shifted(0)
_story = _shifted(1)


def render_markdown(text: str, *, inside_page: bool = True) -> Markup:
    """HTML for Markdown text; headings start at <h2> when the page already has an <h1>."""
    md = _story if inside_page else _page
    return Markup(md.render(text or ""))  # noqa: S704 (html is off: every tag is escaped)
