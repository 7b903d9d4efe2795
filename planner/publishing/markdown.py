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
        # A story shows the report's own photos ("photo-2": its second), and no image from
        # elsewhere (a visitor's browser would fetch it from a server we do not know, telling
        # it who reads our pages): a link to it instead.
        token = tokens[idx]
        src = token.attrGet("src") or ""
        text = renderer.renderInlineAsText(token.children or [], options, env)
        if own := (env.get("photos") or {}).get(src):
            url, photo = own
            return (
                f'<img src="{escapeHtml(url)}" alt="{escapeHtml(text or photo.alt)}" '
                f'width="{int(photo.width)}" height="{int(photo.height)}" loading="lazy">'
            )
        return f'<a href="{escapeHtml(src)}">{escapeHtml(text or src)}</a>'

    md.add_render_rule("image", image)
    if shift:
        md.add_render_rule("heading_open", heading)
        md.add_render_rule("heading_close", heading)
    return md


def render_markdown(text: str, *, inside_page: bool = True, photos=(), url_for=None) -> Markup:
    """HTML for Markdown text; headings start at <h2> when the page already has an <h1>.
    `photos` (a report's, each with file, alt, width, height) may be shown in it as
    `![what it shows](photo-1)`, numbered in their order, at the address the page's own
    `url_for` gives them (a frozen page's is relative)."""
    md = _shifted(1 if inside_page else 0)
    own = {
        f"photo-{n}": (url_for("site.media", name=photo.file), photo)
        for n, photo in enumerate(photos if url_for else (), start=1)
    }
    html = md.render(text or "", {"photos": own})
    return Markup(html)  # noqa: S704 (html is off: every tag is escaped)
