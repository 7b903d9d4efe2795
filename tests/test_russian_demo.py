"""The Russian demo speaks Russian: every coordinator page and every public page, crawled with
a Russian browser, has no English word in what people navigate and read first.

What is checked on each page: the visible text of navigation, the title, headings, labels,
buttons (and submit inputs), table headers, legends, flash messages and field errors. Any
word of Latin letters there is English left untranslated, unless it is on the short list
of words Russian writes in Latin letters too, or the demo's own data (letter references,
addresses of e-mail and web sites).
"""

import re
from urllib.parse import urljoin, urlsplit

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from planner.asks.queries import AskList
from planner.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo
from planner.enums import Direction, Language, Status
from planner.extensions import db
from planner.models import (
    Commitment,
    GrantCall,
    Letter,
    Need,
    Organisation,
    Partner,
    PartnerReport,
    Partnership,
    Project,
    Report,
    SitePage,
    User,
)
from planner.publishing.pages import page_names

RUSSIAN = {"Accept-Language": "ru"}
# What people navigate and read first: where an English word is a missed translation.
CHECKED = "title, nav, h1, h2, h3, h4, label, button, th, legend, .flash, .error, .error-summary"
LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
# Names and abbreviations Russian writes in Latin letters too.
ALLOWED_PHRASES = re.compile(r"Partnership Planner|pro bono|e-mail", re.IGNORECASE)
ALLOWED_WORDS = {
    "CSV",
    "XLSX",
    "PDF",
    "iCalendar",
    "ICS",
    "Email",
    "URL",
    "PR",
    "TV",
    "htmx",
    "JPEG",
    "PNG",
    "English",  # the language switch names each language in its own words
}
ADDRESSES = re.compile(r"\S+@\S+|https?://\S+")
# Pages that are files, not HTML (each has its own tests of its content and language).
FILES = {
    "static",
    "site.media",
    "site.feed",
    "site.robots",
    "site.sitemap",
    "organisation.logo_file",
    "partners.logo_file",
    "asks.calendar",
    "letters.pdf",
    "letters.project_pdf",
    "letters.scan",
    "letters.earlier_scan",
    "partner_reports.pdf",
    "partner_reports.unsent_pdf",
    "matrix.csv_export",
    "contacts.invitation_csv",
    "matrix.xlsx_export",
    "reports.mailing_list",
    "budget.xlsx_export",
    "publications.download",
    # The progress of a running publication, an htmx fragment: tests/test_publish.py checks it
    # in Russian (without htmx it leads back to the Public site page, crawled here).
    "publications.progress",
    "partners.export",
    "partners.export_vcards",
    "partners.import_template",
}


# Pages whose text depends on the row they show: crawled for every row of the demo (every
# project's board and matrix, every partner, partnership and letter, every list of asks).
EVERY_ROW = {
    "partnerships.board",
    "matrix.page",
    "budget.page",
    "partners.detail",
    "partnerships.detail",
    "letters.detail",
    "asks.listing",
    "partner_reports.detail",
}
# The sign-in page (tested signed out below) and the first-run set-up (the demo is set up).
# The password link's page opens by its secret link: tests/test_accounts.py checks it in Russian.
BEFORE_SIGNING_IN = {"auth.login", "organisation.setup", "auth.reset"}
# The partner's page for an e-mailed letter opens only by its secret link, in the letter's
# language: tests/test_letters_mail.py checks it in Russian.
PARTNER_PAGES = {"letters.confirm", "letters.confirm_pdf"}
# The import's review opens only with an upload kept for the session:
# tests/test_partners_transfer.py checks it in Russian.
NEEDS_AN_UPLOAD = {"partners.import_review"}


@pytest.fixture
def demo(app, client):
    """The Russian demo organisation, its director signed in."""
    load_demo(language=Language.RU)
    response = client.post("/login", data={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    return client


def own_data() -> list[str]:
    """The demo's data that is Latin by nature: references, fingerprints, slugs."""
    texts = [
        *db.session.scalars(sa.select(Letter.reference)),
        *db.session.scalars(sa.select(Letter.fingerprint).where(Letter.fingerprint.is_not(None))),
        *db.session.scalars(sa.select(Project.slug)),
    ]
    return sorted(texts, key=len, reverse=True)


def english_words(html: str, data: list[str]) -> list[str]:
    """The words of Latin letters in the checked parts of a page, allowed ones left out."""
    page = BeautifulSoup(html, "html.parser")
    texts = [element.get_text(" ", strip=True) for element in page.select(CHECKED)]
    texts += [button.get("value", "") for button in page.select("input[type=submit]")]
    words = set()
    for text in texts:
        text = ADDRESSES.sub(" ", ALLOWED_PHRASES.sub(" ", text))
        for value in data:
            text = text.replace(value, " ")
        words.update(w for w in LATIN_WORD.findall(text) if w not in ALLOWED_WORDS)
    return sorted(words)


def report(found: dict[str, list[str]]) -> str:
    pages = {url: words for url, words in found.items() if words}
    lines = [f"  {url}: {', '.join(words)}" for url, words in pages.items()]
    return f"{len(pages)} of {len(found)} pages show English words:\n" + "\n".join(lines)


def workspace_urls(app) -> tuple[list[str], set[str]]:
    """Every coordinator page (GET) of the URL map, its ids filled from the demo's data,
    and the endpoints that gives pages for."""
    projects = db.session.scalars(sa.select(Project.slug).order_by(Project.id)).all()
    reported = db.session.scalars(sa.select(Project.slug).join(Report)).all()
    partners = db.session.scalars(sa.select(Partner.id).order_by(Partner.id)).all()
    partnerships = db.session.scalars(sa.select(Partnership.id).order_by(Partnership.id)).all()
    letters = db.session.scalars(sa.select(Letter.id).order_by(Letter.id)).all()
    with_reports = set(db.session.scalars(sa.select(PartnerReport.partnership_id)))
    values = {
        "call_id": db.session.scalars(sa.select(GrantCall.id)).all(),
        # A given item: its ask's page (asks.ask) exists only for what a partner gives.
        "item_id": db.session.scalars(
            sa.select(Commitment.id)
            .where(Commitment.direction == Direction.GIVES)
            .order_by(Commitment.id)
            .limit(1)
        ).all(),
        "need_id": db.session.scalars(sa.select(Need.id).order_by(Need.id).limit(1)).all(),
        "letter_id": letters,
        "page_id": db.session.scalars(sa.select(SitePage.id).order_by(SitePage.id)).all(),
        "kind": [kind.value for kind in AskList],
        "status": [status.value for status in Status],
    }
    urls, endpoints = [], set()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in FILES:
            continue
        if (
            rule.endpoint.startswith("site.")
            or rule.endpoint in BEFORE_SIGNING_IN | PARTNER_PAGES | NEEDS_AN_UPLOAD
        ):
            continue  # crawled on their own
        choices = dict(values)
        choices["slug"] = reported if rule.endpoint.startswith("reports.") else projects
        choices["pid"] = partners if rule.endpoint.startswith("partners.") else partnerships
        if rule.endpoint.startswith("partner_reports."):
            # only partners of the finished project that gave something have a report
            choices["slug"], choices["pid"] = (
                reported,
                [p for p in partnerships if p in with_reports],
            )
        if rule.endpoint not in EVERY_ROW:
            # a form is the same page whichever row fills it: one is enough
            choices = {name: options[:1] for name, options in choices.items()}
        filled = [{}]
        for name in rule.arguments:
            filled = [dict(args, **{name: value}) for args in filled for value in choices[name]]
        with app.test_request_context():
            from flask import url_for

            urls += [url_for(rule.endpoint, **args) for args in filled]
        endpoints.add(rule.endpoint)
    urls += ["/partners/?q=лента", "/partners/?sector=business", "/partners/?archived=1"]
    urls += ["/partners/?gave=goods", "/projects/teplaya-zima/?completed=1"]
    return urls, endpoints


def test_every_coordinator_page_is_in_russian(app, demo):
    """Every coordinator page of the Russian demo, in a Russian browser: no English word in
    navigation, headings, labels, buttons, table headers or messages."""
    urls, endpoints = workspace_urls(app)
    assert EVERY_ROW | {"dashboard.index", "projects.create", "overview.index"} <= endpoints
    data = own_data()
    found, broken = {}, []
    for url in urls:
        response = demo.get(url, headers=RUSSIAN)
        if response.status_code != 200 or response.mimetype != "text/html":
            broken.append(f"{url}: {response.status_code} {response.mimetype}")
            continue
        found[url] = english_words(response.text, data)
    assert not broken, "Pages that did not open:\n" + "\n".join(broken)
    assert len(found) > 60
    assert not any(found.values()), report(found)


def public_urls(client) -> list[str]:
    """Every public page: all that the home page leads to, the content pages and the 404."""
    queue = ["/site/", *(f"/site/{name}/" for name in page_names()), "/site/404.html"]
    seen = []
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.append(url)
        response = client.get(url, headers=RUSSIAN)
        if response.mimetype != "text/html":
            continue
        for link in BeautifulSoup(response.text, "html.parser").select("a[href]"):
            target = urlsplit(urljoin(url, link["href"]))
            if not target.netloc and target.path.startswith("/site/") and target.path not in seen:
                queue.append(target.path)
    return seen


def test_every_public_page_is_in_russian(app, demo):
    """The Russian demo's public site, home to 404: `<html lang="ru">` and no English word
    in navigation, headings and labels."""
    anonymous = app.test_client()
    urls = [*public_urls(anonymous), "/site/no-such-page/"]
    assert "/site/reports/letnii-festival-chteniya/" in urls
    assert any(url.startswith("/site/reports/letnii-festival-chteniya/ob-") for url in urls)
    assert "/site/partners/" in urls
    data = own_data()
    found = {}
    for url in urls:
        response = anonymous.get(url, headers=RUSSIAN)
        if response.mimetype != "text/html":
            continue
        # the frozen site's 404.html is a page like any other; an unknown address is a 404
        assert response.status_code == (404 if url == "/site/no-such-page/" else 200), url
        lang = BeautifulSoup(response.text, "html.parser").html.get("lang")
        found[url] = english_words(response.text, data)
        if lang != "ru":
            found[url].insert(0, f'<html lang="{lang}">')
    assert len(found) >= 8
    assert not any(found.values()), report(found)


def test_public_site_names_only_partners_that_agreed(app, demo):
    """The radio that did not agree to be named is not named on the Russian public site,
    nor are contacts and private notes shown."""
    anonymous = app.test_client()
    radio = db.session.scalars(sa.select(Partner).where(Partner.name == "Радио «Нева»")).one()
    for url in public_urls(anonymous):
        text = anonymous.get(url).get_data(as_text=True)
        for private in ("Нева", radio.contact_person, radio.email, "Не для публикации"):
            assert private not in text, (url, private)


def submit(client, url: str, data: dict) -> str:
    response = client.post(url, data=data, headers=RUSSIAN, follow_redirects=True)
    assert response.status_code in (200, 400, 422), (url, response.status_code)
    return response.text


def test_field_errors_and_messages_are_in_russian(app, demo):
    """Invalid forms show their field errors in Russian; actions flash Russian messages."""
    data = own_data()
    partnership = db.session.scalars(
        sa.select(Partnership).where(Partnership.status == Status.CANDIDATE)
    ).first()
    pages = {
        "new project, empty": submit(demo, "/projects/new", {"title": ""}),
        "new partner, empty": submit(demo, "/partners/new", {"name": ""}),
        "new grant call, empty": submit(demo, "/asks/grant-calls/new", {"name": ""}),
        "new need, empty": submit(demo, "/projects/teplaya-zima/needs/new", {"description": ""}),
        "organisation, no name": submit(demo, "/organisation/", {"org_name": ""}),
        "status changed": submit(
            demo, f"/partnerships/{partnership.id}/status", {"status": "contacted"}
        ),
        "unknown status": submit(demo, f"/partnerships/{partnership.id}/status", {"status": "x"}),
    }
    shown = {
        name: BeautifulSoup(html, "html.parser").select(".error, .flash")
        for name, html in pages.items()
    }
    assert all(shown.values()), [name for name, elements in shown.items() if not elements]
    required = BeautifulSoup(pages["new project, empty"], "html.parser").select_one("#title-error")
    assert required.get_text(strip=True) == "Заполните это поле."
    signed_out = app.test_client()
    pages["sign-in, wrong password"] = submit(
        signed_out, "/login", {"email": DEMO_EMAIL, "password": "not the password"}
    )
    pages["sign-in page"] = signed_out.get("/login", headers=RUSSIAN).text
    found = {name: english_words(html, data) for name, html in pages.items()}
    assert not any(found.values()), report(found)


def hint(client, url: str) -> str:
    page = BeautifulSoup(client.get(url, headers=RUSSIAN).text, "html.parser")
    return " ".join(p.get_text(" ", strip=True) for p in page.select("main .hint"))


def test_russian_plurals_dates_and_money_on_real_pages(app, demo):
    """Counts take Russian plural forms (1 партнёр, 2 партнёра, 13 партнёров), dates
    Russian month names, money roubles in Russian form (48 000,00 ₽)."""
    assert re.search(r"\b13 партнёров\b", hint(demo, "/partners/"))
    assert re.search(r"\b2 партнёра\b", hint(demo, "/partners/?sector=business"))
    assert re.search(r"\b1 партнёр\b", hint(demo, "/partners/?q=лента"))
    matrix = BeautifulSoup(
        demo.get("/projects/teplaya-zima/matrix/", headers=RUSSIAN).text, "html.parser"
    ).get_text(" ")
    assert "48\xa0000,00\xa0₽" in matrix
    assert "€" not in matrix and "EUR" not in matrix
    bakery = db.session.scalars(
        sa.select(Partnership)
        .join(Partner)
        .join(Project)
        .where(Partner.name == "Объединённые пекарни", Project.slug == "teplaya-zima")
    ).one()
    detail = demo.get(f"/partnerships/{bakery.id}/", headers=RUSSIAN).text
    months = "янв|февр|мар|апр|мая|июн|июл|авг|сент|окт|нояб|дек"
    assert re.search(rf"\b\d{{1,2}} ({months})\S* \d{{4}}\s?г\.", detail)


def test_cyrillic_search_finds_lenta_whatever_the_case(app, demo):
    """The registry's search finds «Лента» for «лента», «ЛЕНТА» and «Лента» alike."""
    for query in ("лента", "ЛЕНТА", "Лента"):
        page = BeautifulSoup(demo.get(f"/partners/?q={query}", headers=RUSSIAN).text, "html.parser")
        names = [a.get_text(strip=True) for a in page.select("main table a[href^='/partners/']")]
        assert names == ["Лента"], (query, names)


def test_the_demo_is_russian_through_and_through(app, demo):
    """The organisation works in Russian and roubles, its people read Russian."""
    org = db.session.scalars(sa.select(Organisation)).one()
    assert (org.language, org.currency) == (Language.RU, "RUB")
    assert {user.language for user in db.session.scalars(sa.select(User))} == {Language.RU}
    page = BeautifulSoup(demo.get("/", headers=RUSSIAN).text, "html.parser")
    assert page.html["lang"] == "ru"
