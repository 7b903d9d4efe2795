"""Importing partners in Chromium: from the registry's link, through the upload and the
review, to the registry; both steps pass axe in English and Russian."""

import csv
import io

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from planner.enums import Language, Sector
from planner.extensions import db
from planner.models import Partner, User
from tests import factories
from tests.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

ROWS = [
    ["Название", "Сектор", "Контактное лицо", "Почта"],
    ["ООО «Ромашка»", "Бизнес", "Иван Петров", "ivan@r.ru"],
    ["Фонд «Тёплый дом»", "НКО", "Анна", "anna@dom.ru"],
    ["Космический клуб", "Космос", "", "club@"],
]


def csv_file(tmp_path):
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(ROWS)
    path = tmp_path / "partners.csv"
    path.write_bytes(out.getvalue().encode("cp1251"))
    return path


@pytest.mark.parametrize("language", [Language.EN, Language.RU])
def test_import_from_the_registry(signed_in, page: Page, tmp_path, language):
    """A coordinator uploads a Windows-1251 CSV, sees its errors and duplicate, leaves the bad
    row out, updates the duplicate and finds the partners in the registry."""
    db.session.execute(sa.update(User).values(language=language.value))
    db.session.commit()
    factories.partner(name="Ромашка", sector=Sector.BUSINESS)
    ru = language == Language.RU
    page.goto("/partners/")
    page.get_by_role(
        "link", name="Импорт из таблицы" if ru else "Import from a spreadsheet"
    ).click()
    assert_accessible(page)
    page.get_by_label("Файл CSV или XLSX" if ru else "A CSV or XLSX file").set_input_files(
        csv_file(tmp_path)
    )
    page.get_by_role("button", name="Загрузить и проверить" if ru else "Upload and check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Проверьте импорт" if ru else "Check the import"
    )
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1440
    page.get_by_label("Строка 2" if ru else "Row 2").select_option("update")
    page.get_by_label(
        "Пропустить 1 строку с ошибками и импортировать остальные"
        if ru
        else "Leave out the row with errors and import the rest"
    ).check()
    page.get_by_role("button", name="Импортировать" if ru else "Import", exact=True).click()
    expect(page.locator(".flashes")).to_contain_text(
        "Добавлен 1 партнёр. Обновлён 1 партнёр." if ru else "1 partner added. 1 partner updated."
    )
    db.session.expire_all()
    assert sorted(db.session.scalars(sa.select(Partner.name))) == [
        "ООО «Ромашка»",
        "Фонд «Тёплый дом»",
    ]
