"""The public site's own pages, written in the app: add, edit with a preview, order, delete;
the defaults a new organisation starts with; the site (live and frozen) shows what is saved."""

import sqlalchemy as sa
from bs4 import BeautifulSoup

from planner.enums import Language
from planner.extensions import db
from planner.models import SitePage
from planner.publishing.freeze import freeze_site
from tests import factories


def html(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.text, "html.parser")


def text(node) -> str:
    return " ".join(node.get_text().split())


def pages() -> list[tuple[str, str]]:
    db.session.expire_all()
    return [
        (p.slug, p.title)
        for p in db.session.scalars(sa.select(SitePage).order_by(SitePage.position, SitePage.id))
    ]


def page(slug: str) -> SitePage:
    return db.session.scalar(sa.select(SitePage).where(SitePage.slug == slug))


def test_a_new_organisation_starts_with_the_default_pages_of_its_language(app):
    """Set up in English: About us and How we work, from content/pages/en/, in order."""
    factories.organisation()
    assert pages() == [("about", "About us"), ("how-we-work", "How we work with partners")]
    assert "lonely elders" in page("about").body


def test_a_russian_organisation_starts_with_the_russian_pages(app):
    """Set up in Russian: the pages from content/pages/ru/."""
    factories.organisation(language=Language.RU)
    titles = dict(pages())
    assert titles["about"] == "О нас"


def test_the_list_shows_the_pages_in_order_with_their_addresses(client, auth):
    """The Site pages tab lists each page, its address and its actions."""
    listing = html(client.get("/organisation/site-pages/"))
    rows = [text(tr.find("td")) for tr in listing.select("table.site-pages tbody tr")]
    assert rows == ["About us", "How we work with partners"]
    assert listing.select_one("a[href='/site/about/']")
    assert text(listing.select_one("nav.tabs [aria-current=page]")) == "Site pages"


def test_a_page_is_previewed_then_added_and_shown_on_the_site(client, auth):
    """Preview shows the Markdown rendered without saving; Save adds it, last in the navigation."""
    form = {"title": "Volunteer with us", "slug": "", "body": "## Come along\n\n*Every* Saturday."}
    preview = html(client.post("/organisation/site-pages/new", data={**form, "preview": "1"}))
    shown = preview.select_one(".site-page-preview")
    assert shown.find("h3") and text(shown.find("h3")) == "Come along"
    assert text(shown.find("em")) == "Every"
    assert preview.select_one("#body").get_text().strip() == form["body"]  # still in the box
    assert page("volunteer-with-us") is None  # a preview saves nothing

    response = client.post("/organisation/site-pages/new", data=form, follow_redirects=True)
    assert "The page “Volunteer with us” is added to the site." in text(html(response))
    assert pages()[-1] == ("volunteer-with-us", "Volunteer with us")
    site = html(client.get("/site/volunteer-with-us/"))
    assert text(site.find("h1")) == "Volunteer with us"
    assert [text(a) for a in site.select("header nav a")][-1] == "Volunteer with us"


def test_markdown_html_is_shown_as_text(client, auth):
    """A tag typed in a page is shown as text in the preview and on the site, never run."""
    about = page("about")
    body = 'Hello <script>alert(1)</script> <b onclick="x()">bold</b>'
    data = {"title": "About us", "slug": "about", "body": body, "revision": str(about.revision)}
    preview = client.post(f"/organisation/site-pages/{about.id}/", data={**data, "preview": "1"})
    assert "<script>alert(1)" not in preview.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in preview.text
    client.post(f"/organisation/site-pages/{about.id}/", data=data)
    site = client.get("/site/about/")
    assert "<script>alert" not in site.text and "<b onclick" not in site.text
    assert "&lt;b onclick" in site.text


def test_an_edit_changes_the_title_address_and_text(client, auth):
    """Saving an edit changes the page on the site, at its new address."""
    about = page("about")
    response = client.post(
        f"/organisation/site-pages/{about.id}/",
        data={"title": "Who we are", "slug": "who-we-are", "body": "We are **neighbours**."},
        follow_redirects=True,
    )
    assert "The page “Who we are” is saved." in text(html(response))
    assert client.get("/site/about/").status_code == 404
    site = html(client.get("/site/who-we-are/"))
    assert text(site.find("strong")) == "neighbours"


def test_bad_input_is_refused_beside_its_field(client, auth):
    """No title, a bad, reserved or taken address: each error beside its field, nothing saved."""
    cases = [
        ({"title": "", "slug": "x", "body": ""}, "title", "Give the page a title"),
        ({"title": "Team", "slug": "Our Team!", "body": ""}, "slug", "Use only lowercase"),
        ({"title": "Team", "slug": "partners", "body": ""}, "slug", "uses “partners” for itself"),
        ({"title": "About", "slug": "", "body": ""}, "slug", "has the address “about”"),
        ({"title": "Team", "slug": "", "body": "x" * 20_001}, "body", "20,000"),
    ]
    for data, name, message in cases:
        found = html(client.post("/organisation/site-pages/new", data=data))
        assert message in text(found.select_one(f"#{name}-field .error")), (data, name)
        assert found.select_one(f"#{name}")["aria-invalid"] == "true"
    assert len(pages()) == 2


def test_a_stale_save_is_refused_with_409_and_keeps_the_typing(client, auth):
    """An edit from a form opened before someone else's save does not overwrite it."""
    about = page("about")
    opened = about.revision
    about.title = "About the foundation"
    db.session.commit()
    response = client.post(
        f"/organisation/site-pages/{about.id}/",
        data={"title": "About", "slug": "about", "body": "Mine", "revision": str(opened)},
    )
    assert response.status_code == 409
    found = BeautifulSoup(response.text, "html.parser")
    assert "Saved now: About the foundation" in text(found.select_one("#title-field"))
    assert found.select_one("#title")["value"] == "About"
    db.session.expire_all()
    assert page("about").title == "About the foundation"


def test_pages_move_up_and_down_and_are_deleted(client, auth):
    """The navigation's order follows Up and Down; Delete removes a page from the site."""
    how = page("how-we-work")
    client.post(f"/organisation/site-pages/{how.id}/move", data={"direction": "up"})
    assert [slug for slug, _ in pages()] == ["how-we-work", "about"]
    nav = [text(a) for a in html(client.get("/site/")).select("header nav a")]
    assert nav[-2:] == ["How we work with partners", "About us"]
    client.post(f"/organisation/site-pages/{how.id}/move", data={"direction": "down"})
    assert [slug for slug, _ in pages()] == ["about", "how-we-work"]

    response = client.post(f"/organisation/site-pages/{how.id}/delete", follow_redirects=True)
    assert "The page “How we work with partners” is removed from the site." in text(html(response))
    assert client.get("/site/how-we-work/").status_code == 404
    assert [slug for slug, _ in pages()] == ["about"]


def test_the_frozen_site_has_the_edited_pages_in_its_navigation(app, client, auth, tmp_path):
    """A freeze writes each page as saved and lists it in every page's navigation; a
    deleted one is gone, and an edit rewrites that page."""
    client.post(
        "/organisation/site-pages/new", data={"title": "Volunteer", "slug": "", "body": "Join."}
    )
    how = page("how-we-work")
    client.post(f"/organisation/site-pages/{how.id}/delete")
    dest = tmp_path / "site"
    freeze_site(app, dest)
    home = BeautifulSoup((dest / "index.html").read_text(), "html.parser")
    nav = {text(a): a["href"] for a in home.select("header nav a")}
    assert nav["Volunteer"] == "volunteer/index.html"
    assert "Join." in (dest / "volunteer" / "index.html").read_text()
    assert not (dest / "how-we-work").exists()

    about = page("about")
    client.post(
        f"/organisation/site-pages/{about.id}/",
        data={"title": "About us", "slug": "about", "body": "Changed text."},
    )
    again = freeze_site(app, dest)
    assert "/about/" in again.written and "/volunteer/" not in again.written
    assert "Changed text." in (dest / "about" / "index.html").read_text()


def test_russian_editor(client, auth, user):
    """In Russian: the tab, headings, buttons, a field error and the flash message."""
    user.language = Language.RU
    db.session.commit()
    listing = html(client.get("/organisation/site-pages/"))
    assert text(listing.select_one("nav.tabs [aria-current=page]")) == "Страницы сайта"
    assert "Добавить страницу" in text(listing)
    form = html(client.get("/organisation/site-pages/new"))
    assert text(form.find("h1")) == "Новая страница"
    buttons = [text(b) for b in form.select(".actions button")]
    assert buttons == ["Сохранить", "Предпросмотр"]
    refused = html(client.post("/organisation/site-pages/new", data={"title": "", "body": ""}))
    assert "Назовите страницу" in text(refused.select_one("#title-field .error"))
    done = client.post(
        "/organisation/site-pages/new",
        data={"title": "Волонтёрам", "slug": "", "body": "Приходите."},
        follow_redirects=True,
    )
    assert "Страница «Волонтёрам» добавлена на сайт." in text(html(done))
    assert page("volonteram").title == "Волонтёрам"
