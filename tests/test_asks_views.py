"""When to ask, on the pages: lead-time settings, grant calls, dashboard lists, calendar feed."""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from icalendar import Calendar

from planner.asks.rules import week_bounds
from planner.enums import Category, Direction, ItemStatus, Sector, Status
from planner.extensions import db
from planner.models import Commitment, GrantCall, Organisation, Partner, Partnership, Project
from tests import factories


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split()) if node else ""


def shown_date(value: str) -> date:
    return datetime.strptime(value, "%d %b %Y").date()


def asks_in(page, heading: str) -> list[tuple[date, str]]:
    """An ask list as read: each ask-by date and the partner to ask."""
    section = page.select_one(f"section[aria-labelledby={heading}]")
    return [
        (date.fromisoformat(li.time["datetime"]), text(li.select_one("a")))
        for li in section.select("ul.asks li")
    ]


def flashes(page) -> list[str]:
    return [text(p) for p in page.select(".flashes .flash")]


def partnership(name: str, sector: Sector, project=None, **fields):
    partner = factories.partner(name=name, sector=sector, **fields)
    return factories.partnership(project=project, partner=partner, status=Status.ACTIVE)


def ask(p, due: date | None, status=ItemStatus.PLANNED, **fields) -> Commitment:
    return factories.commitment(
        p, description=f"{p.partner.name} help", due_date=due, status=status, **fields
    )


# --- lead times ---------------------------------------------------------------------------


def test_lead_time_settings_change_the_ask_by_dates(client, auth):
    """An admin saves new lead times and budget month; every ask-by date follows them."""
    due = date(2027, 3, 1)
    ask(partnership("Radio", Sector.MEDIA), due)
    ask(partnership("Youth club", Sector.VOLUNTEERS), due)
    ask(partnership("Shelter", Sector.NGO), due)
    ask(partnership("Ministry", Sector.GOVERNMENT), due)
    ask(partnership("Bakery", Sector.BUSINESS), due)
    ask(partnership("Mill", Sector.BUSINESS, budget_month=6), due)
    before = dict((name, when) for when, name in asks_in(html(client.get("/asks/")), "all-h"))
    assert before == {
        "Radio": date(2027, 2, 26),
        "Youth club": date(2027, 2, 22),
        "Shelter": date(2027, 2, 15),
        "Ministry": date(2026, 12, 31),
        "Bakery": date(2026, 9, 30),
        "Mill": date(2026, 5, 31),
    }

    response = client.post(
        "/asks/lead-times",
        data={
            "lead_days_media": "10",
            "lead_days_volunteers": "1",
            "lead_days_ngo": "0",
            "lead_days_government": "90",
            "budget_month": "1",
            "lead_days_business": "30",
        },
    )
    assert response.status_code == 302 and response.location == "/asks/"
    page = html(client.get("/asks/"))
    assert flashes(page) == ["Lead times are saved; every ask-by date follows them."]
    after = dict((name, when) for when, name in asks_in(page, "all-h"))
    assert after == {
        "Radio": date(2027, 2, 19),
        "Youth club": date(2027, 2, 28),
        "Shelter": date(2027, 3, 1),
        "Ministry": date(2026, 12, 1),
        "Bakery": date(2026, 12, 31),  # money due in March: the January budget session
        "Mill": date(2026, 5, 31),  # its own budget month wins
    }
    assert page.select_one("#lead_days_media")["value"] == "10"
    assert page.select_one("#budget_month option[selected]")["value"] == "1"


@pytest.mark.parametrize(
    ("typed", "message"),
    [("-1", "Use 0 to 730 days."), ("731", "Use 0 to 730 days."), ("", "Give a number of days.")],
)
def test_invalid_lead_time_is_refused_beside_the_field(client, auth, typed, message):
    """Lead days outside 0–730 (or missing) are refused with a message; nothing changes."""
    data = {
        "lead_days_media": typed,
        "lead_days_volunteers": "7",
        "lead_days_ngo": "14",
        "lead_days_government": "60",
        "budget_month": "10",
        "lead_days_business": "30",
    }
    response = client.post("/asks/lead-times", data=data)
    assert response.status_code == 200
    page = html(response)
    assert message in text(page.select_one("#lead_days_media-field .error"))
    db.session.expire_all()
    assert db.session.scalar(sa.select(Organisation.lead_days_media)) == 3


def test_non_admin_cannot_change_lead_times(client, auth):
    """A coordinator who is not an admin sees the settings read-only and gets 403 on POST."""
    coordinator = factories.user(email="coord@example.org")
    auth.login(email=coordinator.email)
    page = html(client.get("/asks/"))
    form = page.select_one("#lead-times form")
    assert form.select_one("button[type=submit]") is None
    assert "Only an administrator can change lead times." in text(form)
    data = {
        "lead_days_media": "30",
        "lead_days_volunteers": "7",
        "lead_days_ngo": "14",
        "lead_days_government": "60",
        "budget_month": "10",
        "lead_days_business": "30",
    }
    assert client.post("/asks/lead-times", data=data).status_code == 403
    db.session.expire_all()
    assert db.session.scalar(sa.select(Organisation.lead_days_media)) == 3


# --- grant calls --------------------------------------------------------------------------


def call_rows(page) -> list[list[str]]:
    return [[text(td) for td in tr.select("td")] for tr in page.select("#grant-calls tbody tr")]


def test_grant_call_is_created_edited_and_removed(client, auth):
    """A grant call is entered, listed with its dates, changed and removed."""
    response = client.post(
        "/asks/grant-calls/new",
        data={
            "name": "Social fund",
            "funder": "Ministry of Welfare",
            "deadline": "2027-02-15",
            "decision_date": "2027-04-01",
            "url": "https://example.org/fund",
        },
    )
    assert response.status_code == 302 and response.location == "/asks/#grant-calls"
    page = html(client.get("/asks/"))
    assert flashes(page) == ["The grant call “Social fund” is saved."]
    assert call_rows(page) == [["Social fund", "Ministry of Welfare", "15 Feb 2027", "1 Apr 2027"]]

    call = db.session.scalars(sa.select(GrantCall)).one()
    link = page.select_one("#grant-calls tbody a")
    assert link["href"] == f"/asks/grant-calls/{call.id}/edit"
    form = html(client.get(link["href"]))
    assert form.select_one("#deadline")["value"] == "2027-02-15"
    client.post(
        link["href"],
        data={"name": "Social fund", "funder": "", "deadline": "2027-03-01", "decision_date": ""},
    )
    page = html(client.get("/asks/"))
    assert call_rows(page) == [["Social fund", "", "1 Mar 2027", ""]]

    response = client.post(f"/asks/grant-calls/{call.id}/delete")
    assert response.location == "/asks/#grant-calls"
    page = html(client.get("/asks/"))
    assert flashes(page) == ["The grant call “Social fund” is removed."]
    assert call_rows(page) == []


def test_grant_call_decision_before_deadline_is_refused(client, auth):
    """A decision date before the deadline is refused beside the field; nothing is saved."""
    response = client.post(
        "/asks/grant-calls/new",
        data={"name": "Fund", "deadline": "2027-02-15", "decision_date": "2027-02-14"},
    )
    assert response.status_code == 200
    page = html(response)
    assert text(page.select_one("#decision_date-field .error")) == (
        "The decision cannot come before the deadline."
    )
    assert page.select_one("#decision_date")["value"] == "2027-02-14"
    assert page.select_one(".error-summary")
    assert db.session.scalars(sa.select(GrantCall)).all() == []


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("deadline", "", "Give the deadline."),
        ("deadline", "next spring", "Not a valid date value."),
        ("url", "javascript:alert(1)", "Start the address with http:// or https://."),
    ],
)
def test_invalid_grant_call_fields_are_refused(client, auth, field, typed, message):
    """A missing or unreadable deadline, or a non-web address, is refused beside its field."""
    data = {"name": "Fund", "deadline": "2027-02-15", field: typed}
    page = html(client.post("/asks/grant-calls/new", data=data))
    assert text(page.select_one(f"#{field}-field .error")) == message
    assert db.session.scalars(sa.select(GrantCall)).all() == []


def test_past_grant_call_is_marked_closed(client, auth):
    """A call whose deadline has passed carries a 'closed' tag."""
    factories.grant_call(name="Old", deadline=date.today() - timedelta(days=1))
    factories.grant_call(name="Open", deadline=date.today())
    page = html(client.get("/asks/"))
    tags = {
        text(tr.select_one("a")): text(tr.select_one(".tag"))
        for tr in page.select("#grant-calls tbody tr")
    }
    assert tags == {"Old": "closed", "Open": ""}


def test_government_ask_follows_its_grant_call_until_the_call_is_removed(client, auth):
    """Money through a grant call is asked by its deadline; without the call, 60 days ahead."""
    call = factories.grant_call(name="Fund", deadline=date(2026, 11, 2))
    ask(partnership("Ministry", Sector.GOVERNMENT), date(2027, 3, 1), grant_call=call)
    page = html(client.get("/asks/"))
    assert asks_in(page, "all-h") == [(date(2026, 11, 2), "Ministry")]
    assert "grant call “Fund”" in text(page.select_one("section[aria-labelledby=all-h] .meta"))
    client.post(f"/asks/grant-calls/{call.id}/delete")
    page = html(client.get("/asks/"))
    assert asks_in(page, "all-h") == [(date(2026, 12, 31), "Ministry")]
    db.session.expire_all()
    assert db.session.scalar(sa.select(Commitment.grant_call_id)) is None


# --- what to ask now ----------------------------------------------------------------------


@pytest.fixture
def dated(auth):
    """Media items (asked 3 days ahead) around this week, in every status, and a few others."""
    media = lambda name: partnership(name, Sector.MEDIA)  # noqa: E731
    ask(media("Today"), date.today() + timedelta(days=3))
    ask(media("Sunday"), week_bounds(date.today())[1] + timedelta(days=3))
    ask(media("Next Monday"), week_bounds(date.today())[1] + timedelta(days=4))
    ask(media("Yesterday"), date.today() + timedelta(days=2))
    ask(partnership("Shelter", Sector.NGO), date.today() - timedelta(days=30))
    ask(media("Promised"), date.today() + timedelta(days=3), ItemStatus.PROMISED)
    ask(media("Delivered"), date.today() + timedelta(days=3), ItemStatus.DELIVERED)
    ask(media("Failed"), date.today() - timedelta(days=3), ItemStatus.NOT_DELIVERED)
    ask(media("No date"), None)
    gets = media("Benefit")
    factories.commitment(gets, Direction.GETS, Category.RECOGNITION, due_date=date.today())
    archived = factories.project(archived_at=datetime(2025, 1, 1))
    ask(partnership("Archived", Sector.MEDIA, project=archived), date.today() + timedelta(days=3))


def test_dashboard_lists_planned_asks_this_week_and_overdue(client, dated):
    """The dashboard lists planned asks due this week and overdue ones, from today's date."""
    page = html(client.get("/"))
    today, sunday = date.today(), week_bounds(date.today())[1]
    assert text(page.select_one("#ask-week")) == "Ask this week"
    assert text(page.select_one("#ask-overdue")) == "Overdue asks"
    assert asks_in(page, "ask-week") == [(today, "Today"), (sunday, "Sunday")]
    assert asks_in(page, "ask-overdue") == [
        (date.today() - timedelta(days=44), "Shelter"),
        (date.today() - timedelta(days=1), "Yesterday"),
    ]


def test_asks_page_lists_every_open_ask_but_not_promised_ones(client, dated):
    """/asks/ repeats the two lists and adds every planned ask: a promised item was answered."""
    page = html(client.get("/asks/"))
    today, sunday = date.today(), week_bounds(date.today())[1]
    assert asks_in(page, "week-h") == [(today, "Today"), (sunday, "Sunday")]
    assert [name for _, name in asks_in(page, "overdue-h")] == ["Shelter", "Yesterday"]
    assert sorted(name for _, name in asks_in(page, "all-h")) == sorted(
        ["Today", "Sunday", "Next Monday", "Yesterday", "Shelter"]
    )
    whens = [when for when, _ in asks_in(page, "all-h")]
    assert whens == sorted(whens)


def test_empty_ask_lists_say_so(client, auth):
    """With nothing to ask, the dashboard says so in words."""
    page = html(client.get("/"))
    week = page.select_one("section[aria-labelledby=ask-week]")
    overdue = page.select_one("section[aria-labelledby=ask-overdue]")
    assert text(week.select_one(".ok")) == "Nothing to ask this week."
    assert text(overdue.select_one(".ok")) == "Nothing overdue."


# --- the calendar feed --------------------------------------------------------------------


def feed_url(page) -> str | None:
    field = page.select_one("#feed-url")
    return urlsplit(field["value"]).path if field else None


def events(body: bytes) -> dict[str, list[date]]:
    """The feed's all-day events by kind (ask, due, grant, decision): their dates."""
    found: dict[str, list[date]] = {}
    for event in Calendar.from_ical(body).walk("VEVENT"):
        kind = str(event["uid"]).split("-")[0]
        start = event["dtstart"].dt
        assert isinstance(start, date) and not isinstance(start, datetime)
        assert event["dtend"].dt == start + timedelta(days=1)
        found.setdefault(kind, []).append(start)
    return {kind: sorted(days) for kind, days in found.items()}


def test_calendar_feed_holds_every_date_the_asks_page_shows(app, client, auth):
    """The private feed, read signed out, holds each ask-by, due and grant date /asks/ shows."""
    call = factories.grant_call(
        name="Fund", deadline=date(2026, 11, 2), decision_date=date(2027, 1, 15)
    )
    factories.grant_call(name="Other", deadline=date(2027, 5, 5))
    ask(partnership("Ministry", Sector.GOVERNMENT), date(2027, 3, 1), grant_call=call)
    ask(partnership("Ministry 2", Sector.GOVERNMENT), None, grant_call=call)
    ask(partnership("Radio", Sector.MEDIA), date(2026, 10, 9), ItemStatus.PROMISED)
    ask(partnership("Bakery", Sector.BUSINESS), date(2027, 6, 1))
    shelter = partnership("Shelter", Sector.NGO)
    ask(shelter, date(2026, 8, 20))
    ask(shelter, date(2026, 7, 1), ItemStatus.DELIVERED)
    factories.commitment(shelter, Direction.GETS, Category.RECOGNITION, due_date=date(2026, 9, 9))

    page = html(client.get("/asks/"))
    assert feed_url(page) is None
    response = client.post("/asks/calendar/token")
    assert response.location == "/asks/#calendar"
    page = html(client.get("/asks/"))
    url = feed_url(page)
    assert re.fullmatch(r"/asks/calendar/[A-Za-z0-9_-]{40,}\.ics", url)

    shown_asks = sorted(when for when, _ in asks_in(page, "all-h"))
    shown_dues = {
        shown_date(m)
        for meta in page.select("section[aria-labelledby=all-h] .meta")
        for m in re.findall(r"needed (\d{1,2} \w{3} \d{4})", text(meta))
    }
    shown_calls = {shown_date(c) for row in call_rows(page) for c in row[2:4] if c}
    # The promised item from the radio is no longer an ask, but its due date is in the feed.
    assert len(shown_asks) == 4 and len(shown_dues) == 3 and len(shown_calls) == 3

    anonymous = app.test_client()
    response = anonymous.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    found = events(response.data)
    assert found["ask"] == shown_asks
    assert shown_dues <= set(found["due"])
    assert set(found["due"]) == {
        date(2027, 3, 1),
        date(2026, 10, 9),
        date(2027, 6, 1),
        date(2026, 8, 20),
        date(2026, 7, 1),
        date(2026, 9, 9),
    }
    assert set(found["grant"]) | set(found["decision"]) == shown_calls
    every_shown = set(shown_asks) | shown_dues | shown_calls
    assert every_shown <= {day for days in found.values() for day in days}


def test_revoked_and_renewed_calendar_tokens_stop_working(app, client, auth):
    """Revoking the address, or making a new one, makes the old address 404."""
    anonymous = app.test_client()
    client.post("/asks/calendar/token")
    first = feed_url(html(client.get("/asks/")))
    assert anonymous.get(first).status_code == 200

    client.post("/asks/calendar/token")
    page = html(client.get("/asks/"))
    second = feed_url(page)
    assert second != first
    assert flashes(page) == ["Your new calendar address is ready; the old one no longer works."]
    assert anonymous.get(first).status_code == 404
    assert anonymous.get(second).status_code == 200

    response = client.post("/asks/calendar/token/revoke")
    assert response.location == "/asks/#calendar"
    page = html(client.get("/asks/"))
    assert feed_url(page) is None
    assert page.select_one("#calendar button[type=submit]").get_text() == (
        "Create my calendar address"
    )
    assert anonymous.get(second).status_code == 404


@pytest.mark.parametrize(
    "token",
    [
        "abc",
        "A" * 20,
        "A" * 65,
        "None",
        "..%2F..%2Fetc%2Fpasswd",
        "%00" * 20,
        "a" * 19 + "!",
    ],
)
def test_garbage_calendar_tokens_are_404(app, client, auth, token):
    """Addresses that are not a live token are not found, signed in or not."""
    client.post("/asks/calendar/token")
    assert app.test_client().get(f"/asks/calendar/{token}.ics").status_code == 404
    assert client.get(f"/asks/calendar/{token}.ics").status_code == 404


def test_no_token_means_no_feed(app, auth):
    """Users without a token (the default) expose no feed at any address."""
    factories.user()
    assert app.test_client().get("/asks/calendar/.ics").status_code == 404


# --- a fixed number of queries ------------------------------------------------------------


def populate(projects: int, partners_each: int) -> None:
    """Projects with partnerships in every sector and dated items around today."""
    call = GrantCall(name="Fund", deadline=date.today() + timedelta(days=2))
    db.session.add(call)
    sectors = list(Sector)
    for n in range(projects):
        project = Project(title=f"Project {n}", slug=f"p-{n}-{partners_each}")
        for i in range(partners_each):
            sector = sectors[i % len(sectors)]
            p = Partnership(
                project=project,
                partner=Partner(name=f"Partner {n}-{i}", sector=sector),
                status=Status.ACTIVE,
            )
            for offset, status in ((1, ItemStatus.PLANNED), (-5, ItemStatus.PROMISED)):
                db.session.add(
                    Commitment(
                        partnership=p,
                        direction=Direction.GIVES,
                        category=Category.MONEY,
                        description="Cash",
                        value=Decimal(10),
                        due_date=date.today() + timedelta(days=offset + i),
                        status=status,
                        grant_call=call if sector is Sector.GOVERNMENT else None,
                    )
                )
            db.session.add(
                Commitment(
                    partnership=p,
                    direction=Direction.GETS,
                    category=Category.RECOGNITION,
                    description="Logo",
                    due_date=date.today(),
                )
            )
        db.session.add(project)
    db.session.commit()


@pytest.mark.parametrize("url", ["/", "/asks/", "calendar"])
def test_pages_send_as_many_queries_for_many_asks_as_for_few(client, auth, count_queries, url):
    """The dashboard, /asks/ and the feed send the same number of SQL statements at any size."""
    client.post("/asks/calendar/token")
    if url == "calendar":
        url = feed_url(html(client.get("/asks/")))
    counts = []
    for projects, partners_each in ((1, 3), (4, 15)):
        populate(projects, partners_each)
        page = client.get(url)
        assert page.status_code == 200
        db.session.expire_all()
        with count_queries() as statements:
            client.get(url)
        counts.append(len(statements))
    assert counts[0] == counts[1]
    if url == "/":
        assert asks_in(html(page), "ask-week") and asks_in(html(page), "ask-overdue")


# --- long lists: capped, with "show all" and pages ------------------------------------------


def many_asks(overdue: int, this_week: int = 0) -> None:
    """Planned media asks: `overdue` of them before today, `this_week` of them today."""
    project = factories.project(title="Big")
    for n in range(overdue + this_week):
        days = -(n + 1) if n < overdue else 0
        p = partnership(f"Outlet {n:03d}", Sector.MEDIA, project=project)
        ask(p, date.today() + timedelta(days=days + 3))


def test_dashboard_shows_the_first_ten_asks_and_links_to_all(client, auth):
    """With 23 overdue asks the dashboard lists the 10 oldest and a link to all 23."""
    many_asks(23)
    page = html(client.get("/"))
    shown = asks_in(page, "ask-overdue")
    assert len(shown) == 10
    assert shown == sorted(shown)
    assert shown[0] == (date.today() - timedelta(days=23), "Outlet 022")
    link = page.select_one("section[aria-labelledby=ask-overdue] .show-all a")
    assert text(link) == "Show all 23"
    assert link["href"] == "/asks/list/overdue/"
    assert page.select_one("section[aria-labelledby=ask-week] .show-all") is None

    every = html(client.get(link["href"]))
    assert text(every.select_one("h1")) == "Overdue asks"
    listed = asks_in(every, "list-h")
    assert len(listed) == 23 and listed[:10] == shown


def test_asks_list_is_paged_fifty_at_a_time(client, auth):
    """A list of 60 open asks shows 50 on page 1 and the last 10 on page 2, in date order."""
    many_asks(55, this_week=5)
    page = html(client.get("/asks/"))
    assert len(asks_in(page, "all-h")) == 20
    assert text(page.select_one("section[aria-labelledby=all-h] .show-all a")) == "Show all"
    assert len(asks_in(page, "week-h")) == 5

    first = html(client.get(page.select_one("section[aria-labelledby=all-h] .show-all a")["href"]))
    assert text(first.select_one(".hint")) == "60 asks."
    assert text(first.select_one(".pager span")) == "Page 1 of 2"
    assert first.select_one(".pager a[rel=prev]") is None
    second = html(client.get(first.select_one(".pager a[rel=next]")["href"]))
    assert text(second.select_one(".pager span")) == "Page 2 of 2"
    names = [n for _, n in asks_in(first, "list-h") + asks_in(second, "list-h")]
    assert len(names) == len(set(names)) == 60
    whens = [w for w, _ in asks_in(first, "list-h") + asks_in(second, "list-h")]
    assert whens == sorted(whens)
    # A page past the end shows the last page; an unknown list is not found.
    assert asks_in(html(client.get("/asks/list/open/?page=99")), "list-h") == asks_in(
        second, "list-h"
    )
    assert client.get("/asks/list/everything/").status_code == 404


def test_budget_months_are_named_in_the_pages_language(client, auth):
    """The lead-time form lists the twelve months by name, the default October chosen."""
    page = html(client.get("/asks/"))
    months = [text(o) for o in page.select("#budget_month option")]
    assert months[:2] == ["January", "February"] and len(months) == 12
    assert text(page.select_one("#budget_month option[selected]")) == "October"


def test_calendar_events_are_named_for_what_to_do(app, client, auth):
    """The feed's events say what to do, with whom, for which project."""
    link = factories.partnership(
        project=factories.project(title="Bread"),
        partner=factories.partner(name="Bakery", sector=Sector.BUSINESS),
        status=Status.ACTIVE,
    )
    factories.commitment(link, description="Flour", due_date=date(2030, 1, 1))
    factories.commitment(
        link, Direction.GETS, Category.RECOGNITION, description="Logo", due_date=date(2030, 2, 1)
    )
    factories.grant_call(name="Fund", funder="Ministry")
    client.post("/asks/calendar/token")
    body = app.test_client().get(feed_url(html(client.get("/asks/")))).data
    summaries = {str(e["summary"]) for e in Calendar.from_ical(body).walk("VEVENT")}
    assert {
        "Ask Bakery: Flour (Bread)",
        "Due from Bakery: Flour (Bread)",
        "Due to Bakery: Logo (Bread)",
        "Grant deadline: Fund (Ministry)",
    } <= summaries
