"""Letters as PDF, rendered by WeasyPrint with their fonts embedded.

WeasyPrint takes most of a second to import, so this module is imported only where a PDF
is made (planner/letters/printed.py), never when the app starts.
"""

import mimetypes
import threading
from functools import cache
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from planner.collector import collection_paused

BASE = "https://planner.invalid/"


class LocalFiles(URLFetcher):
    """Give WeasyPrint the app's static files and data: URIs; nothing from any network."""

    def __init__(self, static: Path):
        super().__init__(allowed_protocols={"data"})
        self.static = static.resolve()

    def fetch(self, url, headers=None):
        prefix = BASE + "static/"
        if url.startswith(prefix):
            path = (self.static / url.removeprefix(prefix).split("?")[0]).resolve()
            if path.is_relative_to(self.static) and path.is_file():
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})
            raise ValueError(f"No such static file: {url[:80]}")
        return super().fetch(url, headers)


_thread = threading.local()


def fonts() -> FontConfiguration:
    """This thread's font configuration, made once.

    Making one reads fontconfig's whole configuration and a fresh Pango font map that has
    shaped nothing yet; kept, its caches serve every later letter. Pango's font maps are not
    meant to be shared between threads, hence one per thread.
    """
    if not hasattr(_thread, "fonts"):
        _thread.fonts = FontConfiguration()
    return _thread.fonts


@cache
def stylesheet(path: Path, mtime: float) -> CSS:
    """The letter's style sheet, parsed once (again only when the file changes)."""
    return CSS(filename=str(path), url_fetcher=LocalFiles(path.parent))


def render_pdf(html: str, static: Path, variant: str | None = None) -> bytes:
    """Render one letter's document (an HTML string without its style sheet link) as PDF.

    `static` is the app's static folder: letter.css is read from it, and only it may be fetched.
    `variant` is WeasyPrint's PDF variant ("pdf/a-3b" for archives), or None for plain PDF.
    """
    css = static / "letter.css"
    document = HTML(string=html, base_url=BASE, url_fetcher=LocalFiles(static))
    # Laying a letter out makes some hundred thousand objects that all live until its PDF is
    # written: the cyclic garbage collector would only walk them over and over (about a tenth
    # of the time). It runs after the letter instead, on its next allocations.
    with collection_paused():
        return document.write_pdf(
            stylesheets=[stylesheet(css, css.stat().st_mtime)],
            font_config=fonts(),
            pdf_variant=variant,
        )
