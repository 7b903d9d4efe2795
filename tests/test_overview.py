"""The overview across projects: value contributed by sector, year and category."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from planner.enums import Category, Direction, ItemStatus, Sector, Status
from planner.extensions import db
from planner.models import Commitment, Organisation, Partner, Partnership
from planner.stamps import bump_stamp
from tests import factories


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split()) if node else ""


def table(page, key: str) -> dict[str, Decimal]:
    """A totals table as read: row heading to the value shown (in euros: €1,000.50)."""
    return {
        text(tr.th): Decimal(text(tr.td).removeprefix("€").replace(",", ""))
        for tr in page.select(f"#table-{key} tbody tr")
        if tr.th
    }


# (sector, category, due date, value, status, direction)
ITEMS = [
    (Sector.BUSINESS, Category.MONEY, date(2025, 3, 1), "1000.50", ItemStatus.DELIVERED),
    (Sector.BUSINESS, Category.GOODS, date(2026, 1, 10), "200", ItemStatus.PLANNED),
    (Sector.BUSINESS, Category.MONEY, None, "300", ItemStatus.PROMISED),
    (Sector.NGO, Category.METHODOLOGY, date(2025, 11, 30), "450.25", ItemStatus.PARTLY_DELIVERED),
    (Sector.MEDIA, Category.PUBLICATIONS, date(2026, 6, 1), "80", ItemStatus.DELIVERED),
    (Sector.VOLUNTEERS, Category.VOLUNTEER_TIME, date(2026, 6, 2), "640", ItemStatus.DELIVERED),
    (Sector.GOVERNMENT, Category.MONEY, date(2027, 2, 1), "5000", ItemStatus.PLANNED),
]
LEFT_OUT = [
    # not delivered: counts for nothing
    (Sector.BUSINESS, Category.MONEY, date(2025, 3, 1), "9999", ItemStatus.NOT_DELIVERED),
    (Sector.MEDIA, Category.PUBLICATIONS, None, "7777", ItemStatus.NOT_DELIVERED),
    # no value
    (Sector.NGO, Category.PREMISES, date(2025, 1, 1), None, ItemStatus.DELIVERED),
]


@pytest.fixture
def contributions(auth):
    """Items across two projects (one without dates), with ones the overview must leave out."""
    dated = factories.project(slug="dated", start_date=date(2024, 9, 1))
    undated = factories.project(slug="undated")
    partners = {s: factories.partner(name=s.label, sector=s) for s in Sector}
    links = {}

    def link(project, sector):
        key = (project.id, sector)
        if key not in links:
            links[key] = factories.partnership(
                project=project, partner=partners[sector], status=Status.ACTIVE
            )
        return links[key]

    for sector, category, due, value, status in ITEMS + LEFT_OUT:
        project = undated if (sector is Sector.BUSINESS and due is None) else dated
        factories.commitment(
            link(project, sector),
            category=category,
            due_date=due,
            value=None if value is None else Decimal(value),
            status=status,
        )
    # what partners get is not a contribution, whatever its value
    factories.commitment(
        link(dated, Sector.BUSINESS), Direction.GETS, Category.RECOGNITION, value=Decimal(55)
    )


def expected() -> dict[str, dict[str, Decimal]]:
    sums = {"sector": defaultdict(Decimal), "year": defaultdict(Decimal)}
    sums["category"] = defaultdict(Decimal)
    for sector, category, due, value, _ in ITEMS:
        sums["sector"][sector.label] += Decimal(value)
        sums["year"][str(due.year) if due else "No date"] += Decimal(value)
        sums["category"][category.label] += Decimal(value)
    return {key: dict(values) for key, values in sums.items()}


def test_overview_tables_equal_sums_by_sector_year_and_category(client, contributions):
    """Each table holds the sum of counted contributions' values per sector, year, category."""
    page = html(client.get("/overview/"))
    want = expected()
    assert table(page, "sector") == want["sector"]
    assert table(page, "category") == want["category"]
    assert table(page, "year") == want["year"]
    assert want["year"]["No date"] == Decimal(300)


def test_overview_orders_sectors_by_value_and_years_in_order(client, contributions):
    """Sectors and categories come largest first; years in calendar order, undated last."""
    page = html(client.get("/overview/"))
    sectors = list(table(page, "sector").values())
    assert sectors == sorted(sectors, reverse=True)
    assert list(table(page, "year")) == ["2025", "2026", "2027", "No date"]


def test_overview_leaves_out_not_delivered_benefits_and_items_without_value(client, contributions):
    """Items marked not delivered, benefits partners get, and items without value add nothing."""
    page = html(client.get("/overview/"))
    total = sum(table(page, "sector").values())
    assert total == sum(Decimal(v) for *_, v, _ in ITEMS)
    assert "Premises" not in table(page, "category")
    assert "Public recognition (name, logo)" not in table(page, "category")


def test_overview_charts_are_svg_images_with_a_title(client, contributions):
    """Each section has an SVG chart with role=img, named for what it shows, one bar a row."""
    page = html(client.get("/overview/"))
    charts = page.select("svg.chart[role=img]")
    assert [svg["aria-label"] for svg in charts] == [
        "Value of contributions by sector",
        "Value of contributions by year",
        "Value of contributions by category",
    ]
    for svg, key in zip(charts, ("sector", "year", "category"), strict=True):
        assert text(svg.title) == svg["aria-label"]
        assert len(svg.select("rect.bar")) == len(table(page, key))


def test_overview_without_values_says_so(client, auth):
    """With no valued contribution, the tables and charts say there is nothing yet."""
    page = html(client.get("/overview/"))
    for key in ("sector", "year", "category"):
        assert text(page.select_one(f"#table-{key} tbody")) == "No contribution has a value yet."
    charts = page.select("svg.chart[role=img]")
    assert len(charts) == 3
    assert all(text(svg.select_one("text")) == "No values yet" for svg in charts)


def test_overview_follows_an_edit_at_once(client, contributions):
    """The kept sums move with the next view after a commitment's value is changed."""
    table(html(client.get("/overview/")), "sector")  # the sums are now kept
    media = db.session.scalar(
        sa.select(Commitment)
        .join(Partnership)
        .join(Partner)
        .where(Partner.sector == Sector.MEDIA, Commitment.status == ItemStatus.DELIVERED)
    )
    media.value = Decimal(100)
    db.session.commit()
    assert table(html(client.get("/overview/")), "sector")["Media"] == Decimal(100)


def test_overview_follows_a_write_made_by_another_process(client, contributions):
    """A write by another worker reaches the kept sums through the database's change stamp."""
    before = table(html(client.get("/overview/")), "sector")
    # What another worker's transaction leaves behind: new data and a moved stamp, written
    # without this process's session seeing it.
    with db.engine.begin() as conn:
        conn.execute(
            sa.update(Commitment).where(Commitment.value == Decimal(80)).values(value=Decimal(180))
        )
        bump_stamp(conn)
    after = table(html(client.get("/overview/")), "sector")
    assert after["Media"] == before["Media"] + 100


def test_overview_writes_money_in_the_organisations_currency(client, auth):
    """Sums carry the organisation's currency as the page's language writes it."""
    db.session.scalar(sa.select(Organisation)).currency = "GBP"
    db.session.commit()
    link = factories.partnership(status=Status.ACTIVE)
    factories.commitment(link, value=Decimal("1500"), due_date=date(2026, 5, 1))
    page = html(client.get("/overview/"))
    assert text(page.select_one("#table-sector tbody td")) == "£1,500.00"
    assert "£1,500.00" in [text(t) for t in page.select_one("svg.chart").select("text")]
