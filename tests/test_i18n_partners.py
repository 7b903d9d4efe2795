"""The registry, partnerships and the matrix in Russian; Cyrillic search in the registry."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from planner.enums import Answer, Category, Direction, Sector, Status
from planner.extensions import db
from planner.models import Organisation, Partner, StatusChange
from tests import factories

RU = {"Accept-Language": "ru"}


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def text(node) -> str:
    """Text as a person reads it: Babel's no-break spaces (1 320,50 €) read as spaces."""
    return " ".join(node.get_text(" ", strip=True).split()) if node else ""


def flashes(page) -> list[str]:
    return [text(p) for p in page.select(".flashes .flash")]


def listed(client, q: str) -> list[str]:
    page = html(client.get("/partners/", query_string={"q": q}, headers=RU))
    return [text(tr.select_one("td a")) for tr in page.select("#results tbody tr")]


def set_currency(code: str) -> None:
    org = db.session.scalar(sa.select(Organisation))
    org.currency = code
    db.session.commit()


# --- the registry and the partner form -------------------------------------------------


def test_registry_speaks_russian(client, auth):
    """The registry's heading, filters, table headers and links are Russian."""
    factories.partner(name="Лента", sector=Sector.BUSINESS, contact_person="Ольга")
    page = html(client.get("/partners/", headers=RU))
    assert page.select_one("html")["lang"] == "ru"
    assert text(page.select_one("h1")) == "Реестр партнёров"
    assert text(page.select_one("label[for=q]")) == "Поиск по названию или контактному лицу"
    assert text(page.select_one("form.filters button")) == "Отобрать"
    assert text(page.select_one("#sector option")) == "Все секторы"
    assert [text(th) for th in page.select("#results th")] == [
        "Название",
        "Сектор",
        "Вид",
        "Доверие",
        "Контакт",
        "Партнёрства",
    ]
    assert [text(td) for td in page.select("#results td")][:2] == ["Лента", "Бизнес"]
    assert text(page.select_one("a.button")) == "Новый партнёр"


@pytest.mark.parametrize(
    ("count", "found"),
    [
        (1, "Найден 1 партнёр."),
        (2, "Найдено 2 партнёра."),
        (5, "Найдено 5 партнёров."),
        (21, "Найден 21 партнёр."),
    ],
)
def test_registry_counts_partners_in_russian_plurals(client, auth, count, found):
    """The registry's count takes the Russian plural form its number needs."""
    for n in range(count):
        factories.partner(name=f"Партнёр {n:02}")
    page = html(client.get("/partners/", headers=RU))
    assert text(page.select_one("#results > p.hint")) == found


def test_registry_pager_in_russian(app, client, auth):
    """A long registry's pager says where you are, in Russian."""
    app.config["PARTNERS_PER_PAGE"] = 2
    for n in range(5):
        factories.partner(name=f"Партнёр {n}")
    page = html(client.get("/partners/?page=2", headers=RU))
    assert [text(a) for a in page.select(".pager a")] == [
        "Предыдущая страница",
        "Следующая страница",
    ]
    assert text(page.select_one(".pager span")) == "Страница 2 из 3"


def test_partner_form_speaks_russian(client, auth):
    """The partner form's labels, choices and button are Russian, months by Babel's names."""
    page = html(client.get("/partners/new", headers=RU))
    assert text(page.select_one("h1")) == "Новый партнёр"
    assert text(page.select_one("label[for=name]")) == "Название"
    assert text(page.select_one("label[for=language]")) == "Язык писем"
    assert [text(o) for o in page.select("#language option")] == [
        "— язык организации —",
        "Английский",
        "Русский",
    ]
    months = [text(o) for o in page.select("#budget_month option")]
    assert months[:2] == ["— как принято в организации —", "Январь"]
    assert months[-1] == "Декабрь"
    assert text(page.select_one("fieldset legend")) == "Контакты (только для координаторов)"
    assert text(page.select_one("main form button[type=submit]")) == "Сохранить партнёра"


def test_partner_form_errors_in_russian(client, auth):
    """A missing name and a wrong email are explained in Russian beside their fields."""
    data = {"name": "", "sector": "ngo", "legal_form": "legal_entity", "trust": "new"}
    response = client.post(
        "/partners/new", data={**data, "email": "нет", "budget_month": "0"}, headers=RU
    )
    page = html(response)
    assert text(page.select_one("#name-field .error")) == "Укажите название партнёра."
    assert text(page.select_one("#email-field .error")) == (
        "Введите адрес электронной почты, например name@example.org."
    )
    assert db.session.scalars(sa.select(Partner)).all() == []


def test_kind_of_another_sector_is_refused_in_russian(client, auth):
    """A kind that does not belong to the sector is named with the sector's Russian kinds."""
    response = client.post(
        "/partners/new",
        data={"name": "Радио", "sector": "ngo", "subtype": "radio", "budget_month": "0"},
        headers=RU,
    )
    assert text(html(response).select_one("#subtype-field .error")) == (
        "«Радио» не относится к сектору «НКО»: выберите одно из следующего: "
        "Благотворительная организация, Ассоциация, Фонд, Сеть или коалиция."
    )


def test_saved_partner_page_in_russian(client, auth):
    """After saving, the flash message and the partner's facts are Russian."""
    response = client.post(
        "/partners/new",
        data={
            "name": "Лента",
            "sector": "business",
            "legal_form": "legal_entity",
            "trust": "new",
            "language": "",
            "budget_month": "0",
        },
        headers=RU,
    )
    page = html(client.get(response.headers["Location"], headers=RU))
    assert flashes(page) == ["Партнёр Лента добавлен в реестр."]
    facts = {text(div.dt): text(div.dd) for div in page.select("dl.facts > div")}
    assert facts["Сектор"] == "Бизнес"
    assert facts["Язык писем"] == "Английский (язык организации)"
    assert text(page.select_one("main h2:not(.visually-hidden)")) == "Партнёрства"


@pytest.mark.parametrize(
    ("count", "flash"),
    [
        (1, "У партнёра Лента 1 партнёрство, поэтому"),
        (2, "У партнёра Лента 2 партнёрства, поэтому"),
        (5, "У партнёра Лента 5 партнёрств, поэтому"),
    ],
)
def test_archiving_says_how_many_partnerships_in_russian(client, auth, count, flash):
    """Archiving instead of deleting names the number of partnerships in its Russian form."""
    partner = factories.partner(name="Лента")
    for _ in range(count):
        factories.partnership(partner=partner)
    response = client.post(f"/partners/{partner.id}/delete", headers=RU)
    page = html(client.get(response.headers["Location"], headers=RU))
    [message] = flashes(page)
    assert message.startswith(flash)


# --- Cyrillic search ------------------------------------------------------------------


@pytest.fixture
def cyrillic(app):
    factories.partner(name="Лента", sector=Sector.BUSINESS)
    factories.partner(name="Объединённые пекарни", sector=Sector.BUSINESS)
    factories.partner(name="Дом", contact_person="Мария Ёлкина")
    factories.partner(name="Baltic Radio", sector=Sector.MEDIA)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("лента", ["Лента"]),
        ("ЛЕНТА", ["Лента"]),
        ("ЛеНтА", ["Лента"]),
        ("объединенные", ["Объединённые пекарни"]),
        ("объединённые", ["Объединённые пекарни"]),
        ("ОБЪЕДИНЁННЫЕ", ["Объединённые пекарни"]),
        ("елкина", ["Дом"]),
        ("ЁЛКИНА", ["Дом"]),
        ("BALTIC", ["Baltic Radio"]),
        ("пекарн", ["Объединённые пекарни"]),
        ("лентяй", []),
    ],
)
def test_cyrillic_search_ignores_case_and_yo(client, auth, cyrillic, q, expected):
    """Search finds Cyrillic names and contacts whatever their case, with ё read as е."""
    assert listed(client, q) == expected


def test_search_follows_an_edited_name_and_contact(client, auth):
    """After the name or the contact person is edited, search finds the new, not the old."""
    partner = factories.partner(name="Лента", sector=Sector.BUSINESS, contact_person="Ольга")
    form = {"sector": "business", "legal_form": "legal_entity", "trust": "new"}
    form |= {"budget_month": "0", "contact_person": "Ольга"}
    client.post(f"/partners/{partner.id}/edit", data={**form, "name": "ЛЕНТА Плюс"})
    assert listed(client, "лента плюс") == ["ЛЕНТА Плюс"]
    client.post(
        f"/partners/{partner.id}/edit",
        data={**form, "name": "Магнит", "contact_person": "Пётр Ёжиков"},
    )
    assert listed(client, "лента") == []
    assert listed(client, "ольга") == []
    assert listed(client, "магнит") == ["Магнит"]
    assert listed(client, "ежиков") == ["Магнит"]


# --- the board and a partnership --------------------------------------------------------


def test_board_speaks_russian(client, auth):
    """The board's headings, columns, buttons and doubts are Russian."""
    project = factories.project(title="Тёплый дом")
    factories.partnership(project=project, partner=factories.partner(name="Лента"))
    shaky = factories.partnership(
        project=project,
        partner=factories.partner(name="Пекарня"),
        status=Status.AGREED,
        criteria=Answer.UNSURE,
    )
    page = html(client.get(f"/projects/{project.slug}/", headers=RU))
    assert text(page.select_one("main h2")) == "Партнёрства"
    assert text(page.select_one("#col-candidate")) == "Кандидат 1"
    assert text(page.select_one(".card-actions button")) == "Дальше: первый контакт"
    assert text(page.select_one(".other-status summary")).startswith("Другой статус")
    actions = [text(a) for a in page.select(".heading .actions > a")]
    assert actions[:2] == ["Добавить партнёра", "Матрица вкладов и выгод"]
    assert text(page.select_one(f"#partnership-{shaky.id} .warning")) == (
        "Договорились, но нет уверенного «да» по критериям: "
        "необходимость, совместимость, мотивация."
    )


@pytest.mark.parametrize(
    ("worked", "warning"),
    [(4, "Сейчас в работе 4 партнёрства."), (5, "Сейчас в работе 5 партнёрств.")],
)
def test_too_many_partnerships_warn_in_russian_plurals(client, auth, worked, warning):
    """More partnerships worked at once than the field advises is said in Russian."""
    project = factories.project()
    for _ in range(worked):
        factories.partnership(project=project, status=Status.NEGOTIATING)
    page = html(client.get(f"/projects/{project.slug}/", headers=RU))
    assert text(page.select_one("#board > p.warning")).startswith(warning)


def test_status_change_flash_in_russian(client, auth):
    """Moving a partnership along says so in Russian."""
    partnership = factories.partnership(partner=factories.partner(name="Лента"))
    response = client.post(
        f"/partnerships/{partnership.id}/status", data={"status": "contacted"}, headers=RU
    )
    page = html(client.get(response.headers["Location"], headers=RU))
    assert flashes(page) == ["Лента: статус теперь «Первый контакт»."]


def test_partnership_page_speaks_russian(client, auth, user):
    """The partnership page's sections, history times and health form are Russian."""
    partnership = factories.partnership(
        partner=factories.partner(name="Лента"), status=Status.CONTACTED, by=user
    )
    for step in db.session.scalars(sa.select(StatusChange)):
        step.changed_at = datetime(2026, 11, 23, 14, 5)
    db.session.commit()
    page = html(client.get(f"/partnerships/{partnership.id}/", headers=RU))
    headings = [text(h) for h in page.select("main h2")]
    assert headings == [
        "Статус: Первый контакт",
        "Критерии выбора",
        "Люди и поддержка",
        "Что вносит и получает",
        "Письма о взаимных обязательствах",
        "Контакты и следующие шаги",
        "Состояние партнёрства",
        "История",
    ]
    criteria = [text(dt) for dt in page.select(".criteria-list dt")]
    assert criteria == ["Необходимость", "Совместимость", "Мотивация"]
    steps = page.select("section[aria-labelledby=history-h] li")
    assert [text(li.time) for li in steps] == ["23 нояб. 2026 г., 14:05"] * 2
    assert [text(li).split(": ", 1)[1] for li in steps] == [
        f"Кандидат → Первый контакт — {user.name}",
        f"Кандидат — {user.name}",
    ]
    assert text(page.select_one("#health button[type=submit]")) == "Записать проверку"


def test_health_check_error_in_russian(client, auth):
    """A health check without a colour is refused in Russian."""
    partnership = factories.partnership(status=Status.ACTIVE)
    response = client.post(
        f"/partnerships/{partnership.id}/health", data={"checked_on": "2026-11-23"}, headers=RU
    )
    assert text(html(response).select_one("#colour-field .error")) == (
        "Выберите зелёный, жёлтый или красный."
    )


# --- the matrix ---------------------------------------------------------------------------


@pytest.fixture
def bakery(app):
    project = factories.project(title="Тёплый дом", slug="warm")
    partner = factories.partner(name="Пекарня", sector=Sector.BUSINESS)
    return factories.partnership(project=project, partner=partner, status=Status.ACTIVE)


def test_matrix_speaks_russian(client, auth, bakery):
    """The matrix's headings, buttons, cells and money are Russian (EUR: 1 320,50 €)."""
    factories.commitment(bakery, value=Decimal("1320.50"), due_date=date(2027, 3, 1))
    factories.need(bakery.project, description="Одеяла")
    page = html(client.get("/projects/warm/matrix/", headers=RU))
    assert text(page.select_one("h1")) == "Что партнёры вносят и получают"
    assert [text(a) for a in page.select(".heading .actions > *")] == [
        "Добавить потребность",
        "CSV",
        "Excel",
        "Распечатать таблицу",
    ]
    row = page.select_one(f"#row-{bakery.id}")
    assert [text(h) for h in row.select("h4")] == ["Вносит", "Получает"]
    assert text(page.select_one("#needs-h")) == "Что нужно проекту"
    item = row.select_one(".mx-gives li.it")
    assert text(item.select_one(".tag")) == "Деньги"
    assert text(item.select_one(".amount")) == "1 320,50 €"
    assert text(item.select_one(".state")) == "Запланировано"
    parts = [text(part) for part in item.select(".d > *")]
    assert parts[:2] == ["1 320,50 €", "срок 1 мар. 2027 г."]
    assert parts[2].startswith("обратиться до ")
    add = row.select_one(".mx-gives .add a")
    assert (text(add), add["aria-label"]) == ("+ вносит", "Добавить, что вносит Пекарня")
    assert text(page.select_one("#total-gives")) == "1 320,50 €"
    assert "Потребность «Одеяла» никто не закрывает." in [
        text(li) for li in page.select(".flags li")
    ]


def test_matrix_money_in_roubles(client, auth, bakery):
    """With an organisation that counts in roubles, the matrix writes 1 320,50 ₽."""
    set_currency("RUB")
    factories.commitment(bakery, value=Decimal("1320.50"))
    page = html(client.get("/projects/warm/matrix/", headers=RU))
    assert text(page.select_one("#total-gives")) == "1 320,50 ₽"


def test_matrix_money_in_english(client, auth, bakery):
    """In English the same total reads €1,320.50."""
    factories.commitment(bakery, value=Decimal("1320.50"))
    page = html(client.get("/projects/warm/matrix/", headers={"Accept-Language": "en"}))
    assert text(page.select_one("#total-gives")) == "€1,320.50"


@pytest.mark.parametrize(
    ("count", "shown"),
    [
        (1, "1 позиция без оценки"),
        (2, "2 позиции без оценки"),
        (5, "5 позиций без оценки"),
        (21, "21 позиция без оценки"),
    ],
)
def test_items_without_value_in_russian_plurals(client, auth, bakery, count, shown):
    """The totals count items without a value in the Russian plural their number needs."""
    for _ in range(count):
        factories.commitment(bakery, Direction.GETS, Category.RECOGNITION)
    page = html(client.get("/projects/warm/matrix/", headers=RU))
    assert text(page.select_one("#total-gets")) == shown


def test_matrix_item_form_in_russian(client, auth, bakery):
    """The inline item form (an htmx fragment) and its errors are Russian."""
    url = f"/partnerships/{bakery.id}/items/new?direction=gives&category=money"
    fragment = html(client.get(url, headers={**RU, "HX-Request": "true"}))
    assert text(fragment.select_one(".item-form-title")) == "Добавить: что вносит Пекарня"
    assert text(fragment.select_one("label[for=hourly_rate]")) == "Стоимость часа"
    assert text(fragment.select_one("#need_id option")) == "— нет —"
    response = client.post(
        f"/partnerships/{bakery.id}/items/new",
        data={"direction": "gives", "category": "money", "description": "", "hours": "3"},
        headers={**RU, "HX-Request": "true"},
    )
    fragment = html(response)
    assert text(fragment.select_one("#description-field .error")) == (
        "Опишите, что вносится или получается."
    )
    assert text(fragment.select_one("#hours-field .error")) == (
        "Укажите и часы, и стоимость часа — или ни то ни другое."
    )


def test_matrix_exports_in_the_downloaders_language(client, auth, bakery):
    """CSV and XLSX headers, totals and sheet names are in the language of the download."""
    factories.commitment(bakery, value=Decimal("10"))
    rows = list(csv.reader(io.StringIO(client.get("/projects/warm/matrix.csv", headers=RU).text)))
    header = rows[0]
    assert header[:3] == ["Сектор", "Партнёр", "Статус"]
    assert "Вносит: Деньги" in header
    assert header[-4:] == [
        "Вносит: общая стоимость",
        "Вносит: позиций без оценки",
        "Получает: общая стоимость",
        "Получает: позиций без оценки",
    ]
    assert rows[1][:3] == ["Бизнес", "Пекарня", "В работе"]
    assert rows[-1][1] == "Итого"
    response = client.get("/projects/warm/matrix.xlsx", headers=RU)
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Матрица", "Обязательства"]
    assert next(book["Обязательства"].iter_rows(values_only=True))[:3] == (
        "Партнёр",
        "Направление",
        "Категория",
    )


@pytest.mark.parametrize(
    ("headers", "said"),
    [
        ({"Accept-Language": "en"}, "Upload a JPEG or PNG photo."),
        (RU, "Загрузите фотографию в формате JPEG или PNG."),
    ],
)
def test_a_logo_that_is_not_an_image_is_refused_in_the_pages_language(client, auth, headers, said):
    """A partner's logo upload that is not a JPEG or PNG is refused in the page's language."""
    partner = factories.partner(name="Лента")
    response = client.post(
        f"/partners/{partner.id}/logo",
        data={"logo": (io.BytesIO(b"%PDF-1.4 not a picture"), "logo.pdf")},
        headers=headers,
    )
    page = html(client.get(response.headers["Location"], headers=headers))
    assert flashes(page) == [said]
    assert db.session.get(Partner, partner.id).logo_file is None
