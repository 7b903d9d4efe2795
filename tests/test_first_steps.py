"""The small things a new coordinator meets first: the favicon, what `make run` says, the
set-up page's demo command and the password rule shown before a failed submit (issue 10)."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from planner.publishing.freeze import freeze_site
from tests import factories
from tests.test_site import build_site

ROOT = Path(__file__).resolve().parent.parent
RUSSIAN = {"Accept-Language": "ru"}


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def icon_of(page: BeautifulSoup) -> str:
    return page.select_one("head link[rel=icon]")["href"]


def test_favicon_is_served_and_linked_from_every_kind_of_page(client, auth):
    """The app's pages, its error page and a letter's print view link a favicon that exists."""
    letter = factories.letter()
    pages = ["/", "/projects/", "/no-such-page", f"/letters/{letter.id}/print"]
    for url in pages:
        href = icon_of(html(client.get(url)))
        assert href == "/static/favicon.svg", url
    with client.get("/static/favicon.svg") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"
        assert b"<svg" in response.data


def test_favicon_is_linked_from_the_set_up_page(client):
    """Even before anyone signs in, the first page a person sees has its icon."""
    assert icon_of(html(client.get("/setup"))) == "/static/favicon.svg"


def test_favicon_is_in_the_frozen_site_and_linked_from_its_pages(app, tmp_path):
    """The public site, frozen, carries the favicon and every page's link to it resolves."""
    build_site()
    dest = tmp_path / "site"
    freeze_site(app, dest)
    assert (dest / "static" / "favicon.svg").read_bytes() == (
        ROOT / "static" / "favicon.svg"
    ).read_bytes()
    pages = sorted(dest.rglob("*.html"))
    assert pages
    for page in pages:
        href = icon_of(BeautifulSoup(page.read_text(), "html.parser"))
        # 404.html links from the site's root (SITE_URL's path, / here): a host shows it anywhere.
        found = dest / href.lstrip("/") if page.name == "404.html" else page.parent / href
        assert found.resolve() == (dest / "static" / "favicon.svg").resolve(), page


def test_set_up_page_says_make_demo(client):
    """The set-up page names the command the README gives, `make demo`, not `planner demo`."""
    page = html(client.get("/setup"))
    hint = page.find("code").find_parent("p")
    assert page.find("code").get_text() == "make demo"
    assert "planner demo" not in page.text
    assert "run make demo to load a demo organisation" in " ".join(hint.get_text().split())


@pytest.mark.parametrize("headers", [None, RUSSIAN])
def test_password_rule_is_shown_before_a_failed_submit(client, headers):
    """The set-up page's password field says the 10-character rule before anything is sent."""
    page = html(client.get("/setup", headers=headers))
    hint = page.select_one("#password-hint")
    expected = (
        "At least 10 characters; not a common password, nor your name or email."
        if headers is None
        else "Не короче 10 символов; не из частых паролей, не ваше имя и не адрес почты."
    )
    assert hint.get_text(strip=True) == expected
    assert "password-hint" in page.select_one("#password")["aria-describedby"]
    assert page.select_one("#password")["autocomplete"] == "new-password"
    assert page.select_one("#password-error") is None


def test_password_rule_is_shown_where_a_coordinator_is_added(client, auth):
    """An admin adding a coordinator sees the password rule beside the field too."""
    page = html(client.get("/organisation/users"))
    assert page.select_one("#password-hint").get_text(strip=True) == (
        "At least 10 characters; not a common password, nor your name or email."
    )


def test_welcome_offers_the_demo_only_before_an_organisation_exists(app, runner):
    """`make run` (planner welcome) suggests `make demo` only while nothing is set up."""
    first = runner.invoke(args=["welcome", "--url", "http://127.0.0.1:5000/"])
    assert first.exit_code == 0
    assert "starting at http://127.0.0.1:5000/" in first.output
    assert "First start?" in first.output and "make demo" in first.output

    factories.organisation()
    later = runner.invoke(args=["welcome", "--url", "http://127.0.0.1:5000/"])
    assert later.exit_code == 0
    assert "starting at http://127.0.0.1:5000/" in later.output
    assert "First start?" not in later.output and "make demo" not in later.output


def test_make_run_says_welcome_through_the_planner_command():
    """The Makefile's run target prints its greeting through `planner welcome`, not echo."""
    makefile = (ROOT / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "planner welcome" in run
    assert "First start?" not in makefile
