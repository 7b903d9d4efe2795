"""Letters as PDF, rendered by WeasyPrint with their fonts embedded."""

import mimetypes
from pathlib import Path

from flask import current_app
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

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


def render_pdf(documents: list[str]) -> bytes:
    """Render one or more letter documents (HTML strings) into one PDF.

    Each letter is laid out on its own, so its "page X of Y" counts its own pages.
    """
    fetcher = LocalFiles(Path(current_app.static_folder))
    rendered = [
        HTML(string=html, base_url=BASE, url_fetcher=fetcher).render() for html in documents
    ]
    pages = [page for document in rendered for page in document.pages]
    return rendered[0].copy(pages).write_pdf()
