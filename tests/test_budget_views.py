"""The budget and co-funding pages: lines edited on the project, money naming its line, the
figures with their currency in both languages, and the co-financing table as XLSX."""

import io
from decimal import Decimal

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from planner.enums import Category, Direction, ItemStatus, Language, Sector, Status
from planner.extensions import db
from planner.models import BudgetLine, Commitment, Project
from tests import factories


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


def line(project, name, amount, position=1) -> BudgetLine:
    row = BudgetLine(project_id=project.id, name=name, amount=Decimal(amount), position=position)
    db.session.add(row)
    db.session.commit()
    return row


@pytest.fixture
def winter(app, user):
    """A project with two budget lines, money for one of them, and gifts in kind."""
    project = factories.project(title="Warm Winter", slug="winter")
    food = line(project, "Food", 6000, 1)
    travel = line(project, "Travel", 1500, 2)
    bakery = factories.partnership(
        project=project,
        partner=factories.partner(name="Bakery", sector=Sector.BUSINESS),
        status=Status.ACTIVE,
    )
    silver = factories.partnership(
        project=project,
        partner=factories.partner(name="Silver Hands", sector=Sector.VOLUNTEERS),
        status=Status.ACTIVE,
    )
    factories.commitment(
        bakery,
        category=Category.MONEY,
        value=Decimal(1500),
        status=ItemStatus.PROMISED,
        budget_line_id=food.id,
    )
    factories.commitment(
        bakery, category=Category.GOODS, value=Decimal(1000), status=ItemStatus.DELIVERED
    )
    factories.commitment(
        silver,
        category=Category.VOLUNTEER_TIME,
        value=Decimal(1500),
        status=ItemStatus.PARTLY_DELIVERED,
        internal=True,
    )
    factories.commitment(
        silver, category=Category.TRANSPORT, value=Decimal(400), status=ItemStatus.PLANNED
    )
    return project, food, travel, bakery


def facts(page) -> dict[str, str]:
    return {
        text(div.select_one("dt")): text(div.select_one("dd"))
        for div in page.select(".cofunding-facts > div")
    }


def test_page_shows_the_budget_and_the_share_partners_cover(client, auth, winter):
    """The budget, partners' money and in kind, the total cost, the share and what is left,
    each with the organisation's currency."""
    page = html(client.get("/projects/winter/budget/"))
    assert text(page.select_one("h1")) == "Budget and co-funding"
    assert facts(page) == {
        "Budget": "€7,500.00",
        "Partners’ money": "€1,500.00",
        "In kind (estimated)": "€2,500.00",
        "Total cost": "€10,000.00",
        "Partners cover": "40%",
        "To ask a funder for": "€6,000.00",
    }
    rows = [[text(c) for c in tr.select("th, td")] for tr in page.select("#by-line tbody tr")]
    assert rows == [
        ["Food", "€6,000.00", "€1,500.00", "€4,500.00", "25%", "—"],
        ["Travel", "€1,500.00", "€0.00", "€1,500.00", "0%", "—"],
    ]
    sectors = {
        text(tr.select_one("th")): [text(td) for td in tr.select("td")]
        for tr in page.select("#by-sector tbody tr")
    }
    assert sectors["Business"] == ["€1,500.00", "€1,000.00", "25%", "—"]
    assert sectors["Volunteers and citizen groups"] == ["€0.00", "€1,500.00", "15%", "€400.00"]
    notes = text(page.select_one(".cofunding-notes"))
    assert "the coordinator’s estimates" in notes
    assert "1 value counted here is kept private" in notes


def test_page_in_russian_writes_money_and_shares_the_russian_way(client, auth, user, winter):
    """In Russian: headings, labels, roubles' neighbour € after the number, 40 %."""
    user.language = Language.RU.value
    db.session.commit()
    page = html(client.get("/projects/winter/budget/"))
    assert text(page.select_one("h1")) == "Бюджет и софинансирование"
    shown = facts(page)
    assert shown["Бюджет"] == "7 500,00 €"
    assert shown["Партнёры покрывают"] == "40 %"
    assert shown["Просить у грантодателя"] == "6 000,00 €"
    assert "оценка координатора" in text(page.select_one(".cofunding-notes"))
    headers = [text(th) for th in page.select("#by-line thead th")]
    assert headers[:3] == ["Статья бюджета", "Сумма", "Деньги партнёров"]


def test_a_project_without_lines_says_how_to_start(client, auth, user):
    """No budget lines: the page says so, links to adding them, and still sums gifts."""
    project = factories.project(slug="bare")
    factories.commitment(
        factories.partnership(project=project, status=Status.ACTIVE),
        category=Category.MONEY,
        value=Decimal(300),
        status=ItemStatus.DELIVERED,
    )
    page = html(client.get("/projects/bare/budget/"))
    assert "This project has no budget yet." in text(page)
    assert page.select_one("a[href='/projects/bare/budget/lines/']")
    assert facts(page)["Partners’ money"] == "€300.00"
    assert facts(page)["Partners cover"] == "—"


def test_project_page_and_overview_link_to_the_co_funding(client, auth, winter):
    """The project's page and the overview lead to the co-funding page."""
    board = html(client.get("/projects/winter/"))
    assert board.select_one("a[href='/projects/winter/budget/']")
    overview = html(client.get("/overview/"))
    link = overview.select_one("#h-budgets ~ ul a[href='/projects/winter/budget/']")
    assert text(link) == "Warm Winter"
    assert "budget €7,500.00" in text(link.parent)


def test_lines_are_added_renamed_changed_and_deleted(client, auth, winter):
    """The editor adds a line at the end, renames it, changes its amount and deletes it."""
    _project, food, _travel, _bakery = winter
    response = client.post(
        "/projects/winter/budget/lines/", data={"new-name": "Rent", "new-amount": "1 200,50"}
    )
    assert response.status_code == 302
    page = html(client.get(response.headers["Location"]))
    assert text(page.select_one(".flash")) == "The budget line “Rent” is added."
    assert [i["value"] for i in page.select(".budget-line input[name$='-name']")] == [
        "Food",
        "Travel",
        "Rent",
    ]
    assert "Total: €8,700.50" in text(page)
    rent = db.session.scalar(sa.select(BudgetLine).where(BudgetLine.name == "Rent"))
    response = client.post(
        f"/budget-lines/{rent.id}/",
        data={
            f"line-{rent.id}-name": "Hall rent",
            f"line-{rent.id}-amount": "900",
            f"line-{rent.id}-revision": str(rent.revision),
        },
    )
    page = html(client.get(response.headers["Location"]))
    assert text(page.select_one(".flash")) == "The budget line “Hall rent” is saved."
    db.session.expire_all()
    assert (rent.name, rent.amount, rent.revision) == ("Hall rent", Decimal(900), 2)
    response = client.post(f"/budget-lines/{food.id}/delete")
    page = html(client.get(response.headers["Location"]))
    assert text(page.select_one(".flash")) == "The budget line “Food” is removed."
    # the money that paid for it now covers the budget as a whole
    budget = html(client.get("/projects/winter/budget/"))
    assert "Money for no particular line" in text(budget.select_one("#by-line"))
    assert facts(budget)["Partners’ money"] == "€1,500.00"
    assert (
        db.session.scalar(
            sa.select(Commitment.budget_line_id).where(Commitment.category == Category.MONEY)
        )
        is None
    )


@pytest.mark.parametrize(
    ("name", "amount", "field", "message"),
    [
        ("", "100", "name", "Name the budget line, such as “Rent” or “Food”."),
        ("   ", "100", "name", "Name the budget line, such as “Rent” or “Food”."),
        ("x" * 201, "100", "name", "Keep this under 200 characters."),
        ("Rent", "", "amount", "Enter the line's amount, such as 1500 or 1500.50."),
        ("Rent", "-5", "amount", "Enter a number from 0 to 999,999,999,999."),
        ("Rent", "1e40", "amount", "That number is too large."),
        ("Rent", "9" * 13, "amount", "Enter a number from 0 to 999,999,999,999."),
        ("Rent", "lots", "amount", "Enter a number, such as 12 or 12.50."),
        ("Rent", "NaN", "amount", "Enter a number, such as 12 or 12.50."),
    ],
)
def test_bad_line_is_refused_beside_its_field(client, auth, winter, name, amount, field, message):
    """An empty name or a negative, huge or unreadable amount is explained beside its field,
    saves nothing and keeps what was typed; never a server error."""
    response = client.post(
        "/projects/winter/budget/lines/", data={"new-name": name, "new-amount": amount}
    )
    assert response.status_code == 200
    page = html(response)
    error = page.select_one(f"#new-{field}-field .error")
    assert text(error) == message
    assert len(page.select(".error")) == 1
    assert page.select_one("#new-amount")["value"] == amount
    assert db.session.scalar(sa.select(sa.func.count()).select_from(BudgetLine)) == 2


def test_bad_edit_is_refused_beside_that_lines_field(client, auth, winter):
    """A line changed to a negative amount keeps its typing and its message; others stay."""
    _project, food, travel, _bakery = winter
    response = client.post(
        f"/budget-lines/{travel.id}/",
        data={
            f"line-{travel.id}-name": "Taxis",
            f"line-{travel.id}-amount": "-1",
            f"line-{travel.id}-revision": "1",
        },
    )
    assert response.status_code == 200
    page = html(response)
    assert text(page.select_one(f"#line-{travel.id}-amount-field .error")).startswith(
        "Enter a number from 0 to"
    )
    assert page.select_one(f"#line-{travel.id}-name")["value"] == "Taxis"
    assert page.select_one(f"#line-{food.id}-name")["value"] == "Food"
    db.session.expire_all()
    assert (travel.name, travel.amount) == ("Travel", Decimal(1500))


def test_russian_field_error_and_flash(client, auth, user, winter):
    """In Russian: the empty name's message beside it, and the added line's flash."""
    user.language = Language.RU.value
    db.session.commit()
    page = html(client.post("/projects/winter/budget/lines/", data={"new-amount": "10"}))
    assert text(page.select_one("#new-name-field .error")) == (
        "Назовите статью бюджета, например «Аренда» или «Питание»."
    )
    response = client.post(
        "/projects/winter/budget/lines/", data={"new-name": "Аренда", "new-amount": "10"}
    )
    page = html(client.get(response.headers["Location"]))
    assert text(page.select_one(".flash")) == "Статья бюджета «Аренда» добавлена."
    assert "Итого: 7 510,00 €" in text(page)


def test_a_stale_edit_is_refused_and_shows_the_line_as_it_is(client, auth, winter):
    """A change made from a form shown before someone else's change does not overwrite it."""
    _project, food, _travel, _bakery = winter
    food.name = "Food and tea"
    db.session.commit()
    response = client.post(
        f"/budget-lines/{food.id}/",
        data={
            f"line-{food.id}-name": "Meals",
            f"line-{food.id}-amount": "10",
            f"line-{food.id}-revision": "1",
        },
    )
    assert response.status_code == 409
    page = html(response)
    assert "Saved now: Food and tea" in text(page.select_one(f"#line-{food.id}-name-field"))
    assert page.select_one(f"#line-{food.id}-name")["value"] == "Meals"  # what was typed is kept
    db.session.expire_all()
    assert (food.name, food.amount) == ("Food and tea", Decimal(6000))


def item_form(**fields) -> dict:
    return {
        "direction": "gives",
        "category": "money",
        "description": "Cash for the meals",
        "value": "500",
        "status": "promised",
        "need_id": "0",
        **fields,
    }


def test_commitment_form_lists_only_the_projects_lines(client, auth, winter):
    """The money item's budget line select offers this project's lines and no other's."""
    _project, food, travel, bakery = winter
    other = factories.project(slug="other")
    line(other, "Other project's rent", 100)
    page = html(client.get(f"/partnerships/{bakery.id}/items/new?direction=gives"))
    options = [(o["value"], text(o)) for o in page.select("#budget_line_id option")]
    assert options == [("0", "— none —"), (str(food.id), "Food"), (str(travel.id), "Travel")]


def test_a_project_without_lines_shows_no_budget_line_select(client, auth, user):
    """No budget lines, no select to choose one from."""
    partnership = factories.partnership(status=Status.ACTIVE)
    page = html(client.get(f"/partnerships/{partnership.id}/items/new?direction=gives"))
    assert page.select_one("#need_id")
    assert page.select_one("#budget_line_id") is None


def test_money_item_names_its_line_and_the_page_counts_it(client, auth, winter):
    """Money saved for a line shows as covering that line."""
    _project, _food, travel, bakery = winter
    response = client.post(
        f"/partnerships/{bakery.id}/items/new", data=item_form(budget_line_id=str(travel.id))
    )
    assert response.status_code == 302
    page = html(client.get("/projects/winter/budget/"))
    travel_row = [text(c) for c in page.select("#by-line tbody tr")[1].select("th, td")]
    assert travel_row == ["Travel", "€1,500.00", "€500.00", "€1,000.00", "33%", "—"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"budget_line_id": "OTHER"}, "Choose one of this project's budget lines."),
        ({"budget_line_id": "TRAVEL", "category": "goods"}, "Only money is for a budget line"),
    ],
)
def test_commitment_form_refuses_a_line_it_does_not_offer(client, auth, winter, fields, message):
    """Another project's line, or a line for something that is not money, is refused with
    a message beside the select, and nothing is saved."""
    _project, _food, travel, bakery = winter
    other = line(factories.project(slug="other"), "Their rent", 100)
    ids = {"OTHER": str(other.id), "TRAVEL": str(travel.id)}
    data = item_form(**{k: ids.get(v, v) for k, v in fields.items()})
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Commitment))
    response = client.post(f"/partnerships/{bakery.id}/items/new", data=data)
    assert response.status_code == 200
    error = html(response).select_one("#budget_line_id-field .error")
    assert message in text(error)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Commitment)) == before


def test_editing_an_item_keeps_its_line_selected(client, auth, winter):
    """An item's edit form shows the line it names as chosen."""
    _project, food, _travel, _bakery = winter
    item = db.session.scalar(sa.select(Commitment).where(Commitment.budget_line_id == food.id))
    page = html(client.get(f"/items/{item.id}/edit"))
    assert page.select_one("#budget_line_id option[selected]")["value"] == str(food.id)


def test_xlsx_holds_the_co_financing_table(client, auth, winter):
    """The workbook's sheet has the table a grant application asks for, with its totals."""
    page = html(client.get("/projects/winter/budget/"))
    response = client.get(page.select_one("a[href$='budget.xlsx']")["href"])
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="winter-co-financing.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Co-financing"]
    rows = [list(row) for row in book.active.iter_rows(values_only=True)]
    assert rows[0] == [
        "Budget line",
        "Total cost",
        "Requested from the funder",
        "Own and partners' contribution: money",
        "Own and partners' contribution: in kind",
        "Co-financing share",
    ]
    assert rows[1] == ["Food", 6000, 4500, 1500, None, 0.25]
    assert rows[2] == ["Travel", 1500, 1500, 0, None, 0]
    assert rows[3] == ["Contributions in kind (valued)", 2500, 0, None, 2500, 1]
    assert rows[-1] == ["Total", 10000, 6000, 1500, 2500, 0.4]


def test_xlsx_in_russian(client, auth, winter):
    """Asked in Russian, the sheet's name and headers are Russian."""
    response = client.get("/projects/winter/budget.xlsx", headers={"Accept-Language": "ru"})
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Софинансирование"]
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Статья бюджета", "Полная стоимость", "Запрашиваемая сумма")
    assert rows[-1][0] == "Итого"


def test_a_line_named_like_a_formula_is_written_as_text(client, auth, user):
    """A budget line starting with "=" reaches the spreadsheet as text, not a formula."""
    project = factories.project(slug="formula")
    line(project, '=HYPERLINK("http://x")', 10)
    book = load_workbook(io.BytesIO(client.get("/projects/formula/budget.xlsx").data))
    assert book.active["A2"].value == '\'=HYPERLINK("http://x")'


def test_deleting_a_project_takes_its_budget_with_it(client, auth, user):
    """A project without partnerships is deleted with its budget lines."""
    project = factories.project(slug="gone")
    line(project, "Rent", 10)
    client.post("/projects/gone/delete")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Project)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(BudgetLine)) == 0


def test_gets_items_never_name_a_line(client, auth, winter):
    """What a partner gets has no budget line, whatever is posted."""
    _project, food, _travel, bakery = winter
    client.post(
        f"/partnerships/{bakery.id}/items/new",
        data=item_form(direction="gets", category="recognition", budget_line_id=str(food.id)),
    )
    got = db.session.scalar(sa.select(Commitment).where(Commitment.direction == Direction.GETS))
    assert got is not None and got.budget_line_id is None
