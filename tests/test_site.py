"""The public site (as the app previews it under /site/): consent decides every name,
logo and quote; sitemap, feed, robots and social metadata; charts with a table beside.

`build_site()` makes the organisation these tests (and tests/test_freeze.py) publish:
hostile values everywhere a coordinator types, and the list of what must never be public.
"""

import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from PIL import Image
from werkzeug.datastructures import FileStorage

from planner.enums import (
    Answer,
    Category,
    ContactKind,
    Direction,
    Health,
    ItemStatus,
    Language,
    Sector,
    Status,
)
from planner.extensions import db
from planner.models import Organisation, Report
from planner.uploads import IMAGES, save_upload
from tests import factories

SITE_URL = "http://localhost:8000"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

# A story that names, quotes and contacts partners who did not agree to be named.
NARRATIVE = """\
Sixty elders ate **warm meals** all winter.

Quiet Shop (call Ivan Sidorov on +7 (900) 444-55-66, ivan+quiet@shop.test,
7 Hidden Lane) paid for the blankets; QUIET SHOP asked not to be named.
Maybe Radio nearly joined. North Bakery's Olga Petrova (olga@bakery.test,
+7 900 111-22-33, 12 Mill Street) baked every day. Next year Hidden Donor Fund
(Greta Giver, donor@hidden.test) may join.

<script>alert('story')</script> <img src=x onerror="alert('img')">
[click me](javascript:alert('link'))
"""


@dataclass
class Site:
    """What build_site() made: the published report, who may be named, what must stay private."""

    winter: object
    summer: object
    bakery: object
    quiet: object
    library: object
    published_photos: list[str]
    unpublished_photos: list[str]
    bakery_logo: str
    library_logo: str
    quiet_logo: str
    private: list[str] = field(default_factory=list)

    @property
    def consenting(self) -> dict[str, str]:
        """Partner page slug → name, for the published report's partners named with consent."""
        return {"north-bakery": "North Bakery", "city-library-central-friends": self.library_name}

    library_name = 'City Library <Central> & "Friends"'


def png_upload(colour=(0, 90, 160)) -> str:
    out = io.BytesIO()
    Image.new("RGB", (120, 60), colour).save(out, "PNG")
    out.seek(0)
    return save_upload(FileStorage(out, filename="logo.png"), IMAGES)


def build_site() -> Site:
    """One published report with three kinds of partner, and one unpublished report."""
    factories.organisation(email="office-private@warmhome.test", address="1 Office Road")
    coordinator = factories.user(email="coordinator-private@warmhome.test", name="Cora")
    admin = factories.user(email="admin-private@warmhome.test", admin=True)
    winter = factories.project(
        title="Winter Warmth",
        slug="winter-warmth",
        summary="Warm meals for lonely elders.",
        territory="North district",
        start_date=date(2025, 11, 1),
        end_date=date(2026, 3, 31),
        coordinator_id=coordinator.id,
    )
    summer = factories.project(
        title="Secret Summer Camp", slug="secret-summer-camp", coordinator_id=admin.id
    )

    bakery_logo, library_logo, quiet_logo = png_upload(), png_upload((9, 9, 9)), png_upload()
    bakery = factories.partnership(
        winter,
        factories.partner(
            name="North Bakery",
            sector=Sector.BUSINESS,
            contact_person="Olga Petrova",
            email="olga@bakery.test",
            phone="+7 900 111-22-33",
            address="12 Mill Street\nNorthtown 190001",
            notes="CONFIDENTIAL-NOTE bakery owes the bank",
            audience="CONFIDENTIAL-AUDIENCE the bakery's regulars",
            audience_size=4321987,
            capacity="CONFIDENTIAL-CAPACITY 40 loaves a week",
            logo_file=bakery_logo,
        ),
        status=Status.COMPLETED,
        need_note="CONFIDENTIAL-NEED bakery",
        fit_note="CONFIDENTIAL-FIT bakery",
        motivation_note="CONFIDENTIAL-MOTIVATION tax",
        partner_contact="Olga at the till",
        consent_name=True,
        consent_logo=True,
        consent_quote=True,
        quote="Glad to bake for the elders.",
        follow_up_note="CONFIDENTIAL-FOLLOWUP bakery may sponsor",
        satisfaction=None,
        again_us=Answer.YES,
    )
    quiet = factories.partnership(
        winter,
        factories.partner(
            name="Quiet Shop",
            sector=Sector.BUSINESS,
            contact_person="Ivan Sidorov",
            email="ivan+quiet@shop.test",
            phone="+7 (900) 444-55-66",
            address="7 Hidden Lane\nSouthtown 190002",
            notes="CONFIDENTIAL-NOTE quiet <script>alert(1)</script>",
            logo_file=quiet_logo,
        ),
        status=Status.COMPLETED,
        need_note="CONFIDENTIAL-NEED quiet",
        # a logo and quote consent mean nothing without consent to be named
        consent_logo=True,
        consent_quote=True,
        quote="CONFIDENTIAL-QUOTE we never agreed",
        follow_up_note="CONFIDENTIAL-FOLLOWUP quiet unhappy",
    )
    library = factories.partnership(
        winter,
        factories.partner(
            name=Site.library_name,
            sector=Sector.GOVERNMENT,
            contact_person="Lena Librarian",
            email="lena@library.test",
            phone="+7 900 777-88-99",
            address="3 Book Square",
            logo_file=library_logo,
        ),
        status=Status.ACTIVE,
        consent_name=True,
        quote="CONFIDENTIAL-QUOTE library without quote consent",
    )
    radio = factories.partnership(
        winter,
        factories.partner(
            name="Maybe Radio", sector=Sector.MEDIA, email="radio@maybe.test", phone="+7 900 5550"
        ),
        status=Status.NEGOTIATING,
    )

    c = factories.commitment
    c(bakery, category=Category.MONEY, value=Decimal(1500), status=ItemStatus.DELIVERED,
      description="Cash for the kitchen")  # fmt: skip
    c(bakery, category=Category.GOODS, value=Decimal("987654.40"), internal=True,
      status=ItemStatus.DELIVERED, description="Day-old bread", quantity=Decimal(300),
      unit="loaves")  # fmt: skip
    c(bakery, category=Category.SERVICES, value=Decimal(4321), status=ItemStatus.PLANNED,
      description="CONFIDENTIAL-PLANNED van hire")  # fmt: skip
    c(bakery, direction=Direction.GETS, category=Category.RECOGNITION,
      status=ItemStatus.DELIVERED, description="Logo on the poster")  # fmt: skip
    c(quiet, category=Category.MONEY, value=Decimal(750), status=ItemStatus.DELIVERED,
      description="CONFIDENTIAL-DESCRIPTION Quiet Shop paid for blankets")  # fmt: skip
    c(quiet, category=Category.SERVICES, value=Decimal("876543.21"), internal=True,
      status=ItemStatus.DELIVERED, description="Delivery")  # fmt: skip
    c(library, category=Category.PREMISES, value=Decimal(2400), status=ItemStatus.DELIVERED,
      description="The reading room on Sundays")  # fmt: skip
    c(radio, category=Category.INFO_SUPPORT, value=Decimal(100), status=ItemStatus.PROMISED)
    for p, note in (
        (bakery, "CONFIDENTIAL-HEALTH late twice"),
        (quiet, "CONFIDENTIAL-HEALTH unhappy"),
    ):
        factories.health_check(p, colour=Health.AMBER, note=note)

    report = factories.report(winter, published=True, summary="Sixty elders, one winter.",
                              narrative=NARRATIVE)  # fmt: skip
    factories.key_result(report, label="elders ate warm meals", value=60, unit="people")
    factories.key_result(report, label="Thanks to Quiet Shop: blankets", value=120)
    photos = [
        factories.photo(report, alt="Volunteers serving soup", credit="Anna", size=(2000, 1400)),
        factories.photo(report, alt="Ivan Sidorov of Quiet Shop with blankets"),
    ]
    thanks = [
        (bakery, "Bread every day for sixty elders.", "Thank you, Olga, for every loaf."),
        (quiet, "Warm blankets, thanks to Quiet Shop.", "CONFIDENTIAL-THANKS dear Ivan Sidorov"),
        (library, "A warm room on Sundays.", "Thank you, Lena!"),
    ]
    from planner.models import Thanks

    for p, made, thank in thanks:
        db.session.add(
            Thanks(report_id=report.id, partnership_id=p.id, made_possible=made, thank_you=thank)
        )
    db.session.commit()

    # Each partner's private report after the project: its note is for that partner alone,
    # named (the bakery) or not (the quiet shop), sent or not.
    from planner.models import PartnerReport

    db.session.add_all(
        [
            PartnerReport(
                partnership_id=bakery.id,
                note="CONFIDENTIAL-PARTNER-REPORT Olga, the elders ask for your rye bread.",
                sent_on=date(2026, 4, 10),
                method="hand",
            ),
            PartnerReport(
                partnership_id=quiet.id,
                note="CONFIDENTIAL-PARTNER-REPORT Ivan, every blanket found a home.",
            ),
        ]
    )
    db.session.commit()

    hidden = factories.report(
        summer, summary="CONFIDENTIAL-UNPUBLISHED summary: the camp budget is cut"
    )
    secret_photo = factories.photo(hidden, alt="CONFIDENTIAL-UNPUBLISHED photo")
    sponsor = factories.partnership(
        summer,
        factories.partner(name="Camp Sponsor Ltd", sector=Sector.BUSINESS, email="s@camp.test"),
        status=Status.COMPLETED,
        consent_name=True,
    )
    # a partner of another project that never agreed to be named, mentioned in the story
    factories.partnership(
        summer,
        factories.partner(
            name="Hidden Donor Fund",
            sector=Sector.NGO,
            contact_person="Greta Giver",
            email="donor@hidden.test",
        ),
        status=Status.NEGOTIATING,
    )
    c(
        sponsor,
        value=Decimal(5000),
        status=ItemStatus.DELIVERED,
        description="CONFIDENTIAL camp money",
    )

    # the contact log is private: its summaries, outcomes and next steps never reach the site
    factories.contact(
        bakery,
        kind=ContactKind.MEETING,
        with_whom="Olga Petrova",
        summary="CONFIDENTIAL-CONTACT bakery may cut the bread in spring",
        outcome="CONFIDENTIAL-OUTCOME",
        next_step="CONFIDENTIAL-STEP call the owner",
        next_due_on=date.today(),
        next_owner_id=coordinator.id,
    )
    factories.contact(library, kind=ContactKind.INVITATION, summary="CONFIDENTIAL-INVITATION")

    site = Site(
        winter=winter,
        summer=summer,
        bakery=bakery,
        quiet=quiet,
        library=library,
        published_photos=[p.file for p in photos],
        unpublished_photos=[secret_photo.file],
        bakery_logo=bakery_logo,
        library_logo=library_logo,
        quiet_logo=quiet_logo,
    )
    site.private = [
        # contact details of every partner
        "Olga Petrova", "olga@bakery.test", "+7 900 111-22-33", "12 Mill Street",
        "Northtown 190001", "Olga at the till",
        "Ivan Sidorov", "ivan+quiet@shop.test", "+7 (900) 444-55-66", "7 Hidden Lane",
        "Southtown 190002", "Lena Librarian", "lena@library.test", "+7 900 777-88-99",
        "3 Book Square", "radio@maybe.test", "+7 900 5550", "s@camp.test",
        "Greta Giver", "donor@hidden.test", "Hidden Donor Fund",
        # names without consent in the published report; the unpublished report
        "Quiet Shop", "Maybe Radio", "Secret Summer Camp", "Camp Sponsor Ltd",
        # internal values, as the site formats values
        "987,654", "876,543", "987654", "876543", "4,321,987", "4321987",
        # users and the organisation's own contact details
        "coordinator-private@warmhome.test", "admin-private@warmhome.test",
        "office-private@warmhome.test",
        # notes, criteria, health, follow-up, unpublished text, quotes without consent
        "CONFIDENTIAL",
    ]  # fmt: skip
    return site


# --- helpers --------------------------------------------------------------------------------


def html(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.text, "html.parser")


def text(node) -> str:
    return " ".join(node.get_text().split())


def parse_xml(data: bytes) -> ET.Element:
    return ET.fromstring(data)  # noqa: S314 (our own output, in a test)


@pytest.fixture
def site(app):
    return build_site()


# --- consent --------------------------------------------------------------------------------


def test_partner_without_naming_consent_is_only_its_sector(client, site):
    page = html(client.get("/site/reports/winter-warmth/"))
    sections = {text(s.find("h3")): s for s in page.select("section.partner-section")}
    assert set(sections) == {"North Bakery", Site.library_name, "A local business"}
    nameless = sections["A local business"]
    assert nameless.find("a") is None
    assert "750" in text(nameless)
    # what it gave is shown by category only; its own description could name it
    assert "Quiet Shop" not in text(nameless)
    assert "Warm blankets, thanks to a local business." in text(nameless)
    # its name is replaced wherever the coordinator typed it
    main = text(page.find("main"))
    assert "quiet shop" not in main.lower()
    assert "Maybe Radio" not in main
    assert "a local business asked not to be named" in main
    assert "a media partner nearly joined" in main
    # nor does its logo or its quote appear, whatever else it agreed to
    assert site.quiet_logo not in str(page)
    assert "we never agreed" not in str(page)


def test_partner_without_naming_consent_has_no_page_and_is_not_in_the_directory(client, site):
    assert client.get("/site/reports/winter-warmth/quiet-shop/").status_code == 404
    assert client.get("/site/reports/winter-warmth/maybe-radio/").status_code == 404
    directory = html(client.get("/site/partners/"))
    names = [text(li.find("strong")) for li in directory.select("ul.directory > li")]
    assert names == [Site.library_name, "North Bakery"]
    assert "Quiet Shop" not in text(directory)


def test_consenting_partner_has_its_own_page(client, site):
    page = html(client.get("/site/reports/winter-warmth/north-bakery/"))
    assert text(page.find("h1")) == "Your contribution, North Bakery"
    gave = page.find("section", attrs={"aria-labelledby": "gave-h"})
    # delivered contributions only; the internal value is not shown
    assert [text(li) for li in gave.select("li")] == [
        "Money: Cash for the kitchen, worth €1,500.00",
        "Goods: Day-old bread (300 loaves)",
    ]
    assert "Together worth about €1,500.00." in text(gave)
    assert "van hire" not in text(page)
    assert text(page.select_one(".thanks")) == "Thank you, Olga, for every loaf."
    made = page.find("section", attrs={"aria-labelledby": "made-h"})
    assert "Bread every day for sixty elders." in text(made)
    got = page.find("section", attrs={"aria-labelledby": "got-h"})
    assert "Logo on the poster" in text(got)
    # the whole report is one link away
    assert page.find("a", string="Read the whole report")["href"] == "/site/reports/winter-warmth/"


def test_logo_only_with_logo_consent(client, site):
    bakery = html(client.get("/site/reports/winter-warmth/north-bakery/"))
    logo = bakery.select_one("img.partner-logo")
    assert logo["alt"] == "North Bakery logo"
    assert logo["src"] == f"/site/media/{site.bakery_logo}"
    with client.get(logo["src"]) as response:
        assert response.status_code == 200
        assert response.mimetype == "image/png"

    library = html(client.get("/site/reports/winter-warmth/city-library-central-friends/"))
    assert library.select_one("img.partner-logo") is None
    assert site.library_logo not in str(library)
    # nor is a logo without consent served to anyone who is not signed in
    for name in (site.library_logo, site.quiet_logo):
        assert client.get(f"/site/media/{name}").status_code == 404


def test_quote_only_with_quote_consent(client, site):
    bakery = html(client.get("/site/reports/winter-warmth/north-bakery/"))
    quote = bakery.find("blockquote")
    assert text(quote.find("p")) == "Glad to bake for the elders."
    assert text(quote.find("footer")) == "— North Bakery"
    library = html(client.get("/site/reports/winter-warmth/city-library-central-friends/"))
    assert library.find("blockquote") is None
    assert "without quote consent" not in str(library)
    assert text(library.find("h1")) == f"Your contribution, {Site.library_name}"
    assert text(library.select_one(".thanks")) == "Thank you, Lena!"


def test_consent_withdrawn_takes_the_partner_page_down(client, site):
    site.bakery.consent_name = False
    db.session.commit()
    assert client.get("/site/reports/winter-warmth/north-bakery/").status_code == 404
    page = html(client.get("/site/reports/winter-warmth/"))
    assert "North Bakery" not in text(page)
    assert site.bakery_logo not in str(page)
    assert "Glad to bake" not in str(page)


def test_unpublished_report_has_no_pages_and_no_media(client, site):
    assert client.get("/site/reports/secret-summer-camp/").status_code == 404
    assert client.get("/site/reports/secret-summer-camp/camp-sponsor-ltd/").status_code == 404
    assert client.get(f"/site/media/{site.unpublished_photos[0]}").status_code == 404
    assert client.get("/site/media/not-a-file.jpg").status_code == 404
    for name in site.published_photos:
        with client.get(f"/site/media/{name}") as response:
            assert response.status_code == 200
    home = html(client.get("/site/"))
    assert [text(a) for a in home.select(".report-list h2 a")] == ["Winter Warmth"]
    assert "Camp Sponsor" not in text(html(client.get("/site/partners/")))


def test_public_pages_hide_private_values(client, site):
    """The live /site/ pages carry none of the private values (the freeze checks every file)."""
    urls = ["/site/", "/site/partners/", "/site/about/", "/site/how-we-work/", "/site/404.html"]
    urls += ["/site/reports/winter-warmth/"]
    urls += [f"/site/reports/winter-warmth/{slug}/" for slug in site.consenting]
    urls += ["/site/sitemap.xml", "/site/feed.atom", "/site/robots.txt"]
    for url in urls:
        body = client.get(url).get_data(as_text=True).lower()
        for value in site.private:
            assert value.lower() not in body, f"{value!r} is on {url}"


# --- pages: charts, social metadata ---------------------------------------------------------


def test_report_page_charts_have_a_table_beside_them(client, site):
    page = html(client.get("/site/reports/winter-warmth/"))
    pairs = page.select(".chart-pair")
    assert len(pairs) == 2
    for pair in pairs:
        svg = pair.find("svg")
        assert svg["role"] == "img"
        assert svg["aria-label"]
        assert svg.find("title") is not None
        assert pair.find("table") is not None
    tables = {text(p.find("caption")): p.find("table") for p in pairs}
    by_sector = tables["Value of contributions by sector"]
    assert [[text(c) for c in tr.find_all(["th", "td"])] for tr in by_sector.tbody("tr")] == [
        ["Government and state institutions", "€2,400.00"],
        ["Business", "€2,250.00"],
    ]
    # The bars say what the table says: money, in the organisation's currency.
    bars = [text(t) for t in pairs[0].find("svg").find_all("text")]
    assert bars == ["Government and state institutions", "€2,400", "Business", "€2,250"]
    assert "987,654" not in str(pairs)


def test_report_page_shows_results_story_and_photos(client, site):
    page = html(client.get("/site/reports/winter-warmth/"))
    assert text(page.find("h1")) == "Winter Warmth"
    assert text(page.select_one(".lead")) == "Sixty elders, one winter."
    assert [text(li) for li in page.select(".figures li")] == [
        "60 people elders ate warm meals",
        "120 Thanks to a local business: blankets",
    ]
    story = page.select_one("section.narrative")
    assert story.find("strong").get_text() == "warm meals"
    assert story.find("script") is None
    assert story.find("img") is None
    assert story.find("a") is None
    imgs = page.select(".photos img")
    assert [i["alt"] for i in imgs] == [
        "Volunteers serving soup",
        "[private] of a local business with blankets",
    ]
    assert (imgs[0]["width"], imgs[0]["height"]) == ("1600", "1120")
    assert text(page.select_one(".photos figcaption")) == "Photo: Anna"


@pytest.mark.parametrize(
    "url",
    [
        "/site/",
        "/site/partners/",
        "/site/about/",
        "/site/reports/winter-warmth/",
        "/site/reports/winter-warmth/north-bakery/",
    ],
)
def test_social_metadata(client, site, url):
    page = html(client.get(url))
    meta = {m.get("property") or m.get("name"): m.get("content") for m in page.find_all("meta")}
    title = text(page.find("title"))
    assert meta["og:title"] == title
    assert meta["og:description"]
    assert meta["description"] == meta["og:description"]
    assert meta["og:site_name"] == "Warm Home Foundation"
    assert meta["og:url"] == SITE_URL + url.removeprefix("/site")
    # A report's pages share a picture (the report's own photo here): a large card.
    has_image = url.startswith("/site/reports/")
    assert meta["twitter:card"] == ("summary_large_image" if has_image else "summary")
    if url == "/site/reports/winter-warmth/":
        assert meta["og:type"] == "article"
        assert meta["og:description"] == "Sixty elders, one winter."
        # an absolute address on the published site (SITE_URL), as social networks need
        assert meta["og:image"] == f"{SITE_URL}/media/{site.published_photos[0]}"


def test_content_pages(client, site):
    about = html(client.get("/site/about/"))
    assert text(about.find("h1")) == "About us"
    how = html(client.get("/site/how-we-work/"))
    assert text(how.find("h1")) == "How we work with partners"
    assert how.select("article.page ul li")
    nav = [text(a) for a in about.select("nav a")]
    assert nav == ["Reports", "Partners", "About us", "How we work with partners"]
    for bad in ("/site/no-such-page/", "/site/..%2Fsecret/", "/site/reports/nope/"):
        assert client.get(bad).status_code == 404


# --- sitemap, feed, robots -------------------------------------------------------------------


def expected_pages(site) -> set[str]:
    pages = {"/", "/partners/", "/about/", "/how-we-work/", "/reports/winter-warmth/"}
    pages |= {f"/reports/winter-warmth/{slug}/" for slug in site.consenting}
    return {SITE_URL + p for p in pages}


def test_sitemap_lists_every_page(client, site):
    response = client.get("/site/sitemap.xml")
    assert response.mimetype == "application/xml"
    root = parse_xml(response.data)
    assert root.tag == f"{SITEMAP}urlset"
    locs = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert len(locs) == len(set(locs))
    assert set(locs) == expected_pages(site)


def test_kept_sitemap_follows_a_report_published_after_it(client, site):
    """The sitemap is kept, but a report published since shows up in the next one."""
    client.get("/site/sitemap.xml")
    other = factories.project(title="Spring Clean", slug="spring-clean")
    factories.report(other, published=True)
    root = parse_xml(client.get("/site/sitemap.xml").data)
    assert f"{SITE_URL}/reports/spring-clean/" in {loc.text for loc in root.iter(f"{SITEMAP}loc")}


def test_feed_has_an_entry_per_published_report(client, site):
    other = factories.project(title="Spring <Clean> & Co", slug="spring-clean")
    factories.report(other, published=True, summary='Bags & "gloves" <b>for all</b>')
    response = client.get("/site/feed.atom")
    assert response.mimetype == "application/atom+xml"
    root = parse_xml(response.data)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Spring <Clean> & Co", "Winter Warmth"]
    assert [e.find(f"{ATOM}link").get("href") for e in entries] == [
        f"{SITE_URL}/reports/spring-clean/",
        f"{SITE_URL}/reports/winter-warmth/",
    ]
    assert entries[0].findtext(f"{ATOM}summary") == 'Bags & "gloves" <b>for all</b>'
    for entry in entries:
        assert entry.findtext(f"{ATOM}id")
        assert entry.findtext(f"{ATOM}updated")
        assert entry.findtext(f"{ATOM}published")
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"{SITE_URL}/feed.atom"


def test_robots_names_the_sitemap(client, site):
    response = client.get("/site/robots.txt")
    assert response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in lines


def test_empty_site(client, app):
    factories.organisation()
    home = html(client.get("/site/"))
    assert "No report is published yet." in text(home)
    assert parse_xml(client.get("/site/feed.atom").data).findall(f"{ATOM}entry") == []
    assert "No partner is named yet." in text(html(client.get("/site/partners/")))


# --- the redactor ---------------------------------------------------------------------------


def test_redactor_replaces_the_longest_match_whatever_the_case():
    from planner.publishing.public import Redactor

    redact = Redactor(
        {
            "Quiet": "[short]",
            "Quiet Shop": "a local business",
            "ivan+quiet@shop.test": "[private]",
            "+7 (900) 444-55-66": "[private]",
            "ab": "too short to redact",
        }
    )
    assert redact("QUIET SHOP, Quiet, ivan+QUIET@shop.test, +7 (900) 444-55-66, ab") == (
        "a local business, [short], [private], [private], ab"
    )
    assert redact("") == ""
    assert Redactor({})("Quiet Shop") == "Quiet Shop"


def test_redactor_with_a_whole_registry():
    """Thousands of names and contact details (every partner's): one pattern still matches."""
    from planner.publishing.public import Redactor

    replacements = {}
    for i in range(3000):
        replacements[f"Partner {i} Ltd"] = "a local business"
        replacements[f"contact{i}@partner.test"] = "[private]"
        replacements[f"+7 812 555 {i:05d}"] = "[private]"
    redact = Redactor(replacements)
    text = (
        "Thanks to Partner 12 Ltd and Partner 1234 Ltd (contact77@partner.test, +7 812 555 02999)."
    )
    assert redact(text * 50) == (
        "Thanks to a local business and a local business ([private], [private])." * 50
    )


# --- the cached registry redactor, paging, constant cost --------------------------------------


def test_renamed_partner_is_redacted_on_the_next_page_without_a_restart(client, site):
    """The cached redactor follows a rename of a partner that is not named: no stale pattern."""
    page = text(html(client.get("/site/reports/winter-warmth/")))
    assert "a local business asked not to be named" in page
    # a story written after the rename mentions the new name
    site.quiet.partner.name = "Silent Store"
    db.session.commit()
    from planner.models import Report

    report = db.session.scalar(db.select(Report).where(Report.project_id == site.winter.id))
    report.summary = "Silent Store gave blankets."
    db.session.commit()
    page = text(html(client.get("/site/reports/winter-warmth/")))
    assert "Silent Store" not in page
    assert "A local business gave blankets." in page or "a local business gave blankets." in page


def test_withdrawn_consent_is_redacted_on_the_next_page_without_a_restart(client, site):
    """Withdrawing consent hides the name on the very next request, on every public page."""
    assert "North Bakery" in text(html(client.get("/site/")))
    site.bakery.consent_name = False
    db.session.commit()
    for url in ("/site/", "/site/reports/winter-warmth/", "/site/partners/", "/site/feed.atom"):
        assert "north bakery" not in client.get(url).get_data(as_text=True).lower(), url


def test_the_redactor_is_kept_until_the_next_write(app, site, client):
    """Public pages reuse one built redactor while nothing is written; a write rebuilds it."""
    from planner.publishing.registry import registry_cache
    from planner.stamps import read_stamp

    client.get("/site/")
    stamp, cached = read_stamp(), registry_cache.get()
    client.get("/site/reports/winter-warmth/")
    assert read_stamp() == stamp and registry_cache.get() is cached
    site.library.partner.phone = "+7 900 000-00-00"
    db.session.commit()
    assert read_stamp() == stamp + 1 and registry_cache.get() is not cached


def published_reports(count: int) -> None:
    for _ in range(count):
        project = factories.project()
        partnership = factories.partnership(
            project, factories.partner(), status=Status.COMPLETED, consent_name=True
        )
        factories.commitment(partnership, status=ItemStatus.DELIVERED, value=Decimal(10))
        factories.report(project, published=True, summary="Done.")


def test_home_page_is_paged(client, site):
    """The home page lists the newest reports; older ones are on /reports/page/2/."""
    from planner.publishing.rules import REPORTS_PER_PAGE

    published_reports(REPORTS_PER_PAGE)
    home = html(client.get("/site/"))
    assert len(home.select(".report-list > li")) == REPORTS_PER_PAGE
    older = home.select_one("a[rel=next]")["href"]
    assert older == "/site/reports/page/2/"
    second = html(client.get(older))
    assert [text(a) for a in second.select(".report-list h2 a")] == ["Winter Warmth"]
    assert client.get("/site/reports/page/3/").status_code == 404
    assert client.get("/site/reports/page/1/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/site/",
        "/site/reports/winter-warmth/",
        "/site/reports/winter-warmth/north-bakery/",
        "/site/partners/",
        "/site/feed.atom",
        "/site/sitemap.xml",
    ],
)
def test_public_pages_send_as_many_queries_at_two_sizes(client, site, count_queries, url):
    """A public page's query count does not grow with the number of reports and partners."""
    published_reports(3)
    client.get(url)  # the registry redactor is built once, then cached
    with count_queries() as small:
        assert client.get(url).status_code == 200
    published_reports(30)
    client.get(url)
    with count_queries() as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)


# --- the site's language --------------------------------------------------------------------

RU_MONEY = "\u00a0".join  # Russian groups digits and sets the sign apart with no-break spaces


def organisation_speaks(language: Language, currency: str) -> None:
    org = db.session.scalar(sa.select(Organisation))
    org.language, org.currency = language, currency
    db.session.commit()


@pytest.fixture
def russian_site(site):
    """build_site()'s organisation, speaking Russian and counting in roubles."""
    organisation_speaks(Language.RU, "RUB")
    return site


def test_russian_organisations_home_is_in_russian(client, russian_site):
    """A Russian organisation's home: lang="ru", Russian chrome, dates written the Russian way."""
    response = client.get("/site/")
    page = html(response)
    assert page.html["lang"] == "ru"
    assert text(page.h1) == "Чего мы добились вместе с партнёрами"
    assert page.title.string == "Warm Home Foundation: чего мы добились вместе с партнёрами"
    assert [text(a) for a in page.select(".site-header nav a")][:2] == ["Отчёты", "Партнёры"]
    assert "Лента Atom" in text(page.find("footer"))
    published = page.select_one(".report-list .meta")
    winter = sa.select(Report.published_at).where(Report.project_id == russian_site.winter.id)
    day = db.session.scalar(winter).date()
    assert text(published).startswith(f"Опубликован {day.day} {RU_MONTHS[day.month]} {day.year} г.")
    assert published.time["datetime"] == day.isoformat()
    assert 'Вместе с: City Library <Central> & "Friends", North Bakery и другими.' in text(page)
    assert "Skip to content" not in response.text and "Published" not in response.text


# The months as a Russian date names them (in the genitive: 23 ноября 2026 г.).
RU_MONTHS = dict(
    enumerate(
        "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(),
        start=1,
    )
)


def test_russian_organisations_report_page_is_in_russian(client, russian_site):
    """The report page: Russian headings, dates, roubles in the tables; unnamed partners and
    hidden contacts are written in Russian too, and stay hidden."""
    response = client.get("/site/reports/winter-warmth/")
    page = html(response)
    assert page.html["lang"] == "ru"
    assert text(page.select_one("article .meta")) == (
        "1 ноября 2025 г. – 31 марта 2026 г. · North district"
    )
    headings = [text(h) for h in page.select("article h2")]
    assert headings == ["Ключевые результаты", "Вклад партнёров", "Наши партнёры"]
    tables = {text(t.caption): t for t in page.select(".chart-pair table")}
    by_sector = tables["Стоимость вкладов по секторам"]
    assert [text(th) for th in by_sector.thead("th")] == ["Сектор", "Стоимость"]
    # the cells as written, with their no-break spaces
    assert [td.get_text() for td in by_sector.select("tbody td")] == [
        RU_MONEY(["2", "400,00", "₽"]),
        RU_MONEY(["2", "250,00", "₽"]),
    ]
    sections = {text(s.find("h3")): s for s in page.select("section.partner-section")}
    assert set(sections) == {"North Bakery", Site.library_name, "Местная компания"}
    # the coordinator's own words stay as typed; only the hidden name is the site's
    assert "Warm blankets, thanks to местная компания." in text(sections["Местная компания"])
    story = text(page.select_one("section.narrative"))
    assert "местная компания" in story and "[скрыто]" in story
    for private in russian_site.private:
        assert private not in response.text
    assert page.select_one("figcaption").get_text() == "Фото: Anna"
    assert "Key results" not in response.text and "worth" not in response.text


def test_russian_organisations_partner_page_is_in_russian(client, russian_site):
    """A named partner's page thanks it in Russian, with sums in roubles."""
    page = html(client.get("/site/reports/winter-warmth/north-bakery/"))
    assert page.html["lang"] == "ru"
    assert text(page.h1) == "North Bakery, спасибо за ваш вклад"
    assert [text(h) for h in page.select("article h2")] == [
        "Ваш вклад",
        "Что стало возможным",
        "Чего добился проект",
        "Что вы получили взамен",
    ]
    gave = page.select_one("section[aria-labelledby=gave-h]")
    assert f"на сумму {RU_MONEY(['1', '500,00', '₽'])}" in gave.get_text()
    assert f"Всего примерно на {RU_MONEY(['1', '500,00', '₽'])}." in gave.get_text()
    assert page.select_one("img.partner-logo")["alt"] == "Логотип: North Bakery"
    assert text(page.select("article p a")[-1]) == "Читать весь отчёт"


def test_russian_organisations_directory_and_404_are_in_russian(client, russian_site):
    """The partner directory and the page for a missing address speak Russian."""
    directory = html(client.get("/site/partners/"))
    assert directory.html["lang"] == "ru"
    assert text(directory.h1) == "Наши партнёры"
    assert "Организации и группы, которые согласились" in text(directory)
    names = [text(li.strong) for li in directory.select(".directory > li")]
    assert names == ['City Library <Central> & "Friends"', "North Bakery"]

    # the page a static host shows for a missing address
    page = html(client.get("/site/404.html"))
    assert page.html["lang"] == "ru"
    assert text(page.h1) == "Страница не найдена"
    assert text(page.find("main").find("a")) == "Посмотреть опубликованные отчёты"


def test_russian_organisations_feed_is_in_russian(client, russian_site):
    """The feed's title and language are the site's."""
    feed = parse_xml(client.get("/site/feed.atom").data)
    assert feed.find(f"{ATOM}title").text == "Warm Home Foundation: отчёты"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru"


def test_english_organisations_site_stays_english_for_a_russian_browser(client, site):
    """Every partner reads the same site: a visitor asking for Russian gets the English one."""
    russian = {"Accept-Language": "ru-RU,ru;q=0.9"}
    for url in ("/site/", "/site/reports/winter-warmth/", "/site/partners/"):
        page = html(client.get(url, headers=russian))
        assert page.html["lang"] == "en", url
        assert "Reports" in text(page.select_one(".site-header nav"))
    report = html(client.get("/site/reports/winter-warmth/", headers=russian))
    assert "Key results" in text(report)
    assert "1 November 2025 – 31 March 2026" in text(report)
    missing = html(client.get("/site/404.html", headers=russian))
    assert text(missing.h1) == "Page not found" and missing.html["lang"] == "en"
