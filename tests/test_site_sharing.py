"""A public site worth sharing: the home page's intro, cards and totals (from public values
only), readable charts with money, Open Graph tags and the generated card, and the
organisation's colour (applied, and refused when white text on it is unreadable)."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from PIL import Image

from planner import ROOT
from planner.enums import Direction, ItemStatus, Language, Sector, Status
from planner.extensions import db
from planner.models import Organisation
from planner.organisation.forms import contrast_with_white
from planner.publishing.freeze import freeze_site
from tests import factories

SITE_URL = "http://localhost:8000"


def html(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def text(tag) -> str:
    return " ".join(tag.get_text(" ", strip=True).split())


def gave(project, value, *, named=True, internal=False, name=None):
    """A partner of `project` that delivered something worth `value`."""
    partner = factories.partner(name=name or None, sector=Sector.BUSINESS)
    partnership = factories.partnership(
        project=project, partner=partner, status=Status.ACTIVE, consent_name=named
    )
    factories.commitment(
        partnership,
        direction=Direction.GIVES,
        status=ItemStatus.DELIVERED,
        value=Decimal(value),
        internal=internal,
    )
    return partner


@pytest.fixture
def shared_site(app):
    """Two published reports of 2026: one with a photo and results, one without; partners
    named and unnamed, one value internal; and an unpublished report's partner."""
    factories.organisation(intro="We keep older people warm.\n\nTogether with our partners.")
    winter = factories.project(
        title="Winter Warmth", slug="winter-warmth", start_date=date(2026, 1, 10)
    )
    spring = factories.project(
        title="Spring Garden", slug="spring-garden", end_date=date(2026, 5, 1)
    )
    hidden = factories.project(title="Secret Camp", slug="secret-camp")
    gave(winter, 1000, name="North Bakery")
    gave(winter, 500, named=False, name="Quiet Shop")
    gave(spring, 250, name="Green Library")
    gave(spring, 9999, internal=True, name="Inside Ltd")  # a partner; its value is internal
    gave(hidden, 70000, name="Camp Sponsor")
    report = factories.report(winter, published=True, summary="Sixty elders, one winter.")
    factories.photo(report, alt="Volunteers carry blankets")
    for label, value in (("elders kept warm", 60), ("blankets", 200), ("hot meals", 900)):
        factories.key_result(report, label=label, value=value)
    factories.key_result(report, label="a fourth result", value=1)
    factories.report(spring, published=True, summary="A garden for the home.")
    factories.report(hidden)
    return winter, spring


def test_home_page_shows_intro_totals_and_cards(client, shared_site):
    """The home page opens with the intro and totals from public values, then a card per
    report: its photo or generated card, its dates and its first three key results."""
    page = html(client.get("/site/"))
    assert [text(p) for p in page.select(".intro p")] == [
        "We keep older people warm.",
        "Together with our partners.",
    ]
    # Four partners listed (named or not); 1,000 + 500 + 250: the internal value and the
    # unpublished report's partner do not count.
    assert text(page.select_one(".totals")) == "In 2026, 4 partners gave help worth €1,750."
    cards = {text(card.h2): card for card in page.select(".report-card")}
    assert set(cards) == {"Winter Warmth", "Spring Garden"}
    winter = cards["Winter Warmth"]
    assert winter.img["alt"] == "Volunteers carry blankets"
    assert winter.img["src"].startswith("/site/media/")
    assert text(winter.select_one(".period")) == "10 January 2026"
    assert [text(li) for li in winter.select(".card-figures li")] == [
        "60 elders kept warm",
        "200 blankets",
        "900 hot meals",
    ]
    spring = cards["Spring Garden"]
    assert spring.img["src"] == "/site/reports/spring-garden/card.png"
    assert (spring.img["width"], spring.img["height"]) == ("1200", "630")


def test_home_page_leaks_no_unnamed_partner_nor_internal_value(client, shared_site):
    """Neither the unnamed partner's name, the internal value nor the unpublished report's
    partner reaches the home page (the partner with the internal value is named: its name
    may be there)."""
    body = client.get("/site/").get_data(as_text=True)
    for private in ("Quiet Shop", "9,999", "9999", "Camp Sponsor", "70,000"):
        assert private not in body


def test_totals_in_russian_with_plurals(client, app, shared_site):
    """A Russian organisation's totals: the year, the partners' plural and roubles."""
    org = db.session.scalar(sa.select(Organisation))
    org.language, org.currency = Language.RU, "RUB"
    db.session.commit()
    page = html(client.get("/site/"))
    # Russian groups digits and sets the sign apart with (narrow) no-break spaces.
    totals = text(page.select_one(".totals")).replace("\u202f", " ").replace("\u00a0", " ")
    assert totals == "В 2026 году 4 партнёра оказали помощь на сумму 1 750 ₽."


@pytest.mark.parametrize(
    ("count", "words"),
    [
        (1, "1 партнёр оказал"),
        (2, "2 партнёра оказали"),
        (5, "5 партнёров оказали"),
        (21, "21 партнёр оказал"),
    ],
)
def test_russian_totals_plurals(app, count, words):
    """The totals' sentence agrees with the number of partners in Russian: 1, 2, 5, 21."""
    from flask_babel import force_locale

    from planner.publishing.data import Totals
    from planner.publishing.routes import totals_sentence

    with app.test_request_context(), force_locale("ru"):
        sentence = totals_sentence(Totals(count, Decimal(1_200_000), 2026, 2026), "RUB")
    assert sentence == f"В 2026 году {words} помощь на сумму 1,2\u00a0млн\u00a0₽."


def test_totals_across_years_in_english(app):
    """Reports over several years say from when to when; a million is written short."""
    from planner.publishing.data import Totals
    from planner.publishing.routes import totals_sentence

    with app.test_request_context():
        sentence = totals_sentence(Totals(42, Decimal(1_200_000), 2024, 2026), "EUR")
        one = totals_sentence(Totals(1, Decimal(0), 2026, 2026), "EUR")
    assert sentence == "From 2024 to 2026, 42 partners gave help worth €1.2M."
    assert one == "In 2026, 1 partner helped our projects."


def test_charts_keep_body_size_text_and_write_money(client, shared_site):
    """A report's chart is drawn without a viewBox (its text is not scaled down with the
    drawing), its text takes the page's size, and values carry the currency."""
    page = html(client.get("/site/reports/winter-warmth/"))
    svg = page.select_one(".chart-pair svg")
    assert svg.get("viewbox") is None and svg["width"] == "100%"
    assert not any(t.get("font-size") for t in svg.find_all("text"))
    assert [text(t) for t in svg.find_all("text")] == ["Business", "€1,500"]
    css = (ROOT / "static" / "site.css").read_text()
    rule = re.search(r"\.chart text \{([^}]*)\}", css).group(1)
    assert "font-size: 1rem" in rule


def test_report_pages_carry_open_graph_tags(client, shared_site):
    """og:title, og:description, og:url and og:image are there, absolute on SITE_URL: the
    photo for a report that has one, the generated card for one that has none."""

    def meta(url):
        page = html(client.get(url))
        return {m.get("property") or m.get("name"): m.get("content") for m in page("meta")}

    winter = meta("/site/reports/winter-warmth/")
    assert winter["og:title"] == "Winter Warmth · Warm Home Foundation"
    assert winter["og:description"] == "Sixty elders, one winter."
    assert winter["og:url"] == f"{SITE_URL}/reports/winter-warmth/"
    assert winter["og:image"].startswith(f"{SITE_URL}/media/")
    assert winter["og:image:alt"] == "Volunteers carry blankets"
    spring = meta("/site/reports/spring-garden/")
    assert spring["og:image"] == f"{SITE_URL}/reports/spring-garden/card.png"
    assert (spring["og:image:width"], spring["og:image:height"]) == ("1200", "630")
    assert spring["twitter:card"] == "summary_large_image"


def test_generated_card_is_a_1200_by_630_png(client, shared_site):
    """The card of a report without photos is a real PNG, 1200 × 630, in the site's colour."""
    response = client.get("/site/reports/spring-garden/card.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    image = Image.open(io.BytesIO(response.data))
    assert (image.format, image.size) == ("PNG", (1200, 630))
    assert image.getpixel((5, 5)) == (0x1F, 0x5F, 0x8B)
    # The title is drawn in white on it.
    assert (255, 255, 255) in {image.getpixel((x, 110)) for x in range(80, 600)}
    assert client.get("/site/reports/secret-camp/card.png").status_code == 404


def test_freeze_writes_the_card_theme_and_logo(app, shared_site, tmp_path):
    """The frozen site holds the card of the report without photos (not of the one with
    one), theme.css with the organisation's colour, and the logo its header shows."""
    from werkzeug.datastructures import FileStorage

    from planner.uploads import IMAGES, save_upload

    data = io.BytesIO()
    Image.new("RGB", (300, 100), (200, 30, 30)).save(data, "PNG")
    data.seek(0)
    org = db.session.scalar(sa.select(Organisation))
    org.logo_file = save_upload(FileStorage(data, filename="logo.png"), IMAGES)
    org.accent_colour = "#8a1538"
    db.session.commit()
    dest = tmp_path / "site"
    freeze_site(app, dest)
    card = Image.open(dest / "reports/spring-garden/card.png")
    assert card.size == (1200, 630)
    assert card.getpixel((5, 5)) == (0x8A, 0x15, 0x38)
    assert not (dest / "reports/winter-warmth/card.png").exists()
    assert (dest / "theme.css").read_text() == ":root { --accent: #8a1538; }\n"
    home = BeautifulSoup((dest / "index.html").read_text(), "html.parser")
    logo = home.select_one(".site-header .site-logo")
    assert (logo["width"], logo["height"]) == ("300", "100")
    assert (dest / logo["src"]).is_file()
    assert [link["href"] for link in home("link", rel="stylesheet")] == [
        "static/site.css",
        "theme.css",
    ]


def test_accent_colour_is_saved_and_applied(client, auth):
    """An admin sets the site's colour; theme.css gives it to the site's stylesheet."""
    response = client.post(
        "/organisation/",
        data={
            "org_name": "Warm Home",
            "language": "en",
            "currency": "EUR",
            "accent_colour": "#2E6B30",
            "intro": "Hello.",
        },
    )
    assert response.status_code == 302
    page = html(client.get("/organisation/"))
    assert page.select_one("#accent_colour")["value"] == "#2e6b30"
    assert text(page.select_one("#intro")) == "Hello."
    theme = client.get("/site/theme.css")
    assert theme.mimetype == "text/css"
    assert theme.get_data(as_text=True) == ":root { --accent: #2e6b30; }\n"
    site = html(client.get("/site/"))
    assert site.select_one("link[href='/site/theme.css']") is not None


@pytest.mark.parametrize(
    ("colour", "message"),
    [
        (
            "#ffd700",
            "White text on this colour is hard to read (contrast 1.4:1, at least 4.5:1 "
            "is needed). Choose a darker colour.",
        ),
        ("gold", "Write the colour as # and six hexadecimal digits, such as #1f5f8b."),
    ],
)
def test_unreadable_or_malformed_colour_is_refused(client, auth, colour, message):
    """A colour white text cannot be read on, or not a colour at all, is refused with a
    message next to the field, and the site keeps its colour."""
    response = client.post(
        "/organisation/",
        data={
            "org_name": "Warm Home",
            "language": "en",
            "currency": "EUR",
            "accent_colour": colour,
        },
    )
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert response.status_code in (200, 422)
    error = page.select_one("#accent_colour-error") or page.find(
        string=lambda s: s and message in s
    )
    assert error is not None and message in text(error.parent if isinstance(error, str) else error)
    db.session.expire_all()
    assert db.session.scalar(sa.select(Organisation.accent_colour)) == "#1f5f8b"


def test_unreadable_colour_is_refused_in_russian(client, auth, user):
    """The contrast message in Russian, with a Russian decimal comma."""
    user.language = Language.RU
    db.session.commit()
    response = client.post(
        "/organisation/",
        data={
            "org_name": "Warm Home",
            "language": "en",
            "currency": "EUR",
            "accent_colour": "#ffd700",
        },
    )
    assert (
        "Белый текст на этом цвете читается плохо (контрастность 1,4:1, нужно не меньше "
        "4,5:1). Выберите цвет темнее." in response.get_data(as_text=True)
    )


def test_contrast_with_white():
    """The WCAG ratio: black 21:1, white 1:1, the default colour above 4.5:1."""
    assert round(contrast_with_white("#000000"), 1) == 21.0
    assert round(contrast_with_white("#ffffff"), 1) == 1.0
    assert contrast_with_white("#1f5f8b") > 4.5
    assert contrast_with_white("#767676") > 4.5 > contrast_with_white("#777777")
