"""The busiest pages send a fixed number of SQL queries, however much data there is."""

import itertools
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from planner.enums import Answer, Category, Direction, ItemStatus, Sector, Status, Support, Trust
from planner.extensions import db
from planner.models import BudgetLine, Commitment, Partner, Partnership
from planner.partnerships.history import change_status
from tests import factories

STATUSES = itertools.cycle(list(Status))
ANSWERS = itertools.cycle([Answer.YES, Answer.YES, Answer.UNSURE, Answer.NO])
SECTORS = itertools.cycle(list(Sector))
SUPPORT = itertools.cycle([{Support.MATERIAL}, {Support.FINANCIAL, Support.INFORMATIONAL}, set()])


def add_partners(n: int, projects, user) -> None:
    """Add `n` partners, each in one or two of `projects`, at every status, in one commit."""
    for i in range(n):
        partner = Partner(
            name=f"Partner {i}",
            sector=next(SECTORS),
            trust=Trust.VERIFIED if i % 3 else Trust.NEW,
            contact_person=f"Contact {i}",
        )
        db.session.add(partner)
        for project in projects[i % len(projects) :][: 1 + i % 2]:
            answer = next(ANSWERS)
            partnership = Partnership(
                project=project,
                partner=partner,
                need=answer,
                fit=answer,
                motivation=answer,
                support=next(SUPPORT),
                responsible=user if i % 2 else None,
            )
            change_status(partnership, Status.CANDIDATE, user)
            db.session.add(partnership)
            db.session.flush()
            change_status(partnership, next(STATUSES), user)
    db.session.commit()


def queries(client, count_queries, url: str) -> int:
    """How many statements one GET of `url` sends, from a cold session as in production."""
    assert client.get(url).status_code == 200
    db.session.remove()
    with count_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200
    db.session.remove()
    return len(statements)


def projects_for(user):
    return [
        factories.project(title="Mine", coordinator=user),
        factories.project(title="Colleague's", coordinator=factories.user()),
        factories.project(title="Nobody's"),
        factories.project(title="Fourth", coordinator=user),
    ]


def test_registry_queries_do_not_grow_with_partners(client, auth, user, count_queries):
    """The partner registry sends as many queries for 200 partners as for 10."""
    projects = projects_for(user)
    add_partners(10, projects, user)
    few = queries(client, count_queries, "/partners/")
    add_partners(190, projects, user)
    many = queries(client, count_queries, "/partners/")
    assert many == few
    filtered = "/partners/?sector=business&trust=verified&q=Partner"
    assert queries(client, count_queries, filtered) == few


def give_goods(delivered_every: int) -> None:
    """A delivered gift of goods from every so many partnerships (others only planned)."""
    for i, partnership_id in enumerate(db.session.scalars(sa.select(Partnership.id)).all()):
        db.session.add(
            Commitment(
                partnership_id=partnership_id,
                direction=Direction.GIVES,
                category=Category.GOODS,
                description=f"Coats {i}",
                status=ItemStatus.DELIVERED if i % delivered_every == 0 else ItemStatus.PLANNED,
            )
        )
    db.session.commit()


def test_registry_gave_filter_queries_do_not_grow(client, auth, user, count_queries):
    """Partners who gave a category before: as many queries for 200 partners as for 10."""
    projects = projects_for(user)
    add_partners(10, projects, user)
    give_goods(3)
    url = "/partners/?gave=goods"
    few = queries(client, count_queries, url)
    db.session.execute(sa.delete(Commitment))
    add_partners(190, projects, user)
    give_goods(3)
    assert queries(client, count_queries, url) == few
    assert "No partner matches" not in client.get(url).text


def test_dashboard_queries_do_not_grow_with_partnerships(client, auth, user, count_queries):
    """The dashboard sends as many queries with 200 partners' partnerships as with 10."""
    projects = projects_for(user)
    add_partners(10, projects, user)
    few = queries(client, count_queries, "/")
    add_partners(190, projects, user)
    many = queries(client, count_queries, "/")
    assert many == few


def test_project_board_queries_do_not_grow_with_partnerships(client, auth, user, count_queries):
    """A project's board sends as many queries for 60 partnerships as for 5."""
    [project, *_] = projects = projects_for(user)
    add_partners(5, [project], user)
    url = f"/projects/{project.slug}/"
    few = queries(client, count_queries, url)
    add_partners(55, [project], user)
    add_partners(20, projects[1:], user)
    many = queries(client, count_queries, url)
    assert many == few


def test_partner_page_queries_do_not_grow_with_projects(client, auth, user, count_queries):
    """A partner's page sends as many queries for 12 partnerships as for 2."""
    partner = factories.partner(name="Everywhere")
    for _ in range(2):
        factories.partnership(partner=partner, by=user)
    url = f"/partners/{partner.id}/"
    few = queries(client, count_queries, url)
    for _ in range(10):
        factories.partnership(partner=partner, by=user, status=Status.ACTIVE)
    assert queries(client, count_queries, url) == few


def add_dated_items(partnerships, days) -> None:
    """A planned contribution per partnership and day offset, and a benefit, in one commit."""
    today = date.today()
    for p in partnerships:
        for offset in days:
            db.session.add(
                Commitment(
                    partnership=p,
                    direction=Direction.GIVES,
                    category=Category.MONEY,
                    description="Cash",
                    due_date=today + timedelta(days=offset),
                    status=ItemStatus.PLANNED,
                )
            )
        db.session.add(
            Commitment(
                partnership=p,
                direction=Direction.GETS,
                category=Category.RECOGNITION,
                description="Logo",
                due_date=today,
            )
        )
    db.session.commit()


@pytest.mark.parametrize("url", ["/", "/asks/", "/asks/list/overdue/"])
def test_ask_pages_send_as_many_queries_for_hundreds_of_asks(
    client, auth, user, count_queries, url
):
    """The dashboard and the asks pages send as many queries for 600 asks as for 6."""

    projects = projects_for(user)
    add_partners(6, projects, user)
    partnerships = db.session.scalars(sa.select(Partnership)).all()
    add_dated_items(partnerships[:2], range(-20, 20, 15))
    few = queries(client, count_queries, url)
    add_partners(40, projects, user)
    partnerships = db.session.scalars(sa.select(Partnership)).all()
    add_dated_items(partnerships, range(-40, 40, 7))
    assert queries(client, count_queries, url) == few


def add_budget(project, lines: int, partnerships, items_each: int) -> None:
    """Budget lines for `project`, and money and gifts in kind from its partnerships."""
    ids = []
    for n in range(lines):
        line = BudgetLine(project_id=project.id, name=f"Line {n}", amount=1000 + n, position=n)
        db.session.add(line)
        db.session.flush()
        ids.append(line.id)
    statuses = itertools.cycle(list(ItemStatus))
    for p in partnerships:
        for n in range(items_each):
            money = n % 2 == 0
            db.session.add(
                Commitment(
                    partnership_id=p.id,
                    direction=Direction.GIVES,
                    category=Category.MONEY if money else Category.GOODS,
                    description=f"Item {n}",
                    value=100 + n,
                    status=next(statuses),
                    budget_line_id=ids[n % len(ids)] if money and ids else None,
                    internal=n % 3 == 0,
                )
            )
    db.session.commit()


@pytest.mark.parametrize(
    "page", ["/projects/{slug}/budget/", "/projects/{slug}/budget/lines/", "/overview/"]
)
def test_budget_pages_send_as_many_queries_for_many_lines_and_items(
    client, auth, user, count_queries, page
):
    """The co-funding page, the budget's editor and the overview send as many queries for
    30 lines and 400 items as for 2 lines and 4 items."""
    projects = projects_for(user)
    add_partners(4, projects, user)
    project = projects[0]
    url = page.format(slug=project.slug)
    mine = db.session.scalars(sa.select(Partnership).where(Partnership.project == project)).all()
    add_budget(project, 2, mine[:1], 4)
    few = queries(client, count_queries, url)
    add_partners(40, projects, user)
    mine = db.session.scalars(sa.select(Partnership).where(Partnership.project == project)).all()
    add_budget(project, 28, mine, 20)
    add_budget(projects[1], 5, [], 0)
    assert queries(client, count_queries, url) == few
