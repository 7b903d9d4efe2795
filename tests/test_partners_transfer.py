"""Partner lists in and out: import from CSV and XLSX (columns guessed, every row checked,
duplicates, all or nothing), export in the same columns, a template, consenting contacts
as vCard, and every bad file explained beside the upload field."""

import csv
import io
import zipfile

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask_babel import ngettext
from openpyxl import Workbook, load_workbook
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from planner.enums import Language, Sector, Subtype, Trust
from planner.extensions import db
from planner.models import Partner, now
from planner.partners.columns import name_key
from tests import factories
from tests.test_russian_demo import english_words

HEADER = ["Name", "Sector", "Kind", "Contact person", "E-mail", "Phone"]
GOOD = [
    ["Riga Bakers Ltd", "Business", "Small or medium business", "Ilze Ozola", "ilze@b.lv", "+371"],
    ["ООО «Ромашка»", "Бизнес", "Малый или средний бизнес", "Иван Петров", "ivan@r.ru", "8 916"],
    ["Green Hands", "volunteers", "eco", "", "", ""],
]
BAD = [
    ["", "NGOs", "", "", "", ""],  # missing name
    ["Unknown Sector Co", "Spaceships", "", "", "", ""],
    ["Bad Mail", "NGOs", "", "", "not-an-email", ""],
    ["L" * 201, "NGOs", "", "", "", ""],
    ["Wrong Kind", "Media", "Charity", "", "", ""],
]


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


def flashes(page) -> list[str]:
    return [text(p) for p in page.select(".flashes .flash")]


def names() -> list[str]:
    db.session.expire_all()
    return sorted(db.session.scalars(sa.select(Partner.name)))


def as_csv(rows, encoding="utf-8-sig", delimiter=",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding)


def as_xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, data: bytes, filename: str, **headers):
    """Post a file as a browser does; the body is built in memory (no spooled temp file)."""
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data), filename=filename)})
    return client.post(
        "/partners/import/",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
        headers=headers,
    )


def review(client, **headers) -> BeautifulSoup:
    return html(client.get("/partners/import/review", headers=headers))


def row_status(page) -> dict[str, str]:
    """Each row's number and what happens to it, as the review table says."""
    return {
        text(tr.th): text(tr.select("td")[0]) for tr in page.select("table.import-table tbody tr")
    }


def cell_errors(page) -> dict[tuple[str, str], str]:
    """(row, column header) -> the error written in that cell."""
    headers = [text(th) for th in page.select("table.import-table thead th")]
    found = {}
    for tr in page.select("table.import-table tbody tr"):
        for header, td in zip(headers[2:], tr.select("td")[1:], strict=True):
            if "cell-error" in td.get("class", []):
                found[(text(tr.th), header)] = text(td.select_one(".error"))
    return found


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ","), ("cp1251", ";"), ("utf-8", ";")],
)
def test_csv_good_bad_and_duplicate_rows(client, auth, encoding, delimiter):
    """A CSV (UTF-8 with BOM, Windows-1251, semicolons) is previewed with every error in its
    cell, duplicates found by e-mail and by name without legal-form words, and imported."""
    factories.partner(name="Ромашка", sector=Sector.BUSINESS)
    factories.partner(name="Hands Old", sector=Sector.VOLUNTEERS, email="ILZE@b.lv")
    data = as_csv([HEADER, *GOOD, *BAD], encoding, delimiter)
    response = upload(client, data, "partners.csv")
    assert response.headers["Location"] == "/partners/import/review"
    page = review(client)
    assert row_status(page) == {
        "2": "Already in the registry: Hands Old Row 2 Skip "
        "Update: Name, Sector, Kind, Contact person, Email, Phone",
        "3": "Already in the registry: Ромашка Row 3 Skip "
        "Update: Name, Kind, Contact person, Email, Phone",
        "4": "New partner",
        "5": "1 error",
        "6": "1 error",
        "7": "1 error",
        "8": "1 error",
        "9": "1 error",
    }
    errors = cell_errors(page)
    assert errors[("5", "Name")] == "The name is missing."
    assert errors[("6", "Sector")].startswith("Unknown sector “Spaceships”: use one of NGOs,")
    assert errors[("7", "Email")] == "“not-an-email” is not an e-mail address."
    assert errors[("8", "Name")] == "Longer than 200 characters."
    assert errors[("9", "Kind")] == "“Charity” is not a kind of Media."
    # Rows with errors block the import: nothing is written.
    response = client.post("/partners/import/run", data={"duplicates": "each"})
    assert names() == ["Hands Old", "Ромашка"]
    page = html(client.get(response.headers["Location"]))
    assert flashes(page) == ["Fix the rows with errors, or leave them out, then import."]
    # Left out, the rest is imported; one duplicate updated, the other skipped.
    response = client.post(
        "/partners/import/run", data={"duplicates": "each", "leave_out": "1", "row-3": "update"}
    )
    page = html(client.get(response.headers["Location"]))
    assert flashes(page) == [
        "1 partner added. 1 partner updated. 1 partner already in the registry left as it was."
    ]
    assert names() == ["Green Hands", "Hands Old", "ООО «Ромашка»"]
    romashka = db.session.scalar(sa.select(Partner).where(Partner.email == "ivan@r.ru"))
    assert (romashka.subtype, romashka.contact_person) == (Subtype.SMALL_BUSINESS, "Иван Петров")
    green = db.session.scalar(sa.select(Partner).where(Partner.name == "Green Hands"))
    assert (green.sector, green.subtype) == (Sector.VOLUNTEERS, Subtype.ECO)


def test_xlsx_import_with_russian_headers(client, auth):
    """An XLSX with Russian headers is mapped by guess; number cells read as text."""
    rows = [
        ["Организация", "Сектор", "Вид", "Контактное лицо", "Почта", "Телефон", "Примечание"],
        [
            "Фонд «Тёплый дом»",
            "НКО",
            "Фонд",
            "Анна",
            "anna@dom.ru",
            79161234567,
            "Звонить после 10:00",
        ],
        ["Радио Город", "СМИ", "Радио", "", "", None, ""],
    ]
    upload(client, as_xlsx(rows), "список.xlsx", **{"Accept-Language": "ru"})
    response = client.get("/partners/import/review", headers={"Accept-Language": "ru"})
    assert english_words(response.text, ["XLSX", "CSV"]) == []
    page = html(response)
    chosen = [s.select_one("option[selected]") for s in page.select(".import-mapping select")]
    assert [o["value"] if o else "" for o in chosen] == [
        "name",
        "sector",
        "subtype",
        "contact_person",
        "email",
        "phone",
        "notes",
        "",  # the sector for rows without one
    ]
    assert text(page.h1) == "Проверьте импорт"
    assert row_status(page) == {"2": "Новый партнёр", "3": "Новый партнёр"}
    response = client.post("/partners/import/run", headers={"Accept-Language": "ru"})
    page = html(client.get(response.headers["Location"], headers={"Accept-Language": "ru"}))
    assert flashes(page) == ["Добавлено 2 партнёра."]
    fund = db.session.scalar(sa.select(Partner).where(Partner.sector == Sector.NGO))
    assert (fund.subtype, fund.phone, fund.notes) == (
        Subtype.FOUNDATION,
        "79161234567",
        "Звонить после 10:00",
    )


def test_mapping_can_be_changed(client, auth):
    """A column guessed wrong is reassigned; a sector for rows without one is chosen."""
    upload(client, as_csv([["Who", "Mail"], ["Hope Centre", "hope@c.org"]]), "a.csv")
    page = review(client)
    assert row_status(page) == {"2": "2 errors"}
    client.post("/partners/import/columns", data={"column-0": "name", "column-1": "email"})
    assert row_status(review(client)) == {"2": "1 error"}
    client.post(
        "/partners/import/columns", data={"column-0": "name", "column-1": "email", "sector": "ngo"}
    )
    assert row_status(review(client)) == {"2": "New partner"}
    client.post("/partners/import/run")
    hope = db.session.scalar(sa.select(Partner))
    assert (hope.name, hope.email, hope.sector) == ("Hope Centre", "hope@c.org", Sector.NGO)


REFUSE_GREEN_HANDS = {
    "sqlite": [
        "CREATE TRIGGER no_green BEFORE INSERT ON partner WHEN NEW.name = 'Green Hands' "
        "BEGIN SELECT RAISE(ABORT, 'refused'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION no_green() RETURNS trigger AS $$ BEGIN "
        "IF NEW.name = 'Green Hands' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END "
        "$$ LANGUAGE plpgsql",
        "CREATE TRIGGER no_green BEFORE INSERT ON partner FOR EACH ROW EXECUTE FUNCTION no_green()",
    ],
}
ALLOW_GREEN_HANDS = {
    "sqlite": ["DROP TRIGGER no_green"],
    "postgresql": ["DROP TRIGGER no_green ON partner", "DROP FUNCTION no_green()"],
}


def run_sql(statements: dict[str, list[str]]) -> None:
    for statement in statements[db.engine.dialect.name]:
        db.session.execute(sa.text(statement))
    db.session.commit()


def test_import_is_all_or_nothing(client, auth):
    """When the database refuses the last row, none of the file's rows is in the registry."""
    factories.partner(name="Riga Bakers", sector=Sector.BUSINESS, phone="1")
    upload(client, as_csv([HEADER, *GOOD]), "a.csv")
    run_sql(REFUSE_GREEN_HANDS)
    try:
        response = client.post("/partners/import/run", data={"duplicates": "update"})
        page = html(client.get(response.headers["Location"]))
        assert flashes(page) == [
            "Nothing was imported: the registry could not be saved. Try again."
        ]
        assert names() == ["Riga Bakers"]
        assert db.session.scalar(sa.select(Partner.phone)) == "1"
    finally:
        run_sql(ALLOW_GREEN_HANDS)


def test_round_trip_changes_nothing(client, auth):
    """The registry exported as CSV or XLSX and imported back as updates changes nothing."""
    factories.partner(
        name='=HYPERLINK("x")',
        sector=Sector.MEDIA,
        subtype=Subtype.RADIO,
        phone="+7 495 000-00-00",
        email="radio@r.ru",
        trust=Trust.VERIFIED,
        language=Language.RU,
        address="Москва,\nул. Тверская, 1",
        notes="Примечание; с «кавычками»",
    )
    factories.partner(name="ООО «Ромашка»", sector=Sector.BUSINESS, contact_person="-Иван")
    before = [(p.id, p.revision) for p in db.session.scalars(sa.select(Partner))]
    for kind, headers in (("csv", {}), ("xlsx", {"Accept-Language": "ru"})):
        data = client.get(f"/partners/export.{kind}", headers=headers).data
        upload(client, data, f"partners.{kind}", **headers)
        page = review(client, **headers)
        assert len(row_status(page)) == 2
        assert not cell_errors(page)
        client.post("/partners/import/run", data={"duplicates": "update"}, headers=headers)
        db.session.expire_all()
        assert [(p.id, p.revision) for p in db.session.scalars(sa.select(Partner))] == before


def test_export_columns_and_formula_guard(client, auth):
    """The export holds the import's columns in the reader's language; formulas are text."""
    factories.partner(name="=cmd|' /C calc'!A0", sector=Sector.NGO, subtype=Subtype.CHARITY)
    factories.partner(name="Archived", sector=Sector.NGO, archived_at=now())
    rows = list(
        csv.reader(io.StringIO(client.get("/partners/export.csv").data.decode("utf-8-sig")))
    )
    assert rows[0][:4] == ["Name", "Sector", "Kind", "Legal form"]
    assert rows[1][:3] == ["'=cmd|' /C calc'!A0", "NGOs", "Charity"]
    assert len(rows) == 2
    data = client.get("/partners/export.xlsx", headers={"Accept-Language": "ru"}).data
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]][:3] == ["Название", "Сектор", "Вид"]
    assert sheet["A2"].data_type == "s"
    template = client.get("/partners/import/template.csv", headers={"Accept-Language": "ru"})
    assert template.data.decode("utf-8-sig").splitlines()[0].startswith("Название,Сектор,Вид")


def test_vcard_of_consenting_partners_only(client, auth):
    """Only partners who agreed to hear from us are in the vCard file, escaped as vCard asks."""
    factories.partner(
        name="Фонд; «Дом», 1",
        contact_person="Анна Иванова",
        email="anna@dom.ru",
        phone="+7 916",
        address="Москва\nТверская, 1",
        updates_consent=True,
    )
    factories.partner(name="Silent Co", email="silent@co.org", updates_consent=False)
    response = client.get("/partners/contacts.vcf")
    assert response.mimetype == "text/vcard"
    body = response.data.decode("utf-8")
    assert body.count("BEGIN:VCARD") == 1
    assert "silent" not in body
    lines = body.split("\r\n")
    assert lines[:5] == [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "FN:Анна Иванова",
        "N:Анна Иванова;;;;",
        "ORG:Фонд\\; «Дом»\\, 1",
    ]
    assert "ADR;TYPE=WORK:;;Москва\\nТверская\\, 1;;;;" in lines
    assert all(len(line.encode()) <= 75 for line in lines)


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "a.csv", "The file is empty."),
        (b"%PDF-1.4 binary", "a.pdf", "Upload a CSV or XLSX file."),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 100, "a.xls", "This is an old Excel file (XLS): save it"),
        (b"PK\x03\x04broken", "a.xlsx", "That file could not be read as XLSX."),
        (b"Name,Sector\n", "a.csv", "The file has a header but no rows under it."),
        (b"x" * (5 * 1024 * 1024 + 1), "a.csv", "The file is larger than 5 MB."),
        (b"Name\n" + b"a\n" * 50_000, "a.csv", "The file has 50,000 rows or more"),
    ],
)
def test_bad_files_are_explained(client, auth, data, filename, message):
    """A file that is not a list of partners is refused beside the upload field."""
    response = upload(client, data, filename)
    assert response.status_code == 422
    assert text(html(response).select_one("#file-error")).startswith(message)


def test_bad_file_message_in_russian(client, auth):
    """The upload page and its error speak Russian."""
    response = upload(client, b"", "a.csv", **{"Accept-Language": "ru"})
    page = html(response)
    assert text(page.h1) == "Импорт партнёров"
    assert text(page.select_one("#file-error")) == "Файл пустой."


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://x","click")',
        "Nul\x00byte\x01",
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "x" * 30_000,
        "\ufeff",
    ],
)
def test_hostile_cells_are_shown_as_text(client, auth, cell):
    """Hostile cells never cause a 500 and are shown as text, in every column."""
    upload(client, as_csv([[*HEADER, "Notes", "Trust"], [cell] * 8]), "a.csv")
    response = client.get("/partners/import/review")
    assert response.status_code == 200
    page = html(response)
    assert not page.select("table.import-table script, table.import-table img")
    assert client.post("/partners/import/run", data={"leave_out": "1"}).status_code == 302


def test_same_partner_twice_in_the_file(client, auth):
    """A partner named twice in one file (same e-mail) is an error on its second row."""
    rows = [HEADER, GOOD[0], ["Riga Bakers", "Business", "", "", "ILZE@b.lv", ""]]
    upload(client, as_csv(rows), "a.csv")
    page = review(client)
    assert cell_errors(page) == {("3", "Name"): "The same partner as row 2."}


def test_zip_bomb_is_refused(client, auth):
    """An XLSX that would unpack to hundreds of megabytes is refused before it is opened."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<" * (201 * 1024 * 1024))
    response = upload(client, out.getvalue(), "bomb.xlsx")
    assert text(html(response).select_one("#file-error")) == "That file could not be read as XLSX."


def test_pasted_rows(client, auth):
    """Rows pasted from a spreadsheet (tab-separated) are imported like a file."""
    client.post(
        "/partners/import/",
        data={"pasted": "Name\tSector\nPasted Org\tNGOs\n"},
    )
    client.post("/partners/import/run")
    assert names() == ["Pasted Org"]


def test_expired_upload_goes_back_to_the_upload(client, auth):
    """Without a kept upload the review sends the coordinator back to upload again."""
    response = client.get("/partners/import/review")
    assert response.headers["Location"] == "/partners/import/"
    upload(client, as_csv([HEADER, *GOOD]), "a.csv")
    client.post("/partners/import/cancel")
    assert client.get("/partners/import/review").status_code == 302
    assert names() == []


def test_name_key_ignores_case_quotes_and_legal_forms():
    """ООО «Ромашка», "Ромашка" LLC and РОМАШКА are the same name for duplicates."""
    assert name_key("ООО «Ромашка»") == name_key('"Ромашка" LLC') == name_key("РОМАШКА")
    assert name_key("АНО Тёплый дом") == name_key("теплый дом")


def test_upload_page_in_russian(client, auth):
    """The upload page's limits are written as Russian writes numbers."""
    page = html(client.get("/partners/import/", headers={"Accept-Language": "ru"}))
    assert text(page.select_one("#file-hint")) == (
        "CSV (UTF-8 или Windows-1251, через запятую или точку с запятой) или XLSX; "
        "до 5 МБ и меньше 50 000 строк."
    )


def test_review_queries_do_not_grow_with_the_registry(client, auth, count_queries):
    """The review checks every row against the registry in a constant number of queries."""
    upload(client, as_csv([HEADER, *GOOD, *BAD]), "a.csv")

    def review_queries() -> int:
        with count_queries() as statements:
            assert client.get("/partners/import/review").status_code == 200
        return len(statements)

    review_queries()  # after a write, the pages' caches fill once
    few = review_queries()
    for n in range(30):
        factories.partner(name=f"Partner {n}", email=f"p{n}@example.org")
    review_queries()
    assert review_queries() == few


@pytest.mark.parametrize(
    ("count", "added", "rows"),
    [
        (1, "Добавлен 1 партнёр.", "1 строка с ошибками"),
        (2, "Добавлено 2 партнёра.", "2 строки с ошибками"),
        (5, "Добавлено 5 партнёров.", "5 строк с ошибками"),
        (21, "Добавлен 21 партнёр.", "21 строка с ошибками"),
    ],
)
def test_russian_counts(app, count, added, rows):
    """The import's counts take the Russian plural forms at 1, 2, 5 and 21."""
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        assert ngettext("%(num)d partner added.", "%(num)d partners added.", count) == added
        assert ngettext("%(num)d row with errors", "%(num)d rows with errors", count) == rows
