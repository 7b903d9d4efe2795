"""Addresses and consent on the public site: every partner page has a unique, stable
address, the directory lists each partner once, and naming consent is per partnership."""

from decimal import Decimal

from bs4 import BeautifulSoup

from planner.enums import ItemStatus, Sector, Status
from planner.publishing.freeze import freeze_site
from tests import factories


def html(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.text, "html.parser")


def text(node) -> str:
    return " ".join(node.get_text().split())


def named_partner(project, partner, gave: str = "Bread", **fields):
    """A partner named in `project`, with something delivered (so the report lists it)."""
    partnership = factories.partnership(
        project, partner, status=Status.ACTIVE, consent_name=True, **fields
    )
    factories.commitment(
        partnership, status=ItemStatus.DELIVERED, value=Decimal(100), description=gave
    )
    return partnership


def partner_links(page: BeautifulSoup, slug: str) -> dict[str, str]:
    """The report page's links to its partner pages, by address."""
    prefix = f"/site/reports/{slug}/"
    return {
        a["href"]: text(a)
        for a in page.select("main a[href]")
        if a["href"].startswith(prefix) and a["href"] != prefix
    }


def test_partners_whose_names_make_one_address_get_two_stable_ones(client, user):
    """Two named partners of one name: two pages; a third added later moves neither."""
    project = factories.project(title="Winter Warmth", slug="winter-warmth")
    first = factories.partner(name="Good Hands", sector=Sector.NGO)
    second = factories.partner(name="Good Hands", sector=Sector.VOLUNTEERS)
    older = factories.partner(name="GOOD hands!", sector=Sector.BUSINESS)  # made before, joins last
    named_partner(project, first, gave="Soup from the first")
    named_partner(project, second, gave="Soup from the second")
    factories.report(project, published=True)

    links = partner_links(html(client.get("/site/reports/winter-warmth/")), "winter-warmth")
    addresses = {
        "/site/reports/winter-warmth/good-hands/",
        f"/site/reports/winter-warmth/good-hands-{second.id}/",
    }
    assert set(links) == addresses
    page = f"/site/reports/winter-warmth/good-hands-{second.id}/"
    assert "Soup from the second" in text(html(client.get(page)))
    directory = html(client.get("/site/partners/"))
    entries = directory.select("ul.directory > li")
    assert [text(e.find("strong")) for e in entries] == ["Good Hands", "Good Hands"]
    assert {e.find("a")["href"] for e in entries} == addresses

    named_partner(project, older)
    later = partner_links(html(client.get("/site/reports/winter-warmth/")), "winter-warmth")
    assert set(later) == addresses | {f"/site/reports/winter-warmth/good-hands-{older.id}/"}
    for address in later:
        assert client.get(address).status_code == 200
    assert len(html(client.get("/site/partners/")).select("ul.directory > li")) == 3


def test_a_consent_given_later_moves_no_address(client, user):
    """A partner that agrees to be named later gets a suffix, not the address already out."""
    project = factories.project(title="Spring", slug="spring")
    shy = factories.partnership(
        project, factories.partner(name="Same Name"), status=Status.ACTIVE, consent_name=False
    )
    factories.commitment(shy, status=ItemStatus.DELIVERED, value=Decimal(5))
    bold = named_partner(project, factories.partner(name="Same Name"))
    factories.report(project, published=True)
    links = partner_links(html(client.get("/site/reports/spring/")), "spring")
    assert set(links) == {f"/site/reports/spring/same-name-{bold.partner_id}/"}
    shy.consent_name = True
    from planner.extensions import db

    db.session.commit()
    links = partner_links(html(client.get("/site/reports/spring/")), "spring")
    assert f"/site/reports/spring/same-name-{bold.partner_id}/" in links
    assert "/site/reports/spring/same-name/" in links


def consent_per_project():
    """Bright Bakery named in project A, not in project B; both published, both mention it."""
    bakery = factories.partner(name="Bright Bakery", sector=Sector.BUSINESS)
    a = factories.project(title="Project A", slug="project-a")
    named_partner(a, bakery)
    factories.report(a, published=True, narrative="Bright Bakery baked for us.")
    b = factories.project(title="Project B", slug="project-b")
    unnamed = factories.partnership(b, bakery, status=Status.ACTIVE, consent_name=False)
    factories.commitment(unnamed, status=ItemStatus.DELIVERED, value=Decimal(50))
    library = factories.partner(name="Town Library", sector=Sector.GOVERNMENT)
    named_partner(
        b,
        library,
        consent_quote=True,
        quote="Working beside Bright Bakery was a joy.",
    )
    factories.report(
        b,
        published=True,
        summary="Bright Bakery and the library fed the camp.",
        narrative="Thanks to Bright Bakery, every child had bread.",
    )


def test_a_partner_named_in_one_project_is_its_sector_in_another(client, user):
    """B's story, B's partner page and B's feed entry say "a local business"; A names it."""
    consent_per_project()
    story_b = text(html(client.get("/site/reports/project-b/")).find("main"))
    assert "Bright Bakery" not in story_b
    assert "Thanks to a local business, every child had bread." in story_b
    page_b = text(html(client.get("/site/reports/project-b/town-library/")).find("main"))
    assert "Bright Bakery" not in page_b
    assert "Working beside a local business was a joy." in page_b
    assert client.get("/site/reports/project-b/bright-bakery/").status_code == 404
    feed = client.get("/site/feed.atom").text
    entry_b = feed[feed.index("Project B") :]
    entry_b = entry_b[: entry_b.index("</entry>")]
    assert "Bright Bakery" not in entry_b and "a local business and the library" in entry_b
    home_b = html(client.get("/site/")).find("a", string="Project B").find_parent(["li", "article"])
    assert "Bright Bakery" not in text(home_b)
    # in its own project it is named
    assert "Bright Bakery baked for us." in text(html(client.get("/site/reports/project-a/")))
    assert client.get("/site/reports/project-a/bright-bakery/").status_code == 200
    directory = html(client.get("/site/partners/"))
    bakery = directory.find("strong", string="Bright Bakery").find_parent("li")
    assert [text(a) for a in bakery.select("a")] == ["Project A"]


def test_the_frozen_pages_of_the_other_project_never_name_it(app, user, tmp_path):
    """The privacy scan of a freeze: no file of project B names the partner unnamed in it."""
    consent_per_project()
    dest = tmp_path / "site"
    freeze_site(app, dest)
    files_b = list((dest / "reports" / "project-b").rglob("*.html"))
    assert len(files_b) == 2  # the report and its named partner's page
    for path in files_b:
        assert "Bright Bakery" not in path.read_text(encoding="utf-8"), path
    feed = (dest / "feed.atom").read_text(encoding="utf-8")
    entry_b = feed[feed.index("Project B") :]
    assert "Bright Bakery" not in entry_b[: entry_b.index("</entry>")]
    assert "Bright Bakery" in (dest / "reports" / "project-a" / "index.html").read_text()
