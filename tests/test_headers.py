"""Security headers: every response says what a browser may load, run, frame and send on; the
frozen site carries the same policy in `_headers` and a referrer <meta>; SQLite connections are
set up for several gunicorn workers at once."""

import base64
import hashlib
import re

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from planner import ROOT
from planner.extensions import db
from planner.headers import SITE_POLICY, content_security_policy
from planner.publishing.freeze import freeze_site
from tests import factories
from tests.test_site import build_site

COMMON = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    found = {}
    for part in policy.split(";"):
        name, _, value = part.strip().partition(" ")
        found[name] = value
    return found


def assert_protected(response) -> dict[str, str]:
    for name, value in COMMON.items():
        assert response.headers.get(name) == value, name
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "microphone=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    found = directives(response)
    assert found["frame-ancestors"] == "'none'"
    assert found["object-src"] == "'none'"
    assert found["default-src"] == "'self'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    return found


@pytest.mark.parametrize("path", ["/login", "/static/style.css", "/no-such-page"])
def test_signed_out_responses_carry_the_security_headers(client, user, path):
    """The login page, a static file and an error page all forbid framing, sniffing and
    inline scripts."""
    response = client.get(path)
    response.close()  # a static file is streamed: close it, as a server would
    found = assert_protected(response)
    assert found["script-src"] == "'self'"
    assert found["style-src"] == "'self'"


def test_coordinator_pages_allow_only_their_own_scripts_and_styles(client, auth):
    """The dashboard runs scripts and styles from its own files only, and posts forms only
    to itself."""
    response = client.get("/")
    assert response.status_code == 200
    found = assert_protected(response)
    assert found["script-src"] == "'self'"
    assert found["style-src"] == "'self'"
    assert found["form-action"] == "'self'"
    assert found["img-src"] == "'self' data:"


def test_htmx_is_told_not_to_inject_styles_or_eval(client, auth):
    """htmx's config meta turns off its inline indicator <style> and eval, which the policy
    would refuse."""
    soup = BeautifulSoup(client.get("/").text, "html.parser")
    metas = soup.select('meta[name="htmx-config"]')
    assert len(metas) == 1
    assert '"includeIndicatorStyles": false' in metas[0]["content"]
    assert '"allowEval": false' in metas[0]["content"]
    assert ".htmx-indicator" in (ROOT / "static" / "style.css").read_text()


def test_a_letters_print_view_admits_its_own_footer_style_by_its_hash(client, auth):
    """The printed letter's page footer (an inline <style> with its reference) is allowed by
    the hash of exactly that text, and the page is the same bytes each time."""
    letter = factories.letter()
    response = client.get(f"/letters/{letter.id}/print")
    assert response.status_code == 200
    css = BeautifulSoup(response.text, "html.parser").select_one("style").string
    assert letter.reference in css
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert directives(response)["style-src"] == f"'self' 'sha256-{digest}'"
    again = client.get(f"/letters/{letter.id}/print")
    assert again.data == response.data
    assert directives(client.get("/"))["style-src"] == "'self'"


def test_a_letter_pdf_still_renders_with_its_footer(client, auth, tmp_path):
    """WeasyPrint still lays the letter out with its footer (the nonce'd style applies)."""
    import subprocess

    letter = factories.letter()
    response = client.get(f"/letters/{letter.id}.pdf")
    assert response.status_code == 200
    path = tmp_path / "letter.pdf"
    path.write_bytes(response.data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True)
    assert letter.reference in out.stdout


def test_live_public_pages_get_the_sites_policy(client, app):
    """The public site under /site runs no script at all and has the same headers."""
    build_site()
    for path in ("/site/", "/site/partners/", "/site/reports/winter-warmth/"):
        response = client.get(path)
        assert response.status_code == 200, path
        found = assert_protected(response)
        assert found["script-src"] == "'none'"
        soup = BeautifulSoup(response.text, "html.parser")
        assert soup.select_one('meta[name="referrer"]')["content"] == "same-origin"


def test_frozen_site_has_headers_file_and_referrer_meta(app, tmp_path):
    """The frozen site has a `_headers` file with the site's policy on every path, and every
    page a same-origin referrer <meta>."""
    build_site()
    dest = tmp_path / "site"
    freeze_site(app, dest)
    lines = (dest / "_headers").read_text().splitlines()
    assert lines[0] == "/*"
    headers = dict(line.strip().split(": ", 1) for line in lines[1:])
    assert headers["Content-Security-Policy"] == content_security_policy(SITE_POLICY)
    for name, value in COMMON.items():
        assert headers[name] == value
    assert "camera=()" in headers["Permissions-Policy"]
    pages = sorted(dest.rglob("*.html"))
    assert pages
    for page in pages:
        soup = BeautifulSoup(page.read_text(), "html.parser")
        meta = soup.select_one('meta[name="referrer"]')
        assert meta is not None and meta["content"] == "same-origin", page


INLINE = [
    (re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"\shx-on", re.I), "hx-on attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_has_inline_script_or_style():
    """Templates hold no inline script, handler or style attribute (the policy refuses
    them); the one <style> (a letter's page footer) is admitted by its hash."""
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = path.read_text()
        for pattern, what in INLINE:
            found += [f"{path.relative_to(ROOT)}: {what}" for _ in pattern.finditer(text)]
        for style in re.finditer(r"<style[^>]*>(.*?)</style>", text, re.S):
            if not re.fullmatch(r"\{\{ allow_inline_style\(\w+\) \}\}", style.group(1)):
                found.append(f"{path.relative_to(ROOT)}: <style> not admitted by its hash")
    assert not found


def test_a_new_sqlite_connection_is_in_wal_mode_with_a_busy_timeout(app):
    """Each SQLite connection uses write-ahead logging and waits 5 s for a writer, so
    gunicorn's workers read while another writes and never fail with "database is locked"."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only: PostgreSQL is left as it is")
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    # A connection made now, not one the pool kept from before.
    fresh = sa.create_engine(db.engine.url)
    try:
        with fresh.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    finally:
        fresh.dispose()
