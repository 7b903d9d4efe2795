"""The matrix page: inline htmx editing, needs and coverage, exports, health checks, queries."""

import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from planner.enums import CATEGORIES, Category, Direction, Health, ItemStatus, Sector, Status
from planner.extensions import db
from planner.matrix.rules import COLUMNS
from planner.models import Commitment, GrantCall, HealthCheck, Need, Partner, Partnership
from planner.stamps import bump_stamp
from tests import factories

HTMX = {"HX-Request": "true"}


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split()) if node else ""


def textarea(node) -> str:
    """A textarea's value as a browser reads it: one leading newline is dropped."""
    return node.get_text().removeprefix("\r\n").removeprefix("\n")


def money(node) -> tuple[Decimal | None, int]:
    """A total cell as a person reads it: the amount shown (if any) and items without value."""
    amount = node.select_one(".amount")
    unvalued = node.select_one(".unvalued")
    return (
        # English money as the page writes it, €1,320.50: the digits and the decimal point.
        Decimal(re.sub(r"[^0-9.]", "", text(amount))) if amount else None,
        int(text(unvalued).split()[0]) if unvalued else 0,
    )


def item_form(**fields) -> dict:
    """What the cell form sends for a gives item, as a browser fills it."""
    return {
        "direction": "gives",
        "category": "money",
        "description": "Cash for the soup kitchen",
        "quantity": "",
        "unit": "",
        "value": "",
        "hours": "",
        "hourly_rate": "",
        "due_date": "",
        "status": "planned",
        "responsible": "",
        "need_id": "0",
        **fields,
    }


def items() -> list[Commitment]:
    db.session.expire_all()
    return db.session.scalars(sa.select(Commitment).order_by(Commitment.id)).all()


def matrix_url(project) -> str:
    return f"/projects/{project.slug}/matrix/"


@pytest.fixture
def project(auth):
    return factories.project(title="Winter meals", slug="winter")


@pytest.fixture
def bakery(project):
    partner = factories.partner(name="Bakery", sector=Sector.BUSINESS)
    return factories.partnership(project=project, partner=partner, status=Status.ACTIVE)


@pytest.fixture
def radio(project):
    partner = factories.partner(name="City Radio", sector=Sector.MEDIA)
    return factories.partnership(project=project, partner=partner, status=Status.AGREED)


def row_of(page, partnership):
    return page.select_one(f"#row-{partnership.id}")


def shown_items(page, partnership, direction: str = "gives") -> list[str]:
    """The descriptions listed in a row's Gives or Gets cell, in order."""
    return [text(a) for a in page.select(f"#row-{partnership.id} .mx-{direction} li.it .what")]


def row_sums(page, partnership) -> tuple:
    """A row's totals as shown beside the partner's name: gives, then gets."""
    gives, gets = page.select(f"#sums-{partnership.id} dd")
    return money(gives), money(gets)


def grid_url(project) -> str:
    return f"/projects/{project.slug}/matrix/grid/"


# --- the page -----------------------------------------------------------------------------


def test_matrix_lists_each_partners_gives_beside_its_gets_with_totals(client, bakery, radio):
    """A row per partner lists what it gives and gets, each item with its category, value and
    status; rows and the whole project add them up."""
    factories.commitment(bakery, description="Bread", category=Category.GOODS, value=Decimal(120))
    factories.commitment(bakery, description="Cash", value=Decimal("1000.50"))
    factories.commitment(radio, description="Interview", category=Category.PUBLICATIONS)
    factories.commitment(radio, description="Cash too", value=Decimal(200))
    factories.commitment(bakery, Direction.GETS, Category.RECOGNITION, description="Logo")
    page = html(client.get(matrix_url(bakery.project)))

    assert shown_items(page, bakery) == ["Bread", "Cash"]
    assert shown_items(page, bakery, "gets") == ["Logo"]
    bread = row_of(page, bakery).select_one(".mx-gives li.it")
    assert text(bread.select_one(".tag")) == "Goods"
    assert text(bread.select_one(".amount")) == "€120.00"
    assert text(bread.select_one(".state")) == "Planned"
    assert [text(a) for a in page.select(f"#row-{radio.id} h3 a")] == ["City Radio"]

    assert row_sums(page, bakery) == ((Decimal("1120.50"), 0), (None, 1))
    assert text(page.select(f"#sums-{bakery.id} dd")[1]) == "1 item without value"
    assert row_sums(page, radio)[0] == (Decimal(200), 1)
    assert text(page.select_one("#total-gives")) == "€1,320.50 1 item without value"
    assert money(page.select_one("#total-gets")) == (None, 1)
    # One "+ give" and one "+ get" per row, not one per category.
    assert [text(a) for a in page.select(f"#row-{bakery.id} .add a")] == ["+ give", "+ get"]
    assert len(page.select(".add a")) == 4


def test_item_shows_quantity_hours_times_rate_due_and_ask_by(client, project):
    """An item's line reads its quantity, hours × rate, value, due and ask-by dates."""
    city = factories.partnership(
        project=project,
        partner=factories.partner(name="City Hall", sector=Sector.GOVERNMENT),
        status=Status.NEGOTIATING,
    )
    factories.commitment(
        city,
        Direction.GIVES,
        Category.PRO_BONO,
        description="Legal advice",
        quantity=Decimal(3),
        unit="sessions",
        hours=Decimal("12.5"),
        hourly_rate=Decimal(40),
        value=Decimal(500),
        due_date=date(2027, 3, 1),
        internal=True,
    )
    page = html(client.get(matrix_url(project)))
    item = row_of(page, city).select_one("li.it")
    parts = [text(s) for s in item.select(".d > *")]
    assert parts[:5] == [
        "3 sessions",
        "12.5 h × €40.00",
        "€500.00",
        "value kept private",
        "due 1 Mar 2027",
    ]
    assert parts[5].startswith("ask by ") and len(parts) == 6


def test_kept_matrix_follows_every_write(client, bakery):
    """The matrix is kept rendered, but the next view after any write shows it, from this
    process (a commitment edited here) or another (a partner renamed behind its back)."""
    item = factories.commitment(bakery, description="Bread", category=Category.GOODS)
    assert shown_items(html(client.get(matrix_url(bakery.project))), bakery) == ["Bread"]
    item.description = "Rolls"
    db.session.commit()
    assert shown_items(html(client.get(matrix_url(bakery.project))), bakery) == ["Rolls"]
    with db.engine.begin() as conn:  # what another worker's transaction leaves behind
        conn.execute(sa.update(Partner).values(name="Corner Bakery"))
        bump_stamp(conn)
    db.session.expire_all()  # as a new request's session would start
    page = html(client.get(matrix_url(bakery.project)))
    assert [text(a) for a in page.select(f"#row-{bakery.id} h3 a")] == ["Corner Bakery"]


def test_matrix_groups_rows_by_sector_and_leaves_out_declined_and_dropped(client, project):
    """Rows are grouped under sector headings; declined and dropped partnerships have no row."""
    shop = factories.partnership(
        project=project, partner=factories.partner(name="Shop", sector=Sector.BUSINESS)
    )
    shelter = factories.partnership(project=project, partner=factories.partner(name="Shelter"))
    gone = factories.partnership(project=project, status=Status.DECLINED)
    dropped = factories.partnership(project=project, status=Status.DROPPED)
    factories.commitment(gone, value=Decimal(999))
    page = html(client.get(matrix_url(project)))
    assert [text(h) for h in page.select(".mx-sector h2")] == ["NGOs", "Business"]
    assert row_of(page, shop) and row_of(page, shelter)
    assert row_of(page, gone) is None
    assert row_of(page, dropped) is None
    assert text(page.select_one("#total-gives")) == "—"


def test_matrix_flags_are_listed_in_words(client, project):
    """The four warnings show as flags: gives nothing, gets nothing, uncovered need, too many."""
    names = ["Alpha", "Beta", "Gamma", "Delta"]
    rows = [
        factories.partnership(
            project=project, partner=factories.partner(name=name), status=Status.NEGOTIATING
        )
        for name in names
    ]
    factories.commitment(rows[0], Direction.GETS, Category.LEARNING)
    factories.commitment(rows[1], value=Decimal(5))
    factories.need(project, description="Forty blankets")
    page = html(client.get(matrix_url(project)))
    assert "Alpha gives nothing" in text(page.select_one(".flags li.flag-gives-nothing"))
    assert "Beta gets nothing" in text(page.select(".flags li.flag-gets-nothing")[0])
    assert "Forty blankets" in text(page.select_one(".flags li.flag-uncovered-need"))
    assert text(page.select_one(".flags li.flag-too-many")).startswith(
        "4 partnerships are being worked at once"
    )


def test_empty_project_invites_to_add_a_partner(client, project):
    """A project without partnerships says how to fill the matrix."""
    page = html(client.get(matrix_url(project)))
    assert page.select_one(".mx-row") is None
    assert page.select_one(f"#matrix a[href='/projects/{project.slug}/partnerships/new']")


def test_unknown_project_matrix_is_404(client, auth):
    """A matrix of a project that does not exist is not found."""
    assert client.get("/projects/nope/matrix/").status_code == 404


# --- filters ------------------------------------------------------------------------------


def test_filters_by_category_and_status_narrow_the_rows_and_totals(client, bakery, radio):
    """Choosing a category or a status lists only matching items, rows with some, and their
    totals; the warnings still speak of the whole project."""
    factories.commitment(bakery, description="Cash", value=Decimal(100))
    factories.commitment(
        bakery,
        description="Bread",
        category=Category.GOODS,
        value=Decimal(20),
        status=ItemStatus.DELIVERED,
    )
    factories.commitment(radio, description="Airtime", category=Category.PUBLICATIONS)
    url = matrix_url(bakery.project)

    page = html(client.get(url + "?category=money"))
    assert shown_items(page, bakery) == ["Cash"]
    assert row_of(page, radio) is None
    assert text(page.select_one("#total-gives")) == "€100.00"
    assert text(page.select_one("#mx-category option[selected]")) == "Money"
    assert "1 partner has no item of this kind" in text(page.select_one("#matrix"))
    assert "Bakery gets nothing" in text(page.select_one(".flags"))

    page = html(client.get(url + "?status=delivered"))
    assert shown_items(page, bakery) == ["Bread"]
    assert text(page.select_one("#total-gives")) == "€20.00"
    assert page.select_one("#matrix a[href='/projects/winter/matrix/']")  # show all

    page = html(client.get(url + "?category=money&status=delivered"))
    assert page.select(".mx-row") == []
    assert "No item matches these filters." in text(page.select_one("#matrix"))

    page = html(client.get(url + "?category=nonsense&status=lost"))
    assert shown_items(page, bakery) == ["Cash", "Bread"]  # unknown values: no filter


def test_filter_form_asks_htmx_for_the_matrix_alone(client, bakery):
    """The filter form works as a plain GET and, with htmx, swaps only #matrix."""
    factories.commitment(bakery, description="Cash")
    page = html(client.get(matrix_url(bakery.project)))
    form = page.select_one("form.mx-filters")
    assert form["method"] == "get" and form["action"] == matrix_url(bakery.project)
    assert (form["hx-get"], form["hx-target"], form["hx-push-url"]) == (
        matrix_url(bakery.project),
        "#matrix",
        "true",
    )
    response = client.get(matrix_url(bakery.project) + "?category=money", headers=HTMX)
    fragment = html(response)
    assert fragment.select_one("html") is None
    assert [el["id"] for el in fragment.find_all(recursive=False)] == ["matrix"]
    assert "HX-Request" in response.headers["Vary"]


# --- adding and editing through htmx ------------------------------------------------------


def test_add_link_opens_the_form_in_the_row_with_its_directions_categories(client, bakery):
    """ "+ give" asks htmx for a bare form in its place, offering only what a partner gives;
    "+ get" only what it gets."""
    page = html(client.get(matrix_url(bakery.project)))
    add = row_of(page, bakery).select_one(".mx-gives .add a")
    # htmx takes a link's target and swap from the nearest element that names them.
    assert add.find_parent(attrs={"hx-target": True})["hx-target"] == "closest li"
    assert add.find_parent(attrs={"hx-swap": True})["hx-swap"] == "outerHTML"
    assert add["href"] == add["hx-get"] == f"/partnerships/{bakery.id}/items/new?direction=gives"
    assert add["aria-label"] == "Add what Bakery gives"
    response = client.get(add["hx-get"], headers=HTMX)
    form = html(response)
    assert form.select_one("html") is None
    assert form.select_one("li.it-form form.item-form")["hx-post"] == (
        f"/partnerships/{bakery.id}/items/new"
    )
    offered = [o["value"] for o in form.select("#category option")]
    assert offered == [c.value for c in CATEGORIES[Direction.GIVES]]
    assert form.select_one("input[name=direction]")["value"] == "gives"
    assert form.select_one("#internal")["type"] == "checkbox"
    assert text(form.select_one("label[for=internal]")) == "Keep this value private"
    assert form.select_one("#grant_call_id") is None  # a business has no grant calls
    assert "HX-Request" in response.headers["Vary"]

    gets = row_of(page, bakery).select_one(".mx-gets .add a")
    form = html(client.get(gets["hx-get"], headers=HTMX))
    offered = [o["value"] for o in form.select("#category option")]
    assert offered == [c.value for c in CATEGORIES[Direction.GETS]]
    assert form.select_one("#need_id") is None


def test_every_rows_links_name_its_own_partnership_and_item(client, bakery, radio):
    """The + and item links, filled from one pattern, point at their own partnership and item."""
    client.post(
        f"/partnerships/{radio.id}/items/new",
        data={
            "direction": "gets",
            "category": "recognition",
            "description": "Logo",
            "status": "planned",
        },
    )
    page = html(client.get(matrix_url(bakery.project)))
    for p in (bakery, radio):
        gives, gets = row_of(page, p).select(".add a")
        assert gives["href"] == f"/partnerships/{p.id}/items/new?direction=gives"
        assert gets["href"] == f"/partnerships/{p.id}/items/new?direction=gets"
    [logo] = db.session.scalars(sa.select(Commitment.id).where(Commitment.description == "Logo"))
    item = page.select_one(f"#it-{logo}")
    assert item.find_parent(class_="mx-row")["id"] == f"row-{radio.id}"
    link = item.select_one("a.what")
    assert link["href"] == link["hx-get"] == f"/items/{logo}/edit"
    assert page.select_one(f"#row-{radio.id} h3 a")["href"] == f"/partnerships/{radio.id}/"


def changed_ids(page) -> list[str]:
    """The top-level elements of an htmx answer, by id: what it swaps."""
    return [el.get("id") for el in page.find_all(recursive=False)]


def test_htmx_add_returns_the_row_and_the_totals_out_of_band(client, bakery):
    """A valid htmx POST saves the item and answers with its row (retargeted) and, out of
    band, the project's totals, warnings and needs."""
    factories.commitment(bakery, value=Decimal(100))
    response = client.post(
        f"/partnerships/{bakery.id}/items/new",
        data=item_form(category="transport", description="Van on Saturdays", value="250"),
        headers=HTMX,
    )
    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == f"#row-{bakery.id}"
    assert response.headers["HX-Reswap"] == "outerHTML"
    page = html(response)
    assert changed_ids(page) == [f"row-{bakery.id}", "mx-totals", "mx-flags", "needs"]
    assert [el.get("hx-swap-oob") for el in page.find_all(recursive=False)] == [
        None,
        "true",
        "true",
        "true",
    ]
    assert shown_items(page, bakery)[-1] == "Van on Saturdays"
    assert row_sums(page, bakery)[0] == (Decimal(350), 0)
    assert money(page.select_one("#total-gives")) == (Decimal(350), 0)
    assert [(i.category, i.value) for i in items()][-1] == (Category.TRANSPORT, Decimal(250))


def test_htmx_add_of_a_benefit_as_the_browser_sends_it(client, bakery):
    """A gets item saves although its form has no need or grant-call field to send."""
    data = item_form(direction="gets", category="recognition", description="Logo on posters")
    del data["need_id"]
    response = client.post(f"/partnerships/{bakery.id}/items/new", data=data, headers=HTMX)
    assert response.headers.get("HX-Retarget") == f"#row-{bakery.id}"
    page = html(response)
    assert shown_items(page, bakery, "gets") == ["Logo on posters"]
    assert money(page.select_one("#total-gets")) == (None, 1)
    assert [(i.direction, i.need_id, i.grant_call_id) for i in items()] == [
        (Direction.GETS, None, None)
    ]


def test_a_category_of_the_other_direction_is_refused(client, bakery):
    """A gives item cannot be filed under a benefit's category, even when sent by hand."""
    response = client.post(
        f"/partnerships/{bakery.id}/items/new",
        data=item_form(category="recognition"),
        headers=HTMX,
    )
    assert "HX-Retarget" not in response.headers
    assert html(response).select_one("#category-field .error")
    assert items() == []


def test_private_value_is_saved_shown_and_kept_off_the_public_site(client, bakery):
    """ "Keep this value private" is stored, marked on the item, ticked when edited again;
    the public site names the delivered item but never its value."""
    bakery.consent_name = True
    db.session.commit()
    factories.report(bakery.project, published=True, summary="One winter.")
    url = f"/partnerships/{bakery.id}/items/new"
    private = item_form(description="Discount on flour", value="321", status="delivered")
    page = html(client.post(url, data={**private, "internal": "y"}, headers=HTMX))
    assert text(page.select_one("li.it .private")) == "value kept private"
    client.post(url, data=item_form(description="Cash", value="150", status="delivered"))
    kept, cash = items()
    assert (kept.internal, cash.internal) == (True, False)
    form = html(client.get(f"/items/{kept.id}/edit", headers=HTMX))
    assert form.select_one("#internal").has_attr("checked")

    report = html(client.get("/site/reports/winter/"))
    link = report.find("a", string=re.compile("Bakery"))
    public = text(html(client.get(link["href"])))
    assert "Discount on flour" in public
    assert "€150.00" in public
    assert "321" not in public

    client.post(f"/items/{kept.id}/edit", data=private, headers=HTMX)  # the box left unticked
    assert items()[0].internal is False


def test_amounts_are_text_boxes_that_read_a_decimal_comma_and_spaces(client, bakery):
    """Amounts are typed in text boxes (a number box makes "12,50" 1250); "1 000,50" is read."""
    form = html(client.get(f"/partnerships/{bakery.id}/items/new", headers=HTMX))
    for name in ("quantity", "value", "hours", "hourly_rate"):
        box = form.select_one(f"#{name}")
        assert (box["type"], box["inputmode"]) == ("text", "decimal")
    data = item_form(value="1 000,50", quantity="12,5")
    page = html(client.post(f"/partnerships/{bakery.id}/items/new", data=data, headers=HTMX))
    assert money(page.select_one("#total-gives")) == (Decimal("1000.50"), 0)
    assert [(i.value, i.quantity) for i in items()] == [(Decimal("1000.50"), Decimal("12.50"))]


def test_hours_times_rate_becomes_the_value(client, bakery):
    """Time given with hours and an hourly rate is valued at hours × rate, and shown so."""
    data = item_form(category="pro_bono", hours="12,5", hourly_rate="40", value="1")
    page = html(client.post(f"/partnerships/{bakery.id}/items/new", data=data, headers=HTMX))
    assert money(page.select_one("#total-gives")) == (Decimal(500), 0)
    assert "12.5 h × €40.00" in text(page.select_one("li.it .d"))
    assert items()[0].value == Decimal("500.00")


@pytest.mark.parametrize(
    ("field", "typed", "error_field", "message"),
    [
        ("value", "abc", "value", "Enter a number, such as 12 or 12.50."),
        ("value", "NaN", "value", "Enter a number, such as 12 or 12.50."),
        ("value", "Infinity", "value", "Enter a number, such as 12 or 12.50."),
        ("value", "1e400", "value", "That number is too large."),
        ("value", "-5", "value", "Enter a number from 0 to 999,999,999,999."),
        ("quantity", "12kg", "quantity", "Enter a number, such as 12 or 12.50."),
        ("hours", "3", "hours", "Give both the hours and the hourly rate, or neither."),
        (
            "hourly_rate",
            "30",
            "hourly_rate",
            "Give both the hours and the hourly rate, or neither.",
        ),
    ],
)
def test_htmx_invalid_add_returns_the_form_with_the_error_and_saves_nothing(
    client, bakery, field, typed, error_field, message
):
    """A bad number comes back in the form, in its place, error beside its field, text kept."""
    response = client.post(
        f"/partnerships/{bakery.id}/items/new", data=item_form(**{field: typed}), headers=HTMX
    )
    assert response.status_code == 200
    assert "HX-Retarget" not in response.headers
    page = html(response)
    assert page.select_one("#matrix") is None
    assert page.select_one("li.it-form form.item-form")
    assert text(page.select_one(f"#{error_field}-field .error")) == message
    assert page.select_one(f"#{error_field}")["aria-invalid"] == "true"
    assert page.select_one(f"#{field}")["value"] == typed
    assert textarea(page.select_one("#description")) == "Cash for the soup kitchen"
    assert items() == []


def test_hours_times_rate_beyond_what_can_be_stored_is_refused(client, bakery):
    """Hours × rate larger than a value can hold is an error on the rate, not a crash."""
    data = item_form(hours="9999999", hourly_rate="999999999")
    page = html(client.post(f"/partnerships/{bakery.id}/items/new", data=data, headers=HTMX))
    assert text(page.select_one("#hourly_rate-field .error")) == (
        "Hours × rate is larger than any value this can hold."
    )
    assert items() == []


def test_htmx_edit_changes_the_item_and_the_totals(client, bakery):
    """Clicking an item opens its form in its place; saving it updates the row and totals."""
    item = factories.commitment(bakery, description="Cash", value=Decimal(100))
    page = html(client.get(matrix_url(bakery.project)))
    link = page.select_one(f"#it-{item.id} a.what")
    form = html(client.get(link["hx-get"], headers=HTMX))
    assert form.select_one("#value")["value"] == "100.00"
    assert textarea(form.select_one("#description")) == "Cash"
    assert form.select_one("button[hx-confirm]")["hx-post"] == f"/items/{item.id}/delete"
    cancel = form.select_one("a[hx-get]")
    assert (cancel["hx-get"], cancel["hx-target"]) == (
        f"/partnerships/{bakery.id}/matrix-row",
        f"#row-{bakery.id}",
    )

    response = client.post(
        f"/items/{item.id}/edit",
        data=item_form(description="More cash", value="175.25", status="promised"),
        headers=HTMX,
    )
    assert response.headers["HX-Retarget"] == f"#row-{bakery.id}"
    page = html(response)
    assert shown_items(page, bakery) == ["More cash"]
    assert money(page.select_one("#total-gives")) == (Decimal("175.25"), 0)
    assert [(i.value, i.status) for i in items()] == [(Decimal("175.25"), ItemStatus.PROMISED)]


def test_cancel_shows_the_row_again(client, bakery):
    """Closing a form without saving asks for the row as it is; opened as a page, the
    address shows the whole matrix."""
    factories.commitment(bakery, description="Cash")
    url = f"/partnerships/{bakery.id}/matrix-row"
    page = html(client.get(url, headers=HTMX))
    assert changed_ids(page)[0] == f"row-{bakery.id}"
    assert shown_items(page, bakery) == ["Cash"]
    page = html(client.get(url))
    assert text(page.select_one("h1")) == "What partners give and get"
    assert shown_items(page, bakery) == ["Cash"]


def test_htmx_edit_of_a_benefit_as_the_browser_sends_it(client, bakery):
    """Editing a gets item saves although its form sends no need or grant-call field."""
    item = factories.commitment(bakery, Direction.GETS, Category.RECOGNITION, description="Logo")
    data = item_form(direction="gets", category="media_mention", description="Radio thanks")
    del data["need_id"]
    response = client.post(f"/items/{item.id}/edit", data=data, headers=HTMX)
    assert response.headers.get("HX-Retarget") == f"#row-{bakery.id}"
    page = html(response)
    assert shown_items(page, bakery, "gets") == ["Radio thanks"]
    assert text(page.select_one(f"#it-{item.id} .tag")) == "Media mention"
    assert [(i.category, i.description) for i in items()] == [
        (Category.MEDIA_MENTION, "Radio thanks")
    ]


def test_htmx_invalid_edit_keeps_the_item_as_it_was(client, bakery):
    """An invalid edit shows the error in the form and leaves the stored item untouched."""
    item = factories.commitment(bakery, description="Cash", value=Decimal(100))
    response = client.post(f"/items/{item.id}/edit", data=item_form(value="12,3,4"), headers=HTMX)
    page = html(response)
    assert "HX-Retarget" not in response.headers
    assert page.select_one("form.item-form")["hx-post"] == f"/items/{item.id}/edit"
    assert text(page.select_one("#value-field .error")) == "Enter a number, such as 12 or 12.50."
    assert page.select_one("#value")["value"] == "12,3,4"
    assert [(i.description, i.value) for i in items()] == [("Cash", Decimal(100))]


def test_htmx_delete_removes_the_item_and_updates_totals(client, bakery):
    """Removing an item answers with the row without it, totals down."""
    keep = factories.commitment(bakery, description="Keep", value=Decimal(40))
    gone = factories.commitment(bakery, description="Gone", value=Decimal(60))
    response = client.post(f"/items/{gone.id}/delete", headers=HTMX)
    assert response.headers["HX-Retarget"] == f"#row-{bakery.id}"
    page = html(response)
    assert shown_items(page, bakery) == ["Keep"]
    assert money(page.select_one("#total-gives")) == (Decimal(40), 0)
    assert [i.id for i in items()] == [keep.id]


def test_without_htmx_add_edit_and_delete_redirect_to_the_matrix(client, bakery):
    """Plain form posts (no JavaScript) redirect back to the partner's row with a message."""
    url = matrix_url(bakery.project) + f"#row-{bakery.id}"
    response = client.post(f"/partnerships/{bakery.id}/items/new", data=item_form(value="10"))
    assert response.status_code == 302 and response.location == url
    item = items()[0]
    response = client.post(f"/items/{item.id}/edit", data=item_form(value="20"))
    assert response.status_code == 302 and response.location == url
    assert items()[0].value == Decimal(20)
    response = client.post(f"/items/{item.id}/delete")
    assert response.status_code == 302 and response.location == url
    assert items() == []
    page = html(client.get(matrix_url(bakery.project)))
    assert [text(p) for p in page.select(".flashes .flash")] == [
        "The commitment is added.",
        "The commitment is saved.",
        "The commitment is removed.",
    ]


def test_without_htmx_invalid_add_shows_a_full_page_with_the_error(client, bakery):
    """Without htmx, an invalid item comes back as a whole page with the error and the text."""
    response = client.post(f"/partnerships/{bakery.id}/items/new", data=item_form(value="abc"))
    assert response.status_code == 200
    page = html(response)
    assert page.select_one("p.crumbs a")["href"] == matrix_url(bakery.project)
    form = page.select_one("main .narrow form.item-form")
    assert form["action"] == f"/partnerships/{bakery.id}/items/new"
    assert not form.has_attr("hx-post")  # a page of its own: a plain form
    assert text(page.select_one("#value-field .error")) == "Enter a number, such as 12 or 12.50."
    assert page.select_one("#value")["value"] == "abc"
    assert items() == []


def test_unknown_direction_and_item_are_404(client, bakery):
    """A direction that does not exist, or an item that does not, is not found."""
    assert client.get(f"/partnerships/{bakery.id}/items/new?direction=sideways").status_code == 404
    assert client.get("/items/999/edit").status_code == 404
    assert client.post("/items/999/delete").status_code == 404
    assert client.post("/items/999/status", data={"status": "delivered"}).status_code == 404


# --- status in one click ------------------------------------------------------------------


def test_each_item_offers_its_next_statuses_as_buttons(client, bakery):
    """Planned offers promised and delivered; promised offers delivered, partly and not;
    delivered offers none. Each button posts to its item, through the page's shared form."""
    planned = factories.commitment(bakery, description="Cash")
    promised = factories.commitment(bakery, description="Van", status=ItemStatus.PROMISED)
    done = factories.commitment(bakery, description="Bread", status=ItemStatus.DELIVERED)
    page = html(client.get(matrix_url(bakery.project)))

    def buttons(item):
        return [text(b) for b in page.select(f"#it-{item.id} button")]

    assert buttons(planned) == ["Promised", "Delivered"]
    assert buttons(promised) == ["Delivered", "Partly delivered", "Not delivered"]
    assert buttons(done) == []
    button = page.select_one(f"#it-{planned.id} button")
    # The press carries the revision the item was shown at (planner/conflicts.py).
    assert (
        button["formaction"]
        == button["hx-post"]
        == (f"/items/{planned.id}/status?revision=1&was=planned")
    )
    assert (button["form"], button["name"], button["value"]) == ("mx", "status", "promised")
    shared = page.select_one("form#mx")
    assert shared["method"] == "post"
    assert shared.select_one("input[name=csrf_token]")


def test_one_click_status_change_answers_with_the_item_and_totals_out_of_band(client, bakery):
    """Marking an item not delivered through htmx answers with that item changed, and, out
    of band, its row's sums, the totals, the warnings and the needs' coverage."""
    need = factories.need(bakery.project, description="Flour", quantity=Decimal(10))
    item = factories.commitment(
        bakery,
        description="Flour",
        value=Decimal(80),
        quantity=Decimal(10),
        need_id=need.id,
        status=ItemStatus.PROMISED,
    )
    page = html(client.get(matrix_url(bakery.project)))
    assert text(page.select_one("#needs .coverage")) == "Covered"
    assert page.select_one(".flag-uncovered-need") is None

    response = client.post(
        f"/items/{item.id}/status",
        data={"status": "not_delivered"},
        headers={**HTMX, "HX-Current-URL": "http://localhost" + matrix_url(bakery.project)},
    )
    assert response.status_code == 200
    assert "HX-Retarget" not in response.headers  # the item the button sits in
    page = html(response)
    assert changed_ids(page) == [
        f"it-{item.id}",
        f"sums-{bakery.id}",
        "mx-totals",
        "mx-flags",
        "needs",
    ]
    assert text(page.select_one(f"#it-{item.id} .state")) == "Not delivered"
    assert page.select_one(f"#it-{item.id}")["class"] == ["it", "it-not_delivered"]
    assert page.select(f"#it-{item.id} button") == []
    assert row_sums(page, bakery)[0] == (Decimal(80), 0)
    assert money(page.select_one("#total-gives")) == (Decimal(80), 0)
    assert text(page.select_one("#needs .coverage")) == "Not covered"
    assert "Flour" in text(page.select_one("#mx-flags .flag-uncovered-need"))
    assert items()[0].status is ItemStatus.NOT_DELIVERED


def test_status_change_under_a_filter_keeps_the_filtered_totals(client, bakery):
    """A change made on a filtered page answers with the totals of what that page shows."""
    cash = factories.commitment(bakery, description="Cash", value=Decimal(100))
    factories.commitment(bakery, description="Van", category=Category.TRANSPORT, value=Decimal(7))
    url = "http://localhost" + matrix_url(bakery.project) + "?category=money"
    page = html(
        client.post(
            f"/items/{cash.id}/status",
            data={"status": "promised"},
            headers={**HTMX, "HX-Current-URL": url},
        )
    )
    assert money(page.select_one("#total-gives")) == (Decimal(100), 0)
    assert text(page.select_one("#mx-totals dt")) == "Partners give, of the items shown"


def test_without_htmx_status_change_redirects_back_with_a_message(client, bakery):
    """Without JavaScript the button posts the shared form and lands back on the row, with
    the page's filters kept."""
    item = factories.commitment(bakery, description="Cash")
    back = matrix_url(bakery.project) + "?status=planned"
    response = client.post(f"/items/{item.id}/status", data={"status": "promised", "back": back})
    assert response.status_code == 302
    assert response.location == f"{back}#row-{bakery.id}"
    assert items()[0].status is ItemStatus.PROMISED
    page = html(client.get(matrix_url(bakery.project)))
    assert text(page.select_one(".flashes .flash")) == "Status of “Cash”: Promised."
    # Elsewhere than the matrix page is not a place to go back to.
    response = client.post(
        f"/items/{item.id}/status", data={"status": "delivered", "back": "https://evil.test/"}
    )
    assert response.location == f"{matrix_url(bakery.project)}#row-{bakery.id}"


def test_unknown_status_is_refused(client, bakery):
    """A status that does not exist changes nothing."""
    item = factories.commitment(bakery, description="Cash")
    assert client.post(f"/items/{item.id}/status", data={"status": "lost"}).status_code == 400
    assert items()[0].status is ItemStatus.PLANNED


def test_government_item_can_be_tied_to_a_grant_call_and_shows_its_ask_by(client, project):
    """A government partner's form offers grant calls; the item's ask-by is the call's deadline."""
    call = factories.grant_call(name="Social fund 2027", deadline=date(2026, 11, 2))
    city = factories.partnership(
        project=project,
        partner=factories.partner(name="City Hall", sector=Sector.GOVERNMENT),
        status=Status.NEGOTIATING,
    )
    form = html(client.get(f"/partnerships/{city.id}/items/new?category=money", headers=HTMX))
    assert [text(o) for o in form.select("#grant_call_id option")] == [
        "— none —",
        "Social fund 2027",
    ]
    data = item_form(grant_call_id=str(call.id), due_date="2027-03-01", value="5000")
    page = html(client.post(f"/partnerships/{city.id}/items/new", data=data, headers=HTMX))
    dates = [text(s) for s in page.select(f"#row-{city.id} li.it .d > span")]
    assert dates[-2:] == ["due 1 Mar 2027", "ask by 2 Nov 2026"]
    assert items()[0].grant_call_id == call.id


# --- needs --------------------------------------------------------------------------------


def need_rows(page) -> list[tuple[str, str, str]]:
    """Each need as listed beside the matrix: what, how much is covered, coverage."""
    return [
        (
            text(li.select_one(".what")),
            text(li.select_one(".d > span")),
            text(li.select_one(".coverage")),
        )
        for li in page.select("#needs li")
    ]


def test_needs_are_created_edited_and_removed(client, project):
    """A need is recorded, changed and removed through its form, shown under #needs."""
    url = f"/projects/{project.slug}/needs/new"
    response = client.post(
        url,
        data={"category": "goods", "description": "Blankets", "quantity": "40", "unit": "pcs"},
    )
    assert response.status_code == 302
    assert response.location == f"/projects/{project.slug}/matrix/#needs"
    need = db.session.scalars(sa.select(Need)).one()
    page = html(client.get(matrix_url(project)))
    assert need_rows(page) == [("Blankets", "0 of 40 pcs", "Not covered")]
    assert page.select_one("#needs .coverage")["class"] == ["coverage", "coverage-none"]

    form = html(client.get(f"/needs/{need.id}/edit"))
    assert form.select_one("#quantity")["value"] == "40.00"
    client.post(
        f"/needs/{need.id}/edit",
        data={"category": "goods", "description": "Warm blankets", "quantity": "50", "unit": ""},
    )
    page = html(client.get(matrix_url(project)))
    assert need_rows(page) == [("Warm blankets", "0 of 50", "Not covered")]

    response = client.post(f"/needs/{need.id}/delete")
    assert response.status_code == 302
    page = html(client.get(matrix_url(project)))
    assert page.select("#needs li") == []
    assert page.select_one(f"#needs a[href='/projects/{project.slug}/needs/new']")


def test_invalid_need_shows_errors_and_saves_nothing(client, project):
    """A need without a description, or with a bad quantity, is refused beside the field."""
    response = client.post(
        f"/projects/{project.slug}/needs/new",
        data={"category": "goods", "description": "", "quantity": "lots"},
    )
    page = html(response)
    assert page.select_one("#description-field .error")
    assert text(page.select_one("#quantity-field .error")) == "Enter a number, such as 12 or 12.50."
    assert page.select_one("#quantity")["value"] == "lots"
    assert db.session.scalars(sa.select(Need)).all() == []


def test_coverage_follows_the_items_linked_to_a_need(client, bakery):
    """Linking items to a need moves it from not covered to partly and fully covered."""
    project = bakery.project
    need = factories.need(project, Category.GOODS, description="Bread loaves", quantity=100)
    form = html(client.get(f"/partnerships/{bakery.id}/items/new?category=goods", headers=HTMX))
    assert [text(o) for o in form.select("#need_id option")] == ["— none —", "Bread loaves"]

    def add(quantity, status="planned"):
        data = item_form(category="goods", quantity=quantity, status=status, need_id=need.id)
        response = client.post(f"/partnerships/{bakery.id}/items/new", data=data, headers=HTMX)
        return html(response)

    page = add("60", status="not_delivered")
    assert need_rows(page) == [("Bread loaves", "0 of 100", "Not covered")]
    assert page.select_one(".flags li.flag-uncovered-need")
    page = add("60")
    assert need_rows(page) == [("Bread loaves", "60 of 100", "Partly covered")]
    assert page.select_one("#needs .coverage.coverage-partial")
    page = add("40", status="delivered")
    assert need_rows(page) == [("Bread loaves", "100 of 100", "Covered")]
    assert page.select_one("#needs .coverage.coverage-full")
    assert page.select_one(".flags li.flag-uncovered-need") is None


def test_need_without_quantity_is_covered_once_any_item_is_linked(client, bakery):
    """A need with no quantity shows as covered as soon as one item is linked to it."""
    need = factories.need(bakery.project, description="A venue")
    factories.commitment(bakery, category=Category.PREMISES, need=need)
    page = html(client.get(matrix_url(bakery.project)))
    assert need_rows(page) == [("A venue", "", "Covered")]


def test_removing_a_need_keeps_the_items_that_covered_it(client, bakery):
    """Deleting a need leaves its linked commitments in the matrix, unlinked."""
    need = factories.need(bakery.project, description="Soup")
    item = factories.commitment(bakery, need=need, value=Decimal(30))
    client.post(f"/needs/{need.id}/delete")
    assert [(i.id, i.need_id) for i in items()] == [(item.id, None)]
    page = html(client.get(matrix_url(bakery.project)))
    assert money(page.select_one("#total-gives")) == (Decimal(30), 0)


# --- exports ------------------------------------------------------------------------------

HEADER_TO_COLUMN = {f"{d.label}: {c.label}": f"{d.value}-{c.value}" for d, c in COLUMNS}


@pytest.fixture
def filled(bakery, radio, project):
    """A matrix with values, items without value, both directions, and a left partnership."""
    factories.commitment(bakery, description="Cash", value=Decimal("1000.50"))
    factories.commitment(bakery, category=Category.GOODS, value=Decimal("99.99"))
    factories.commitment(bakery, category=Category.GOODS)
    factories.commitment(bakery, Direction.GETS, Category.RECOGNITION)
    factories.commitment(radio, category=Category.PUBLICATIONS, value=Decimal(300))
    factories.commitment(radio, Direction.GETS, Category.RESULTS_REPORT, value=Decimal(25))
    factories.commitment(radio, hours=Decimal(4), hourly_rate=Decimal("12.5"), value=Decimal(50))
    gone = factories.partnership(project=project, status=Status.DROPPED)
    factories.commitment(gone, value=Decimal(7777))
    return project


def page_totals(page) -> dict:
    """The foot as shown: per column (value; 0 with items only unvalued; None empty), overall."""
    shown = {}
    for td in page.select("tfoot td[data-column]"):
        amount, unvalued = money(td)
        shown[td["data-column"]] = amount if amount is not None else (0 if unvalued else None)
    for direction in ("gives", "gets"):
        amount, unvalued = money(page.select_one(f"#total-{direction}"))
        shown[f"{direction}: value"] = amount or 0
        shown[f"{direction}: unvalued"] = unvalued
    return shown


def sheet_totals(header: list, totals: list, number=Decimal) -> dict:
    found = {}
    for name, cell in zip(header, totals, strict=True):
        if name in HEADER_TO_COLUMN:
            found[HEADER_TO_COLUMN[name]] = None if cell in (None, "") else number(cell)
    for direction, label in (("gives", "Gives"), ("gets", "Gets")):
        found[f"{direction}: value"] = number(totals[header.index(f"{label}: total value")])
        found[f"{direction}: unvalued"] = int(totals[header.index(f"{label}: items without value")])
    return found


def test_xlsx_opens_and_its_totals_row_equals_the_pages_totals(client, filled):
    """The Excel file opens with openpyxl; its totals row holds the numbers the page shows."""
    page = html(client.get(matrix_url(filled)))
    grid = html(client.get(grid_url(filled)))
    response = client.get(page.select_one("a[href$='matrix.xlsx']")["href"])
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="winter-matrix.xlsx"'
    book = load_workbook(io.BytesIO(response.data))
    rows = [list(r) for r in book["Matrix"].iter_rows(values_only=True)]
    header, totals = rows[0], rows[-1]
    assert totals[:3] == [None, "Total", None]
    assert [r[1] for r in rows[1:-1]] == ["Bakery", "City Radio"]

    shown = page_totals(grid)
    assert (shown["gives: value"], shown["gives: unvalued"]) == money(
        page.select_one("#total-gives")
    )
    in_sheet = sheet_totals(header, totals, number=lambda v: Decimal(str(v)))
    assert in_sheet == shown
    assert shown["gives: value"] == Decimal("1450.49")
    assert shown["gives: unvalued"] == 1

    for row in rows[1:-1]:
        shown_row = page.find("a", string=row[1]).find_parent(class_="mx-row")
        gives, gets = (money(dd) for dd in shown_row.select(".sums dd"))
        assert Decimal(str(row[header.index("Gives: total value")])) == (gives[0] or 0)
        assert row[header.index("Gives: items without value")] == gives[1]
        assert Decimal(str(row[header.index("Gets: total value")])) == (gets[0] or 0)
        assert row[header.index("Gets: items without value")] == gets[1]

    listed = list(book["Commitments"].iter_rows(values_only=True))
    assert len(listed) == 1 + 7  # header and every item of a shown row, not the dropped one


def test_csv_has_the_same_numbers_as_the_page(client, filled):
    """The CSV's totals row holds the numbers of the page's foot."""
    page = html(client.get(matrix_url(filled)))
    response = client.get(page.select_one("a[href$='matrix.csv']")["href"])
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="winter-matrix.csv"'
    rows = list(csv.reader(io.StringIO(response.text)))
    header, totals = rows[0], rows[-1]
    assert totals[1] == "Total"
    assert sheet_totals(header, totals) == page_totals(html(client.get(grid_url(filled))))


def test_exports_do_not_let_a_partner_name_run_as_a_formula(client, project):
    """A partner named like a formula is written as text in CSV and XLSX."""
    evil = factories.partner(name='=HYPERLINK("http://x")', sector=Sector.NGO)
    factories.partnership(project=project, partner=evil)
    rows = list(csv.reader(io.StringIO(client.get(f"/projects/{project.slug}/matrix.csv").text)))
    assert rows[1][1] == '\'=HYPERLINK("http://x")'
    book = load_workbook(io.BytesIO(client.get(f"/projects/{project.slug}/matrix.xlsx").data))
    assert book["Matrix"]["B2"].value == '\'=HYPERLINK("http://x")'
    assert book["Matrix"]["B2"].data_type == "s"


# --- health checks ------------------------------------------------------------------------


def test_health_check_shows_the_latest_colour_on_the_board_and_the_matrix(client, bakery):
    """Recorded checks show on the board card and matrix row, the latest by date winning."""
    today = date.today()
    url = f"/partnerships/{bakery.id}/health"
    response = client.post(url, data={"colour": "amber", "checked_on": today.isoformat()})
    assert response.status_code == 302
    assert response.location == f"/partnerships/{bakery.id}/#health"
    client.post(url, data={"colour": "red", "checked_on": (today - timedelta(days=7)).isoformat()})

    board = html(client.get(f"/projects/{bakery.project.slug}/"))
    badge = board.select_one(f"#partnership-{bakery.id} .health")
    assert badge["class"] == ["health", "health-amber"]
    assert text(badge) == "Amber: needs care"
    row = html(client.get(matrix_url(bakery.project))).select_one(f"#row-{bakery.id} .health")
    assert row["class"] == ["health", "health-amber"]

    client.post(url, data={"colour": "green", "checked_on": today.isoformat(), "note": "Fine"})
    board = html(client.get(f"/projects/{bakery.project.slug}/"))
    assert board.select_one(f"#partnership-{bakery.id} .health.health-green")
    row = html(client.get(matrix_url(bakery.project))).select_one(f"#row-{bakery.id}")
    assert text(row.select_one(".health")) == "Green: on track"


def test_partnership_without_health_check_shows_no_badge(client, bakery, radio):
    """Only partnerships with a check carry a colour."""
    factories.health_check(radio, Health.RED)
    page = html(client.get(matrix_url(bakery.project)))
    assert page.select_one(f"#row-{bakery.id} .health") is None
    assert page.select_one(f"#row-{radio.id} .health.health-red")


@pytest.mark.parametrize(
    ("colour", "message"),
    [("purple", "Not a valid choice."), ("", "Choose green, amber or red.")],
)
def test_invalid_health_colour_is_refused_with_a_message(client, bakery, colour, message):
    """A colour other than green, amber or red is refused beside the field; nothing is saved."""
    response = client.post(
        f"/partnerships/{bakery.id}/health",
        data={"colour": colour, "checked_on": date.today().isoformat()},
    )
    assert response.status_code == 200
    page = html(response)
    assert message in text(page.select_one("#colour-field .error"))
    assert db.session.scalars(sa.select(HealthCheck)).all() == []


# --- a fixed number of queries ------------------------------------------------------------


def populate(project, n: int) -> None:
    """n partnerships in every sector, each with gives and gets items, a need and checks."""
    call = GrantCall(name="Fund", deadline=date(2026, 9, 1))
    need = Need(project=project, category=Category.GOODS, description="Food")
    db.session.add_all([call, need])
    sectors = list(Sector)
    for i in range(n):
        sector = sectors[i % len(sectors)]
        p = Partnership(
            project=project,
            partner=Partner(name=f"Partner {i:03}", sector=sector),
            status=Status.ACTIVE,
        )
        db.session.add(p)
        db.session.add_all(
            [
                Commitment(
                    partnership=p,
                    direction=Direction.GIVES,
                    category=Category.GOODS,
                    description="Food",
                    value=Decimal(10),
                    quantity=Decimal(5),
                    due_date=date(2026, 12, 1),
                    need=need,
                    grant_call=call if sector is Sector.GOVERNMENT else None,
                ),
                Commitment(
                    partnership=p,
                    direction=Direction.GIVES,
                    category=Category.MONEY,
                    description="Cash",
                    due_date=date(2026, 10, 1),
                    status=ItemStatus.PROMISED,
                ),
                Commitment(
                    partnership=p,
                    direction=Direction.GETS,
                    category=Category.RECOGNITION,
                    description="Logo",
                ),
                HealthCheck(partnership=p, colour=Health.AMBER, checked_on=date(2026, 1, 1)),
            ]
        )
    db.session.commit()


def test_matrix_page_queries_do_not_grow_with_partnerships(client, auth, count_queries):
    """The matrix sends as many SQL statements for 60 partnerships as for 5."""
    small, large = factories.project(slug="small"), factories.project(slug="large")
    populate(small, 5)
    populate(large, 60)
    counts = {}
    for project in (small, large):
        client.get(matrix_url(project))
        db.session.expire_all()
        with count_queries() as statements:
            page = html(client.get(matrix_url(project)))
        counts[project.slug] = len(statements)
        assert len(page.select(".mx-row")) == (5 if project is small else 60)
        # Planned: promised, delivered; promised: delivered, partly, not delivered.
        assert len(page.select("li.it button")) == (5 if project is small else 60) * 7
        assert len(page.select(".health-amber")) == (5 if project is small else 60)
    assert counts["small"] == counts["large"]
