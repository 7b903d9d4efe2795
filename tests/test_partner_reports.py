"""Each partner's private "what you made possible" report after a finished project: its PDF
read back by its text in the partner's language, sending by hand and by e-mail, the list per
project and the dashboard's block."""

import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from pypdf import PdfReader

from planner.enums import Category, Direction, ItemStatus, Language, Sector, Stage, Status
from planner.extensions import db
from planner.models import Organisation, PartnerReport, Thanks
from tests import factories
from tests.test_letters_mail import smtp  # noqa: F401 (the loopback SMTP server fixture)

RU_HEADERS = {"Accept-Language": "ru"}


def html(response) -> BeautifulSoup:
    assert response.status_code == 200, response.text[:500]
    return BeautifulSoup(response.text, "html.parser")


def words(node) -> str:
    return " ".join(node.get_text().split())


def pdf_text(data: bytes) -> str:
    """The PDF's text as one line: words hyphenated at a line's end joined again."""
    assert data.startswith(b"%PDF-")
    raw = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    joined = re.sub(r"(\w)[-\u2010\u00ad]\s*\n\s*(\w)", r"\1\2", raw)
    return " ".join(joined.split())


def finished_project(**fields):
    return factories.project(
        **{
            "title": "Winter Warmth",
            "slug": "winter-warmth",
            "stage": Stage.REPORTING,
            "start_date": date(2025, 11, 1),
            "end_date": date(2026, 3, 31),
            **fields,
        }
    )


def giver(project, name="North Bakery", consent_name=True, **partner):
    """A partnership that took part and gave: a delivered gift, a delivered internal one, a
    planned one, and something it got."""
    p = factories.partnership(
        project,
        factories.partner(
            name=name, sector=Sector.BUSINESS, contact_person="Olga Petrova", **partner
        ),
        status=Status.COMPLETED,
        consent_name=consent_name,
    )
    c = factories.commitment
    c(p, category=Category.MONEY, value=Decimal(1500), status=ItemStatus.DELIVERED,
      description="Cash for the kitchen")  # fmt: skip
    c(p, category=Category.GOODS, value=Decimal("987654.40"), internal=True, quantity=300,
      unit="loaves", status=ItemStatus.DELIVERED, description="Day-old bread")  # fmt: skip
    c(p, category=Category.SERVICES, status=ItemStatus.PLANNED, description="Van hire never came")
    c(p, direction=Direction.GETS, category=Category.RECOGNITION, status=ItemStatus.DELIVERED,
      description="Logo on the poster")  # fmt: skip
    return p


def with_report(project, partnership, published=False):
    report = factories.report(project, published=published, summary="Sixty elders, one winter.")
    factories.key_result(report, label="elders ate warm meals", value=60, unit="people")
    db.session.add(
        Thanks(
            report_id=report.id,
            partnership_id=partnership.id,
            made_possible="Bread every day for sixty elders.",
            thank_you="Thank you, Olga, for every loaf.",
        )
    )
    db.session.commit()
    return report


@pytest.fixture
def org(user):
    org = db.session.scalar(sa.select(Organisation))
    org.name = "Warm Home"
    org.name_translated = "Тёплый дом"
    org.signatory_name = "Ilze Berzina"
    db.session.commit()
    return org


# --- the document -----------------------------------------------------------------------------


@pytest.mark.parametrize("consent_name", [True, False], ids=["named", "unnamed"])
def test_pdf_in_english_says_what_was_given_made_possible_and_thanks(
    client, auth, org, consent_name
):
    """A partner's PDF lists what it gave and what that made possible, the results and the
    thanks, whether or not it agreed to be named; nothing planned, nothing internal."""
    project = finished_project()
    p = giver(project, consent_name=consent_name)
    with_report(project, p)
    text = pdf_text(client.get(f"/partner-reports/{p.id}.pdf").data)
    assert "What you made possible" in text
    assert "Dear Olga Petrova," in text
    assert "Cash for the kitchen" in text and "€1,500.00" in text
    assert "Day-old bread" in text and "300 loaves" in text
    assert "Bread every day for sixty elders." in text
    assert "elders ate warm meals: 60 people" in text
    assert "Thank you, Olga, for every loaf." in text
    # the internal value, the planned item and what the partner got are not in it
    assert "987" not in text
    assert "Van hire never came" not in text and "Logo on the poster" not in text
    # not published: no link to a public report
    assert "public report" not in text


@pytest.mark.parametrize("consent_name", [True, False], ids=["named", "unnamed"])
def test_pdf_in_russian_for_a_russian_partner(client, auth, org, consent_name):
    """A partner who reads Russian gets its report in Russian, whatever the page's language."""
    project = finished_project(title_translated="Тёплая зима")
    p = giver(project, name="Северная пекарня", language=Language.RU, consent_name=consent_name)
    with_report(project, p)
    text = pdf_text(client.get(f"/partner-reports/{p.id}.pdf").data)
    assert "Что стало возможным благодаря вам" in text
    assert "Тёплая зима" in text and "Тёплый дом" in text
    assert "Ваш вклад" in text and "1 500,00 €" in text and "300 loaves" in text
    assert "Чего добился проект" in text and "Спасибо" in text
    assert "31 марта 2026 г." in text
    assert "987" not in text and "What you made possible" not in text


def test_link_to_the_public_report_only_when_published(client, auth, org):
    """The report points to the public report once it is published, and not before."""
    project = finished_project()
    p = giver(project)
    report = with_report(project, p)
    url = f"/partner-reports/{p.id}.pdf"
    assert "reports/winter-warmth" not in pdf_text(client.get(url).data)
    report.published_at = report.updated_at
    db.session.commit()
    text = pdf_text(client.get(url).data)
    assert "The public report on the project: http://localhost:8000/reports/winter-warmth/" in text


def test_only_partners_that_gave_of_finished_projects(client, auth, org):
    """A running project has no partner reports; a partner that gave nothing delivered gets none."""
    running = factories.project(stage=Stage.DELIVERY, end_date=date.today() + timedelta(days=30))
    p = giver(running, name="Busy Bakery")
    assert client.get(f"/partner-reports/{p.id}/").status_code == 404
    page = html(client.get(f"/projects/{running.slug}/partner-reports/"))
    assert "not finished yet" in words(page)
    project = finished_project()
    idle = factories.partnership(project, status=Status.COMPLETED)
    factories.commitment(idle, status=ItemStatus.PROMISED, description="Never came")
    assert client.get(f"/partner-reports/{idle.id}/").status_code == 404


# --- sending -----------------------------------------------------------------------------------


def test_marking_sent_by_hand(client, auth, org, user):
    """A report given by hand is recorded with its date and who recorded it."""
    project = finished_project()
    p = giver(project)
    page = html(client.get(f"/projects/{project.slug}/partner-reports/"))
    assert words(page.select_one(".report-state")) == "Not sent"
    response = client.post(f"/partner-reports/{p.id}/sent", data={"sent_on": "2026-04-10"})
    assert response.status_code == 302
    page = html(client.get(response.location))
    assert "The report to North Bakery is marked as sent." in words(page)
    assert words(page.select_one(".report-state")) == f"Sent on 10 Apr 2026 by hand ({user.name})"
    record = db.session.scalar(sa.select(PartnerReport))
    assert (record.sent_on, record.method, record.sent_by_id) == (
        date(2026, 4, 10),
        "hand",
        user.id,
    )


def test_marking_sent_needs_a_date_in_russian(client, auth, org):
    """Without a date the form says so, in Russian for a Russian coordinator."""
    p = giver(finished_project())
    response = client.post(
        f"/partner-reports/{p.id}/sent", data={"sent_on": ""}, headers=RU_HEADERS
    )
    assert response.status_code == 422
    page = BeautifulSoup(response.text, "html.parser")
    assert words(page.select_one("#sent_on-error")) == "Укажите дату отправки."
    assert db.session.scalar(sa.select(PartnerReport)) is None


def test_sending_by_email_attaches_the_pdf(client, auth, org, user, smtp):  # noqa: F811
    """E-mailed through the letters' mail server, the partner gets its PDF, and it is recorded."""
    project = finished_project()
    p = giver(project, email="olga@bakery.example")
    with_report(project, p)
    response = client.post(
        f"/partner-reports/{p.id}/email", data={"recipient": "olga@bakery.example"}
    )
    assert response.status_code == 302
    (message,) = smtp.messages
    assert smtp.envelopes == [["olga@bakery.example"]]
    assert message["Subject"] == "What you made possible in Winter Warmth"
    (attachment,) = [part for part in message.iter_attachments()]
    assert attachment.get_content_type() == "application/pdf"
    assert "Bread every day for sixty elders." in pdf_text(attachment.get_content())
    record = db.session.scalar(sa.select(PartnerReport))
    assert (record.method, record.recipient, record.sent_on) == (
        "email",
        "olga@bakery.example",
        date.today(),
    )
    page = html(client.get(response.location))
    assert "The report was e-mailed to olga@bakery.example." in words(page)


def test_a_refusing_server_records_nothing(client, auth, org, smtp):  # noqa: F811
    """When the mail server refuses, the coordinator is told and the report stays unsent."""
    p = giver(finished_project())
    smtp.refuse = "550 5.1.1 No such mailbox"
    response = client.post(
        f"/partner-reports/{p.id}/email", data={"recipient": "nobody@bakery.example"},
        follow_redirects=True,
    )  # fmt: skip
    assert "refused the address nobody@bakery.example" in response.text
    assert db.session.scalar(sa.select(PartnerReport)) is None


def test_a_note_saved_over_a_newer_one_is_refused(client, auth, org):
    """Two people editing the note: the second save shows the first's note and keeps its text."""
    p = giver(finished_project())
    client.post(f"/partner-reports/{p.id}/note", data={"note": "First note", "revision": ""})
    record = db.session.scalar(sa.select(PartnerReport))
    assert (record.note, record.revision) == ("First note", 1)
    client.post(f"/partner-reports/{p.id}/note", data={"note": "Second", "revision": "1"})
    response = client.post(f"/partner-reports/{p.id}/note", data={"note": "Stale", "revision": "1"})
    assert response.status_code == 409
    page = BeautifulSoup(response.text, "html.parser")
    assert page.select_one("#note").get_text().strip() == "Stale"  # what was typed is kept
    assert words(page.select_one("#note-saved")) == "Saved now: Second"
    db.session.expire_all()
    assert db.session.scalar(sa.select(PartnerReport.note)) == "Second"
    assert "Second" in pdf_text(client.get(f"/partner-reports/{p.id}.pdf").data)


# --- the dashboard ----------------------------------------------------------------------------


def owed(page) -> list[str]:
    return [words(li) for li in page.select(".partner-reports-due li")]


def test_dashboard_lists_finished_projects_owing_reports(client, auth, org):
    """A finished project is listed with how many partners wait for theirs until all are sent."""
    project = finished_project()
    first, second = giver(project, name="A Bakery"), giver(project, name="B Shop")
    assert owed(html(client.get("/"))) == [
        "Winter Warmth is finished and 2 partners have not had their report."
    ]
    client.post(f"/partner-reports/{first.id}/sent", data={"sent_on": "2026-04-10"})
    page = html(client.get("/", headers=RU_HEADERS))
    assert owed(page) == ["Проект Winter Warmth завершён, а 1 партнёр ещё не получил свой отчёт."]
    client.post(f"/partner-reports/{second.id}/sent", data={"sent_on": "2026-04-11"})
    assert owed(html(client.get("/"))) == []


def test_dashboard_block_sends_as_many_queries_with_more_projects(client, auth, org, count_queries):
    """The dashboard's query count does not grow with finished projects and their partners."""

    def add(n: int) -> None:
        for i in range(n):
            project = factories.project(stage=Stage.CLOSED, end_date=date(2026, 1, 1))
            for j in range(2):
                giver(project, name=f"Partner {i}-{j}-{project.id}")

    def queries() -> tuple[int, list[str]]:
        with count_queries() as statements:
            page = client.get("/")
        db.session.remove()
        return len(statements), owed(html(page))

    queries()  # the first request fills the caches every later one reads
    add(3)
    few, listed = queries()
    assert len(listed) == 3
    add(12)
    many, listed = queries()
    assert len(listed) == 10
    assert many == few


def test_russian_plural_forms_on_the_list(client, auth, org):
    """The project's list counts partners and unsent reports in Russian plural forms."""
    project = finished_project()
    for n in range(5):
        giver(project, name=f"Партнёр {n}")
    page = html(client.get(f"/projects/{project.slug}/partner-reports/", headers=RU_HEADERS))
    assert words(page.select_one("caption")) == "5 партнёров · 5 отчётов ещё не отправлены"
    assert words(page.select_one("h1")) == "Отчёты для партнёров"


def test_russian_partner_gets_a_russian_email(client, auth, org, smtp):  # noqa: F811
    """The e-mail to a partner who reads Russian is written in Russian, with its PDF."""
    project = finished_project(title_translated="Тёплая зима")
    p = giver(project, name="Северная пекарня", language=Language.RU)
    client.post(f"/partner-reports/{p.id}/email", data={"recipient": "olga@bakery.example"})
    (message,) = smtp.messages
    # a long encoded subject is folded onto its own line: read without the fold
    assert message["Subject"].strip() == "Что стало возможным благодаря вам в проекте «Тёплая зима»"
    assert "Проект «Тёплая зима» завершён" in message.get_body(("plain",)).get_content()
    (attachment,) = list(message.iter_attachments())
    assert "Ваш вклад" in pdf_text(attachment.get_content())


def test_unsent_reports_in_one_pdf(client, auth, org):
    """The batch PDF holds every report not sent yet, each on its own page, and no sent one."""
    project = finished_project()
    _first, second, _third = (giver(project, name=n) for n in ("A Bakery", "B Shop", "C Radio"))
    client.post(f"/partner-reports/{second.id}/sent", data={"sent_on": "2026-04-10"})
    response = client.get(f"/projects/{project.slug}/partner-reports/unsent.pdf")
    reader = PdfReader(io.BytesIO(response.data))
    texts = [page.extract_text() for page in reader.pages]
    assert len(texts) == 2
    assert "A Bakery" in texts[0] and "C Radio" in texts[1]
    assert not any("B Shop" in text for text in texts)
