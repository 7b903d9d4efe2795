"""The redesigned matrix in Russian: filters, status buttons, the private-value box, the
print grid, flash messages and plurals."""

from decimal import Decimal

import pytest

from planner.enums import Category, Direction, ItemStatus, Sector, Status
from tests import factories
from tests.test_matrix_views import html, text

RU = {"Accept-Language": "ru"}
HTMX_RU = {**RU, "HX-Request": "true"}


@pytest.fixture
def bakery(auth):
    project = factories.project(title="Тёплый дом", slug="warm")
    partner = factories.partner(name="Пекарня", sector=Sector.BUSINESS)
    return factories.partnership(project=project, partner=partner, status=Status.ACTIVE)


def test_filters_totals_and_status_buttons_are_russian(client, bakery):
    """The filter form, the totals' words and the one-click buttons speak Russian."""
    factories.commitment(bakery, value=Decimal(10), status=ItemStatus.PROMISED)
    page = html(client.get("/projects/warm/matrix/", headers=RU))
    assert [text(label) for label in page.select(".mx-filters label")] == ["Категория", "Статус"]
    assert text(page.select_one("#mx-category option")) == "Все категории"
    assert [g["label"] for g in page.select("#mx-category optgroup")] == [
        "Что вносит партнёр",
        "Что получает партнёр",
    ]
    assert text(page.select_one("#mx-status option")) == "Все статусы"
    assert text(page.select_one(".mx-filters button")) == "Отобрать"
    assert [text(dt) for dt in page.select("#mx-totals dt")] == [
        "Партнёры вносят",
        "Партнёры получают",
    ]
    assert [text(b) for b in page.select("li.it button")] == [
        "Выполнено",
        "Выполнено частично",
        "Не выполнено",
    ]
    assert text(page.select_one(".heading .actions a[href$='/grid/']")) == "Распечатать таблицу"

    page = html(client.get("/projects/warm/matrix/?status=promised", headers=RU))
    assert text(page.select_one("#mx-totals dt")) == "Партнёры вносят (по показанным позициям)"
    assert text(page.select_one(".mx-filters a")) == "Показать все"


@pytest.mark.parametrize(
    ("count", "shown"),
    [
        (1, "1 партнёр не показан: у него нет таких позиций."),
        (2, "2 партнёра не показаны: у них нет таких позиций."),
        (5, "5 партнёров не показаны: у них нет таких позиций."),
        (21, "21 партнёр не показан: у него нет таких позиций."),
    ],
)
def test_partners_left_out_by_a_filter_in_russian_plurals(client, bakery, count, shown):
    """How many partners a filter leaves out is said in the plural its number needs."""
    factories.commitment(bakery, value=Decimal(10))
    for _ in range(count):
        factories.partnership(project=bakery.project, status=Status.ACTIVE)
    page = html(client.get("/projects/warm/matrix/?category=money", headers=RU))
    assert shown in [text(p) for p in page.select(".mx-main > p.meta")]


def test_item_line_and_form_in_russian(client, bakery):
    """Hours × rate, the private mark and the private box read in Russian."""
    factories.commitment(
        bakery,
        category=Category.PRO_BONO,
        hours=Decimal("12.5"),
        hourly_rate=Decimal(40),
        value=Decimal(500),
        internal=True,
    )
    page = html(client.get("/projects/warm/matrix/", headers=RU))
    parts = [text(s) for s in page.select("li.it .d > *")]
    assert parts == ["12,5 ч × 40,00 €", "500,00 €", "стоимость не публикуется"]
    form = html(client.get(f"/partnerships/{bakery.id}/items/new?direction=gets", headers=HTMX_RU))
    assert text(form.select_one(".item-form-title")) == "Добавить: что получает Пекарня"
    assert text(form.select_one("label[for=internal]")) == "Не публиковать стоимость"
    assert text(form.select_one("#internal-hint")) == (
        "Позиция может быть названа на публичном сайте, но её стоимость — никогда."
    )
    first = form.select_one("#category option")
    assert text(first) == "Публичное признание (имя, логотип)"
    add = page.select(f"#row-{bakery.id} .add a")
    assert [(text(a), a["aria-label"]) for a in add] == [
        ("+ вносит", "Добавить, что вносит Пекарня"),
        ("+ получает", "Добавить, что получает Пекарня"),
    ]


def test_status_change_flash_in_russian(client, bakery):
    """Without JavaScript, a status change is confirmed in Russian."""
    item = factories.commitment(bakery, description="Хлеб")
    client.post(f"/items/{item.id}/status", data={"status": "delivered"}, headers=RU)
    page = html(client.get("/projects/warm/matrix/", headers=RU))
    assert text(page.select_one(".flashes .flash")) == "Статус «Хлеб»: Выполнено."


def test_print_grid_in_russian(client, bakery):
    """The grid by category has its Russian heading, column groups and totals."""
    factories.commitment(bakery, Direction.GETS, Category.RECOGNITION)
    page = html(client.get("/projects/warm/matrix/grid/", headers=RU))
    assert text(page.select_one("h1")) == "«Тёплый дом»: матрица по категориям"
    groups = [text(th) for th in page.select("table.matrix thead tr:first-child th")]
    assert groups == ["Партнёр", "Что вносит партнёр", "Что получает партнёр", "Итого"]
    assert text(page.select_one("#total-gets")) == "1 позиция без оценки"
