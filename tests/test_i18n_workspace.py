"""The workspace in Russian: the header, forms, dashboard, asks, overview, projects and the
organisation's profile, and which language a coordinator gets."""

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from icalendar import Calendar

from planner.enums import Answer, Language, Sector, Status
from planner.extensions import db
from planner.models import Organisation, Project
from tests import factories

RU = {"Accept-Language": "ru"}
EN = {"Accept-Language": "en"}


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split()) if node else ""


def words(node) -> str:
    """Text as a reader runs through it, without spaces added between tags."""
    return " ".join(node.get_text().split())


def flashes(page) -> list[str]:
    return [text(p) for p in page.select(".flashes .flash")]


def organisation() -> Organisation:
    return db.session.scalar(sa.select(Organisation))


def test_dashboard_speaks_russian_to_a_russian_browser(client, auth):
    """With Accept-Language ru, the page is lang=ru and its heading, menu and buttons Russian."""
    page = html(client.get("/", headers=RU))
    assert page.html["lang"] == "ru"
    assert page.title.get_text() == "Главная · Partnership Planner"
    assert text(page.h1) == "Главная"
    assert [text(a) for a in page.select("header nav a")] == [
        "Главная",
        "Проекты",
        "Партнёры",
        "Обзор",
        "Когда обращаться",
        "Организация",
    ]
    assert text(page.select_one("a.skip")) == "Перейти к содержанию"
    assert text(page.select_one("form.signout button")) == "Выйти"
    assert [text(b) for b in page.select("form.language button")] == ["English"]
    assert text(page.select_one("#attention ~ p.ok")) == "Сейчас ничто не требует вашего внимания."
    assert words(page.select_one("#mine ~ p")) == (
        "Вы пока не координируете ни одного проекта. Начать проект."
    )


def test_a_russian_field_error_and_summary(client, auth):
    """An empty required field and a too long one are refused with Russian messages."""
    response = client.post("/projects/new", data={"title": "", "slug": "x" * 61}, headers=RU)
    page = html(response)
    assert text(page.select_one("#title-error")) == "Заполните это поле."
    assert text(page.select_one("#slug-error")) == "Не больше 60 символов."
    assert text(page.select_one(".error-summary")) == (
        "Исправьте 2 отмеченных ниже поля; всё, что вы ввели, сохранилось."
    )


def test_a_russian_flash_after_saving(client, auth):
    """Saving a project says so in Russian, with the project's own title as typed."""
    response = client.post(
        "/projects/new", data={"title": "Тёплый дом", "slug": "warm", "stage": "idea"}, headers=RU
    )
    page = html(client.get(response.location, headers=RU))
    assert flashes(page) == ["Проект «Тёплый дом» сохранён."]


@pytest.mark.parametrize(
    ("hidden", "expected"),
    [
        (1, "Ещё 1 сомнительное партнёрство из 11 не показано."),
        (2, "Ещё 2 сомнительных партнёрства из 12 не показаны."),
        (5, "Ещё 5 сомнительных партнёрств из 15 не показаны."),
        (21, "Ещё 21 сомнительное партнёрство из 31 не показано."),
    ],
)
def test_dashboard_counts_what_it_leaves_out_in_russian_plurals(client, auth, hidden, expected):
    """Beyond the ten listed, the dashboard counts the doubtful agreements left out, in the
    Russian form the number takes (1, 2, 5 and 21)."""
    project = factories.project(title="Тёплый дом")
    for _ in range(10 + hidden):
        factories.partnership(project=project, status=Status.AGREED, criteria=Answer.UNSURE)
    page = html(client.get("/", headers=RU))
    assert expected in [text(p) for p in page.select("#attention ~ p.hint")]


def test_dashboard_warnings_in_russian(client, auth):
    """An overloaded project and a doubtful agreement are explained in whole Russian sentences."""
    busy = factories.project(title="Кухня")
    for status in (Status.CONTACTED, Status.NEGOTIATING, Status.COMMITTED, Status.ACTIVE):
        factories.partnership(project=busy, status=status)
    factories.partnership(
        partner=factories.partner(name="Пекарня"),
        project=factories.project(title="Хлеб"),
        status=Status.ACTIVE,
        criteria=Answer.NO,
    )
    warnings = [words(li) for li in html(client.get("/", headers=RU)).select(".warnings li")]
    assert warnings[0].startswith("В проекте Кухня одновременно в работе 4 партнёрства.")
    assert warnings[1] == (
        "Пекарня в проекте «Хлеб»: статус «в работе», но по критериям "
        "«потребность, соответствие, мотивация» нет однозначного «да»."
    )


def test_dashboard_dates_in_russian(client, auth, user):
    """A project's dates read as Russian write them."""
    factories.project(
        title="Зима", coordinator=user, start_date=date(2026, 11, 2), end_date=date(2027, 3, 1)
    )
    row = html(client.get("/", headers=RU)).select_one("#mine ~ table tbody tr")
    assert text(row.select("td")[2]) == "2 нояб. 2026 г. – 1 мар. 2027 г."


def test_overview_money_in_roubles_in_russian(client, auth):
    """A rouble organisation's sums read 1 500,00 ₽ in Russian, in the table and the chart."""
    organisation().currency = "RUB"
    db.session.commit()
    link = factories.partnership(
        partner=factories.partner(name="Пекарня", sector=Sector.BUSINESS), status=Status.ACTIVE
    )
    factories.commitment(link, value=Decimal("1500"), due_date=date(2026, 11, 23))
    page = html(client.get("/overview/", headers=RU))
    assert text(page.h1) == "Вклад партнёров"
    assert text(page.select_one("#h-sector")) == "По секторам"
    assert [text(th) for th in page.select("#table-sector thead th")] == ["Сектор", "Стоимость"]
    assert text(page.select_one("#table-sector tbody td")) == "1 500,00 ₽"
    assert [text(th) for th in page.select("#table-year tbody th")] == ["2026"]
    chart = page.select_one("svg.chart")
    assert chart["aria-label"] == "Стоимость вкладов по секторам"
    assert "1 500,00 ₽" in [text(t) for t in chart.select("text")]


def test_the_account_language_beats_the_browser(client, auth, user):
    """A coordinator who chose Russian gets it from an English browser, and the other way round."""
    user.language = Language.RU
    db.session.commit()
    page = html(client.get("/", headers=EN))
    assert page.html["lang"] == "ru" and text(page.h1) == "Главная"
    user.language = Language.EN
    db.session.commit()
    page = html(client.get("/", headers=RU))
    assert page.html["lang"] == "en" and text(page.h1) == "Dashboard"


def test_language_switch_before_and_after_signing_in(client, user):
    """The switch works for a visitor, its choice goes with them onto their account, and a
    signed-in switch is kept on the account, through signing out."""
    page = html(client.get("/login", headers=EN))
    assert text(page.h1) == "Sign in"
    response = client.post("/language", data={"language": "ru", "next": "/login"}, headers=EN)
    assert response.location == "/login"
    page = html(client.get("/login", headers=EN))
    assert page.html["lang"] == "ru"
    assert text(page.h1) == "Войти"
    assert text(page.select_one("label[for=password]")) == "Пароль"

    response = client.post(
        "/login", data={"email": user.email, "password": "wrong password"}, headers=EN
    )
    assert text(html(response).select_one("#password-error")) == (
        "Нет учётной записи с такими адресом и паролем."
    )
    client.post("/login", data={"email": user.email, "password": factories.PASSWORD}, headers=EN)
    assert text(html(client.get("/", headers=EN)).h1) == "Главная"
    assert db.session.get(type(user), user.id).language == "ru"

    client.post("/language", data={"language": "en", "next": "/"}, headers=RU)
    assert text(html(client.get("/", headers=RU)).h1) == "Dashboard"
    client.post("/language", data={"language": "ru", "next": "/"}, headers=EN)
    response = client.post("/logout", headers=EN)
    page = html(client.get(response.location, headers=EN))
    assert text(page.h1) == "Войти"
    assert flashes(page) == ["Вы вышли из системы."]


def test_error_page_in_russian(client, auth):
    """A missing page is explained in Russian."""
    response = client.get("/projects/nowhere/edit", headers=RU)
    assert response.status_code == 404
    page = html(response)
    assert text(page.h1) == "Страница не найдена"
    assert text(page.select_one("main a[href='/']")) == "Вернуться на главную"


def test_asks_page_in_russian_with_russian_month_names(client, auth):
    """When to ask: headings, the lead-time form and its months in Russian."""
    page = html(client.get("/asks/", headers=RU))
    assert text(page.h1) == "Когда обращаться"
    assert text(page.select_one("#overdue-h")) == "Просрочено"
    assert text(page.select_one("#overdue-h ~ p.ok")) == "Просроченных запросов нет."
    assert text(page.select_one("label[for=budget_month]")) == (
        "Бизнес: месяц бюджетного планирования (по умолчанию)"
    )
    months = [text(o) for o in page.select("#budget_month option")]
    assert months[0] == "Январь" and months[10] == "Ноябрь" and len(months) == 12
    assert text(page.select_one("#budget_month option[selected]")) == "Октябрь"
    english = html(client.get("/asks/", headers=EN))
    assert text(english.select_one("#budget_month option[selected]")) == "October"


@pytest.mark.parametrize(
    ("count", "expected"),
    [(1, "1 запрос."), (2, "2 запроса."), (5, "5 запросов."), (21, "21 запрос.")],
)
def test_asks_listing_counts_in_russian(client, auth, count, expected):
    """The full list of open asks counts them in the Russian form for 1, 2, 5 and 21."""
    link = factories.partnership(status=Status.ACTIVE)
    for n in range(count):
        factories.commitment(link, due_date=date(2030, 1, 1 + n))
    page = html(client.get("/asks/list/open/", headers=RU))
    assert text(page.select_one("section p.hint")) == expected


def test_calendar_feed_speaks_its_owners_language(app, client, auth, user):
    """The feed, fetched by a calendar app that says nothing of language, is in the account's."""
    user.language = Language.RU
    db.session.commit()
    link = factories.partnership(
        partner=factories.partner(name="Пекарня", sector=Sector.BUSINESS),
        project=factories.project(title="Хлеб"),
        status=Status.ACTIVE,
    )
    factories.commitment(link, description="Мука", due_date=date(2030, 1, 1))
    factories.grant_call(name="Фонд", funder="Министерство")
    client.post("/asks/calendar/token")
    feed = html(client.get("/asks/")).select_one("#feed-url")["value"]
    body = app.test_client().get(feed).data
    summaries = {str(e["summary"]) for e in Calendar.from_ical(body).walk("VEVENT")}
    assert "Обратиться к партнёру Пекарня: Мука (Хлеб)" in summaries
    assert "Срок вклада партнёра Пекарня: Мука (Хлеб)" in summaries
    assert "Срок подачи на грант: Фонд (Министерство)" in summaries


def test_organisation_profile_in_russian(client, auth):
    """The profile's labels are Russian; the names in the other language are headed by it."""
    page = html(client.get("/organisation/", headers=RU))
    assert text(page.h1) == "Организация"
    assert text(page.select_one("label[for=place]")) == "Город"
    assert text(page.select_one("label[for=language]")) == "Язык публичного сайта и писем"
    legend = page.select_one("fieldset legend")
    assert text(legend) == "На русском"
    assert text(page.select_one("main form button[type=submit]")) == "Сохранить профиль"
    assert [text(o) for o in page.select("#language option")] == ["Английский", "Русский"]


def test_organisation_profile_saved_in_russian(client, auth):
    """A Russian organisation keeps its English names; the fieldset says they are in English."""
    response = client.post(
        "/organisation/",
        data={
            "org_name": "Тёплый дом",
            "place": "Пермь",
            "name_translated": "Warm Home",
            "place_translated": "Perm",
            "address_translated": "1 Lenin Street",
            "language": "ru",
            "currency": "rub",
        },
        headers=RU,
    )
    page = html(client.get(response.location, headers=RU))
    assert flashes(page) == ["Профиль организации сохранён."]
    assert text(page.select_one("fieldset legend")) == "На английском"
    org = organisation()
    assert (org.name, org.place, org.currency) == ("Тёплый дом", "Пермь", "RUB")
    assert (org.name_translated, org.place_translated) == ("Warm Home", "Perm")
    assert org.address_translated == "1 Lenin Street"


def test_project_form_in_russian_names_the_other_language(client, auth):
    """The project form's translated title is labelled with the organisation's other language."""
    page = html(client.get("/projects/new", headers=RU))
    assert text(page.h1) == "Новый проект"
    assert text(page.select_one("label[for=title_translated]")) == "Название на русском"
    assert text(page.select_one("label[for=territory_translated]")) == "Территория на русском"
    assert text(page.select_one("#title_translated-hint")) == (
        "Используется в письмах на этом языке; если поле пустое, берётся значение выше."
    )
    assert text(page.select_one("#coordinator_id option[value='0']")) == "— пока никто —"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Project)) == 0
