"""Markdown written by coordinators, rendered safely: no raw HTML, no script links."""

from functools import cache

from markupsafe import Markup


@cache
def _shifted(shift: int):
    """The parser, built at first use: markdown-it is not loaded until a page needs it."""
    from markdown_it import MarkdownIt
    from markdown_it.common.utils import escapeHtml

    # CommonMark with raw HTML switched off: tags are shown as text; markdown-it also
    # refuses javascript:, vbscript: and data: (except images) links.
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True})

    def heading(renderer, tokens, idx, options, env):
        # The page has its own <h1>: a story's "# Title" becomes an <h2>, and so on.
        tokens[idx].tag = f"h{min(int(tokens[idx].tag[1]) + shift, 6)}"
        return renderer.renderToken(tokens, idx, options, env)

    def image(renderer, tokens, idx, options, env):
        # A story shows no image from elsewhere (a visitor's browser would fetch it from a
        # server we do not know, telling it who reads our pages): a link to it instead. The
        # report's own photos are shown beside the story.
        token = tokens[idx]
        src = token.attrGet("src") or ""
        text = renderer.renderInlineAsText(token.children or [], options, env) or src
        return f'<a href="{escapeHtml(src)}">{escapeHtml(text)}</a>'

    md.add_render_rule("image", image)
    if shift:
        md.add_render_rule("heading_open", heading)
        md.add_render_rule("heading_close", heading)
    return md


def render_markdown(text: str, *, inside_page: bool = True) -> Markup:
    """HTML for Markdown text; headings start at <h2> when the page already has an <h1>."""
    md = _shifted(1 if inside_page else 0)
    return Markup(md.render(text or ""))  # noqa: S704 (html is off: every tag is escaped)
