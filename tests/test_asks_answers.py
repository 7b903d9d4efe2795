"""Asks answered: "asked" and the answer from the lists, the ask's page and the matrix; advice."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from planner.enums import (
    AskAnswer,
    Category,
    Direction,
    ItemStatus,
    Language,
    Sector,
    Status,
    Subtype,
)
from planner.extensions import db
from planner.models import Commitment, Organisation, User
from tests import factories

HTMX = {"HX-Request": "true"}
RU = {"Accept-Language": "ru"}


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split()) if node else ""


def lines(page, heading: str) -> dict[str, str]:
    """An ask list as read: the partner to ask and the whole line's text."""
    section = page.select_one(f"section[aria-labelledby={heading}]")
    return {text(li.select_one("a")): text(li) for li in section.select("ul.asks > li")}


def ask(name: str, sector: Sector, due: date, category=Category.MONEY, **partner) -> Commitment:
    link = factories.partnership(
        partner=factories.partner(name=name, sector=sector, **partner), status=Status.ACTIVE
    )
    return factories.commitment(link, category=category, description=f"{name} help", due_date=due)


def reload(item: Commitment) -> Commitment:
    db.session.expire_all()
    return db.session.get(Commitment, item.id)


def flashes(page) -> list[str]:
    return [text(p) for p in page.select(".flashes .flash")]


@pytest.fixture
def late(auth):
    """An overdue media ask (3 days ahead of a due date that is tomorrow)."""
    return ask("Radio", Sector.MEDIA, date.today() + timedelta(days=1), Category.PUBLICATIONS)


def test_marking_an_ask_asked_records_who_and_when_and_waits_for_the_answer(client, user, late):
    """ "Mark as asked" from the list records today and the coordinator; the ask waits."""
    page = html(client.get("/asks/"))
    assert "Radio" in lines(page, "overdue-h")
    form = page.select_one("section[aria-labelledby=overdue-h] li form")
    assert text(form.button) == "Mark as asked"
    data = {i["name"]: i.get("value", "") for i in form.select("input[type=hidden]")}
    response = client.post(form["action"], data=data)
    assert response.status_code == 302 and response.location == "/asks/"
    page = html(client.get(response.location))
    assert flashes(page) == ["Marked as asked; record the answer when it comes."]
    assert "Radio" not in lines(page, "overdue-h")
    line = lines(page, "all-h")["Radio"]
    when = date.today().strftime("%-d %b %Y")
    assert f"Asked on {when} by {user.name}; waiting for the answer." in line
    item = reload(late)
    assert (item.asked_on, item.asked_by_id) == (date.today(), user.id)


@pytest.mark.parametrize(
    ("answer", "status", "message"),
    [
        ("yes", ItemStatus.PROMISED, "“Radio help”: the answer is yes, so it is now promised."),
        ("no", ItemStatus.PLANNED, "“Radio help”: the answer is no; it has left the asks."),
    ],
)
def test_an_answered_ask_leaves_every_list(client, late, answer, status, message):
    """Yes promises the item, no ends the ask: either way it leaves the lists and the feed."""
    client.post("/asks/calendar/token")
    # The feed's address is shown once, on the page right after it is made.
    feed_url = html(client.get("/asks/")).select_one("#feed-url")["value"]
    response = client.post(
        f"/asks/items/{late.id}/answer",
        data={"answer": answer, "note": "Spoke to the editor", "next": "/asks/"},
    )
    assert response.location == "/asks/"
    page = html(client.get("/asks/"))
    assert flashes(page) == [message]
    for heading in ("overdue-h", "week-h", "all-h"):
        assert "Radio" not in lines(page, heading)
    assert "Radio" not in lines(html(client.get("/")), "ask-overdue")
    feed = client.get(feed_url).data.decode()
    assert "Ask Radio" not in feed and "Due from Radio" in feed
    item = reload(late)
    assert item.status is status and item.answer is AskAnswer(answer)
    assert (item.answered_on, item.answer_note) == (date.today(), "Spoke to the editor")
    # Asked when answered, by whoever recorded it, if nobody had said so before.
    assert item.asked_on == date.today() and item.asked_by_id is not None
    shown = text(html(client.get(f"/asks/items/{late.id}/")).select_one(".ask-record"))
    assert shown == f"Answer: {AskAnswer(answer).label}. Spoke to the editor"


def test_later_brings_the_ask_back_on_the_new_date(client, late):
    """ "Later" with a date keeps the ask, at that date, out of the overdue list until then."""
    again = date.today() + timedelta(days=20)
    response = client.post(
        f"/asks/items/{late.id}/answer",
        data={"answer": "later", "again": again.isoformat(), "next": "/asks/"},
    )
    assert response.location == "/asks/"
    page = html(client.get("/asks/"))
    assert "Radio" not in lines(page, "overdue-h")
    section = page.select_one("section[aria-labelledby=all-h]")
    assert section.select_one("li time")["datetime"] == again.isoformat()
    assert "Answer: Later." in lines(page, "all-h")["Radio"]
    assert reload(late).ask_by == again
    # Asked again: a new round, waiting for its answer.
    client.post(f"/asks/items/{late.id}/asked", data={"next": "/asks/"})
    item = reload(late)
    assert item.answer is None and item.ask_by == again


def test_later_without_a_date_is_refused_and_nothing_changes(client, late):
    """ "Later" needs the date to ask again: refused beside the field on the ask's page."""
    response = client.post(f"/asks/items/{late.id}/answer", data={"answer": "later"})
    assert response.status_code == 200
    page = html(response)
    assert text(page.select_one("#again-field .error")) == "Give the date to ask again."
    assert page.select_one(".error-summary")
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    response = client.post(
        f"/asks/items/{late.id}/answer", data={"answer": "later", "again": yesterday}
    )
    assert text(html(response).select_one("#again-field .error")) == (
        "The date to ask again cannot be in the past."
    )
    response = client.post(f"/asks/items/{late.id}/answer", data={"note": "?"})
    assert text(html(response).select_one("#answer-field .error")) == "Choose the partner's answer."
    assert reload(late).answer is None


def test_htmx_swaps_the_line_in_place(client, late):
    """With htmx, "asked" returns the line in its new state and an answer a short note."""
    response = client.post(f"/asks/items/{late.id}/asked", data={"next": "/asks/"}, headers=HTMX)
    line = html(response).select_one("li")
    assert "waiting for the answer" in text(line.select_one(".ask-record"))
    assert line.select_one("form[action$='/asked']") is None  # asked already
    assert line.select_one("input[name=next]")["value"] == "/asks/"

    refused = html(
        client.post(f"/asks/items/{late.id}/answer", data={"answer": "later"}, headers=HTMX)
    )
    assert text(refused.select_one("li .error")) == "Give the date to ask again."
    assert refused.select_one("li details.ask-answer").has_attr("open")

    done = html(client.post(f"/asks/items/{late.id}/answer", data={"answer": "yes"}, headers=HTMX))
    assert text(done.select_one("li.ask-done")) == (
        "“Radio help”: the answer is yes, so it is now promised."
    )


@pytest.mark.parametrize(
    ("name", "sector", "category", "advice"),
    [
        (
            "Bank",
            Sector.BUSINESS,
            Category.MONEY,
            "This company's budget month has passed: ask for next year's budget, "
            "or for help in kind now.",
        ),
        (
            "Bakery",
            Sector.BUSINESS,
            Category.GOODS,
            "Call the company now: goods, services or a volunteer team can often still be "
            "arranged at short notice.",
        ),
        (
            "Radio",
            Sector.MEDIA,
            Category.PUBLICATIONS,
            "Send the press release now: media need it 2–3 days ahead.",
        ),
    ],
)
def test_an_overdue_ask_says_what_to_do(client, auth, name, sector, category, advice):
    """An overdue ask carries the advice of its case, on the list and on its page."""
    item = ask(name, sector, date.today() + timedelta(days=2), category)
    page = html(client.get("/asks/"))
    line = page.select_one("section[aria-labelledby=overdue-h] ul.asks > li")
    assert text(line.select_one(".advice")) == advice
    assert text(html(client.get(f"/asks/items/{item.id}/")).select_one(".advice")) == advice
    # An ask not yet late has none.
    ask("Later one", sector, date.today() + timedelta(days=400), category)
    open_lines = html(client.get("/asks/")).select("section[aria-labelledby=all-h] li")
    assert [li.select_one(".advice") is None for li in open_lines] == [False, True]


def test_matrix_item_links_to_its_ask(client, auth):
    """The matrix item's "ask by" leads to the ask's page with its actions."""
    item = ask("Bakery", Sector.BUSINESS, date(2026, 12, 3), Category.GOODS)
    project = item.partnership.project
    page = html(client.get(f"/projects/{project.slug}/matrix/"))
    link = page.select_one(f"#it-{item.id} a.ask-by")
    assert text(link) == "ask by 3 Nov 2026"
    ask_page = html(client.get(link["href"]))
    assert text(ask_page.select_one("h1")) == "Ask Bakery for Bakery help"
    assert ask_page.select_one("form[action$='/asked'] button")
    assert [i["value"] for i in ask_page.select("input[name=answer]")] == ["yes", "no", "later"]


def test_a_benefit_has_no_ask(client, auth):
    """What a partner gets is not asked for: its ask page does not exist."""
    link = factories.partnership(status=Status.ACTIVE)
    benefit = factories.commitment(link, direction=Direction.GETS)
    assert client.get(f"/asks/items/{benefit.id}/").status_code == 404
    assert client.post(f"/asks/items/{benefit.id}/asked").status_code == 404


def test_asks_and_answers_in_russian(client, user, late):
    """The actions, the record, the advice, an error and a flash read in Russian."""
    user.language = Language.RU
    db.session.commit()
    page = html(client.get("/asks/"))
    line = page.select_one("section[aria-labelledby=overdue-h] ul.asks > li")
    assert text(line.select_one("button")) == "Отметить: запрос сделан"
    assert text(line.select_one("summary")) == "Записать ответ"
    assert text(line.select_one(".advice")) == (
        "Отправьте пресс-релиз сейчас: СМИ нужно получить его за 2–3 дня."
    )
    assert [text(label) for label in line.select(".choices label")] == ["Да", "Нет", "Позже"]
    client.post(f"/asks/items/{late.id}/asked", data={"next": "/asks/"})
    page = html(client.get("/asks/"))
    assert flashes(page) == ["Отмечено, что запрос сделан; запишите ответ, когда он придёт."]
    assert "ждём ответа" in lines(page, "all-h")["Radio"]
    refused = html(client.post(f"/asks/items/{late.id}/answer", data={"answer": "later"}))
    assert text(refused.select_one("#again-field .error")) == "Укажите, когда обратиться снова."
    assert text(refused.select_one("h2")) == "Записать ответ"


def test_asks_page_sends_as_many_queries_with_many_asked_and_answered(client, auth, count_queries):
    """Asked, answered and overdue asks with their askers cost the same queries at any number."""
    counts = []
    for n in (2, 30):
        for i in range(n):
            asker = factories.user()
            item = ask(f"P{n}-{i}", list(Sector)[i % 5], date.today() + timedelta(days=i - 5))
            item.asked_on, item.asked_by_id = date.today(), asker.id
            item.answer = (None, AskAnswer.LATER, AskAnswer.NO)[i % 3]
            item.ask_again_on = date.today() + timedelta(days=i) if i % 3 == 1 else None
        db.session.commit()
        for url in ("/asks/", "/asks/list/open/", "/"):
            client.get(url)
        db.session.expire_all()
        with count_queries() as statements:
            for url in ("/asks/", "/asks/list/open/", "/"):
                assert client.get(url).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


# --- the rule's inputs, stored --------------------------------------------------------------


def stored(item: Commitment) -> date | None:
    return db.session.scalar(sa.select(Commitment.ask_by).where(Commitment.id == item.id))


def test_ask_by_follows_category_subtype_and_the_in_kind_setting(client, auth):
    """A business item's date moves with its category, its partner's subtype and the setting."""
    truck = ask("Hauliers", Sector.BUSINESS, date(2027, 3, 23), Category.TRANSPORT)
    assert stored(truck) == date(2027, 2, 21)
    partner = truck.partnership.partner
    partner.subtype = Subtype.LARGE_COMPANY
    db.session.commit()
    assert stored(truck) == date(2027, 2, 21)
    org = db.session.scalar(sa.select(Organisation))
    data = {
        "lead_days_media": "3",
        "lead_days_volunteers": "7",
        "lead_days_ngo": "14",
        "lead_days_government": "60",
        "budget_month": "10",
        "lead_days_business": "45",
        "budget_in_kind_large": "y",
    }
    assert client.post("/asks/lead-times", data=data).status_code == 302
    assert stored(truck) == date(2026, 9, 30)
    db.session.expire_all()
    assert (org.lead_days_business, org.budget_in_kind_large) == (45, True)
    partner = db.session.get(type(partner), partner.id)
    partner.subtype = Subtype.SMALL_BUSINESS
    db.session.commit()
    assert stored(truck) == date(2027, 2, 6)  # 45 days
    item = reload(truck)
    item.category = Category.MONEY
    db.session.commit()
    assert stored(truck) == date(2026, 9, 30)


def test_lead_times_page_says_they_are_defaults_and_shows_the_business_settings(client, auth):
    """The lead times are presented as practice's defaults, with the business days and toggle."""
    page = html(client.get("/asks/"))
    section = page.select_one("#lead-times")
    assert "These numbers are defaults from the practice of NGOs" in text(section)
    assert section.select_one("#lead_days_business")["value"] == "30"
    assert text(section.select_one("label[for=lead_days_business]")) == (
        "Business: goods, services and time"
    )
    assert section.select_one("#budget_in_kind_large").get("checked") is None
    ru = html(client.get("/asks/", headers=RU)).select_one("#lead-times")
    assert text(ru.select_one("label[for=budget_in_kind_large]")) == (
        "Крупные компании тоже планируют помощь в натуральной форме в бюджете"
    )


def test_asker_deleted_keeps_the_record(client, auth):
    """An ask recorded by someone whose account is gone still shows when it was asked."""
    item = ask("Radio", Sector.MEDIA, date.today() + timedelta(days=30), Category.PUBLICATIONS)
    gone = factories.user()
    item.asked_on, item.asked_by_id = date(2026, 1, 5), gone.id
    db.session.commit()
    db.session.execute(sa.delete(User).where(User.id == gone.id))
    db.session.commit()
    assert (
        "Asked on 5 Jan 2026; waiting for the answer."
        in lines(html(client.get("/asks/")), "all-h")["Radio"]
    )
