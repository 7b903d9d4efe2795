"""The contact log: logged in seconds from the partnership, a board card and a matrix row;
next steps on the owner's dashboard and calendar; the partner's history; keep in touch."""

import csv
import io
import re
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from icalendar import Calendar

from planner.enums import Answer, ContactKind, Language, Status
from planner.extensions import db
from planner.models import Contact, Organisation, Partnership, now
from tests import factories
from tests.test_queries import add_partners, projects_for, queries

RU = {"Accept-Language": "ru"}
HX = {"HX-Request": "true"}
TODAY = date.today()


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


def fields(p, **values) -> dict:
    """The contact form of partnership `p` as posted: its fields carry the partnership's prefix."""
    return {f"c{p.id}-{name}": value for name, value in values.items()}


def contacts() -> list[Contact]:
    db.session.expire_all()
    return db.session.scalars(sa.select(Contact).order_by(Contact.id)).all()


def test_a_contact_logged_on_the_partnership_page_appears_in_its_log(client, auth, user):
    """The form's defaults are today, me and the partner's contact; the entry shows on the page."""
    p = factories.partnership(partner_contact="Anna Petrova")
    page = html(client.get(f"/partnerships/{p.id}/"))
    form = page.select_one("#contacts form.contact-form")
    assert form.select_one(f"#c{p.id}-contacted_on")["value"] == TODAY.isoformat()
    assert form.select_one(f"#c{p.id}-with_whom")["value"] == "Anna Petrova"
    assert form.select_one(f"#c{p.id}-user_id option[selected]")["value"] == str(user.id)
    assert text(page.select_one("#contacts")).count("No contact logged yet") == 1

    response = client.post(
        f"/partnerships/{p.id}/contacts/new",
        data=fields(
            p,
            kind="meeting",
            summary="Met at their office about winter meals.",
            outcome="They will bring bread",
            next_step="Send the letter",
            next_due_on=(TODAY + timedelta(days=2)).isoformat(),
            next_owner_id=user.id,
            contacted_on=TODAY.isoformat(),
            user_id=user.id,
            with_whom="Anna Petrova",
            place="page",
        ),
    )
    assert response.status_code == 302
    assert response.location == f"/partnerships/{p.id}/#contacts"
    [c] = contacts()
    assert (c.kind, c.next_step, c.next_owner_id, c.revision) == (
        ContactKind.MEETING,
        "Send the letter",
        user.id,
        1,
    )
    log = html(client.get(f"/partnerships/{p.id}/")).select_one("#contact-log")
    entry = text(log)
    assert "Meeting" in entry and "Met at their office about winter meals." in entry
    assert "with Anna Petrova" in entry and "Outcome: They will bring bread" in entry
    assert "Next step: Send the letter" in entry


def test_htmx_on_the_partnership_page_puts_the_entry_at_the_top_of_the_log(client, auth, user):
    """htmx gets a fresh form saying it is logged and the entry, out of band, atop the log."""
    p = factories.partnership()
    factories.contact(p, contacted_on=TODAY - timedelta(days=3), summary="Older call")
    response = client.post(
        f"/partnerships/{p.id}/contacts/new",
        data=fields(
            p,
            kind="call",
            summary="Called about the date",
            contacted_on=TODAY.isoformat(),
            user_id=user.id,
            next_owner_id=user.id,
            place="page",
        ),
        headers=HX,
    )
    page = html(response)
    form = page.select_one("form.contact-form")
    assert "The contact is logged." in text(form)
    assert form.select_one(f"#c{p.id}-summary").text.strip() == ""
    oob = page.select_one("[hx-swap-oob]")
    assert oob["hx-swap-oob"] == "afterbegin:#contact-log"
    assert "Called about the date" in text(oob)


def test_a_summary_is_required_and_a_next_step_needs_its_date(client, auth, user):
    """Nothing is saved without a summary; a next step without a date (or a date without a step)
    is refused with the reason beside the field."""
    p = factories.partnership()
    base = fields(p, kind="call", contacted_on=TODAY.isoformat(), user_id=user.id)
    base |= fields(p, next_owner_id=user.id, place="card")
    page = html(client.post(f"/partnerships/{p.id}/contacts/new", data=base, headers=HX))
    assert "Say in a few words what the contact was about." in text(page)
    with_step = base | fields(p, summary="Call", next_step="Send the letter")
    page = html(client.post(f"/partnerships/{p.id}/contacts/new", data=with_step, headers=HX))
    assert text(page.select_one(f"#c{p.id}-next_due_on-error")) == "Give the date of the next step."
    dated = base | fields(p, summary="Call", next_due_on=TODAY.isoformat())
    page = html(client.post(f"/partnerships/{p.id}/contacts/new", data=dated, headers=HX))
    assert text(page.select_one(f"#c{p.id}-next_step-error")) == "Say what the next step is."
    assert contacts() == []


def test_a_contact_is_logged_from_a_board_card(client, auth, user):
    """Each card links to the form (loaded on demand); it answers htmx in place, and without
    JavaScript goes back to the card on the board."""
    p = factories.partnership(status=Status.CONTACTED)
    board = html(client.get(f"/projects/{p.project.slug}/"))
    link = board.select_one(f"#partnership-{p.id} a.log-contact")
    assert link["href"] == f"/partnerships/{p.id}/contacts/new?place=card"
    assert link["hx-get"] == link["href"]

    form = html(client.get(link["href"], headers=HX)).select_one("form.contact-form")
    assert form["hx-target"] == "this"
    assert form.select_one(f"input[name=c{p.id}-place]")["value"] == "card"
    page = html(client.get(link["href"]))  # without JavaScript: a page of its own
    assert page.select_one("h1").text == f"Log a contact with {p.partner.name}"

    data = fields(
        p,
        kind="call",
        summary="Agreed to meet",
        contacted_on=TODAY.isoformat(),
        user_id=user.id,
        next_owner_id=user.id,
        place="card",
    )
    answer = html(client.post(f"/partnerships/{p.id}/contacts/new", data=data, headers=HX))
    logged = answer.select_one(".contact-logged")
    assert logged["role"] == "status"
    assert text(logged).startswith("Logged: Phone call on")
    response = client.post(f"/partnerships/{p.id}/contacts/new", data=data)
    assert response.location == f"/projects/{p.project.slug}/#partnership-{p.id}"
    assert len(contacts()) == 2


def test_a_contact_is_logged_from_a_matrix_row(client, auth, user):
    """Each matrix row has the same form, and without JavaScript goes back to the row."""
    p = factories.partnership(status=Status.AGREED)
    matrix = html(client.get(f"/projects/{p.project.slug}/matrix/"))
    link = matrix.select_one(f"#row-{p.id} a.log-contact")
    assert link["href"] == f"/partnerships/{p.id}/contacts/new?place=row"
    assert link["hx-target"] == "this"
    data = fields(
        p,
        kind="email",
        summary="Sent the matrix",
        contacted_on=TODAY.isoformat(),
        user_id=user.id,
        next_owner_id=user.id,
        place="row",
    )
    response = client.post(f"/partnerships/{p.id}/contacts/new", data=data)
    assert response.location == f"/projects/{p.project.slug}/matrix/#row-{p.id}"
    assert contacts()[0].kind is ContactKind.EMAIL


def step(p, owner, due, what, done=False):
    return factories.contact(
        p,
        next_step=what,
        next_due_on=due,
        next_owner_id=owner.id,
        next_done_at=now() if done else None,
    )


def test_next_steps_are_on_their_owners_dashboard_by_when_they_are_due(client, auth, user):
    """Overdue, today and this week, only the signed-in person's open steps; later ones wait."""
    colleague = factories.user(email="ivan@example.org", name="Ivan")
    p = factories.partnership()
    step(p, user, TODAY - timedelta(days=3), "Call back about the truck")
    step(p, user, TODAY, "Send the letter")
    step(p, user, TODAY + timedelta(days=5), "Visit the bakery")
    step(p, user, TODAY + timedelta(days=20), "Invite to the festival")
    step(p, user, TODAY, "Already sent", done=True)
    step(p, colleague, TODAY, "Ivan's own step")
    page = html(client.get("/"))
    lists = {
        kind: [text(li.p).replace(" :", ":") for li in page.select(f".steps-{kind} li")]
        for kind in ("overdue", "today", "this_week")
    }
    name = f"{p.partner.name} in {p.project.title}"
    assert lists == {
        "overdue": [f"{name}: Call back about the truck"],
        "today": [f"{name}: Send the letter"],
        "this_week": [f"{name}: Visit the bakery"],
    }
    assert text(page.select_one("#steps-today")) == "Today 1"


def test_a_next_step_is_marked_done_on_the_dashboard(client, auth, user):
    """htmx replaces the line with "Done"; without JavaScript the dashboard no longer lists it."""
    p = factories.partnership()
    first = step(p, user, TODAY, "Send the letter")
    second = step(p, user, TODAY, "Call the manager")
    page = html(client.get("/"))
    button = page.select_one(f"button[formaction='/contacts/{first.id}/done']")
    assert button["form"] == "steps-done" and page.select_one("form#steps-done")
    answer = client.post(f"/contacts/{first.id}/done", headers=HX)
    assert text(html(answer)) == "Done: Send the letter"
    response = client.post(f"/contacts/{second.id}/done")
    assert response.location == "/#next-steps"
    page = html(client.get("/"))
    assert page.select(".steps-today li") == []
    assert all(c.next_done_at is not None and c.revision == 2 for c in contacts())
    again = client.post(f"/contacts/{first.id}/done", headers=HX)
    assert text(html(again)) == "Already done: Send the letter"


def test_the_calendar_feed_carries_my_open_next_steps(app, client, auth, user):
    """Each open step of the feed's owner is an all-day event on its date, in their language."""
    colleague = factories.user(email="ivan@example.org", name="Ivan")
    p = factories.partnership()
    mine = step(p, user, date(2027, 2, 3), "Send the letter")
    step(p, user, date(2027, 2, 4), "Done already", done=True)
    step(p, colleague, date(2027, 2, 5), "Ivan's step")
    client.post("/asks/calendar/token")
    url = urlsplit(html(client.get("/asks/")).select_one("#feed-url")["value"]).path
    feed = Calendar.from_ical(app.test_client().get(url).data)
    steps = [e for e in feed.walk("VEVENT") if str(e["uid"]).startswith("step-")]
    assert [(str(e["uid"]).split("@")[0], e["dtstart"].dt) for e in steps] == [
        (f"step-{mine.id}", date(2027, 2, 3))
    ]
    assert str(steps[0]["summary"]) == (
        f"Next step with {p.partner.name}: Send the letter ({p.project.title})"
    )
    user.language = Language.RU.value
    db.session.commit()
    feed = Calendar.from_ical(app.test_client().get(url).data)
    summaries = [str(e["summary"]) for e in feed.walk("VEVENT")]
    assert f"Следующий шаг, {p.partner.name}: Send the letter ({p.project.title})" in summaries


def test_the_partner_page_shows_its_contacts_across_projects_newest_first(client, auth, user):
    """Contacts from every project, newest first, each naming its project; long logs are paged."""
    partner = factories.partner(name="Northern Bakery")
    first = factories.partnership(partner=partner, project=factories.project(title="Warm winter"))
    second = factories.partnership(partner=partner, project=factories.project(title="Clean shore"))
    factories.contact(first, contacted_on=TODAY - timedelta(days=9), summary="Old call")
    factories.contact(second, contacted_on=TODAY - timedelta(days=1), summary="New meeting")
    page = html(client.get(f"/partners/{partner.id}/"))
    entries = [text(li) for li in page.select("#contacts li.contact")]
    assert len(entries) == 2
    assert "Clean shore" in entries[0] and "New meeting" in entries[0]
    assert "Warm winter" in entries[1] and "Old call" in entries[1]

    for i in range(25):
        factories.contact(first, contacted_on=TODAY - timedelta(days=20 + i), summary=f"Call {i}")
    page = html(client.get(f"/partners/{partner.id}/"))
    assert len(page.select("#contacts li.contact")) == 20
    older = page.select_one("#contacts .show-all a")["href"]
    page = html(client.get(older))
    assert len(page.select("li.contact")) == 7
    assert "Page 2 of 2" in text(page.select_one(".pager"))


def test_russian_contact_form_dashboard_and_errors(client, auth, user):
    """The form, its error, the flash and the dashboard's lists in Russian, with plurals."""
    p = factories.partnership()
    page = html(client.get(f"/partnerships/{p.id}/", headers=RU))
    assert text(page.select_one("#contacts-h")) == "Контакты и следующие шаги"
    assert "Записать контакт" in text(page.select_one("#contacts form button"))
    kinds = [text(o) for o in page.select(f"#c{p.id}-kind option")]
    assert kinds == ["Звонок", "Встреча", "Эл. письмо", "Письмо", "Визит", "Приглашение"]
    data = fields(p, kind="call", contacted_on=TODAY.isoformat(), user_id=user.id)
    data |= fields(p, next_owner_id=user.id, place="page")
    page = html(client.post(f"/partnerships/{p.id}/contacts/new", data=data, headers=RU))
    assert "Напишите в двух словах, о чём был разговор." in text(page)
    response = client.post(
        f"/partnerships/{p.id}/contacts/new",
        data=data | fields(p, summary="Звонок"),
        headers=RU,
        follow_redirects=True,
    )
    assert "Контакт записан." in text(html(response))
    for n in (1, 2, 5, 21):
        step(p, user, TODAY, f"Шаг {n}")
    page = html(client.get("/", headers=RU))
    assert text(page.select_one("#next-steps-h")) == "Мои следующие шаги"
    assert [text(h) for h in page.select(".next-steps h3")] == [
        "Просрочено 0",
        "Сегодня 4",
        "На этой неделе 0",
    ]


# --- keep in touch -------------------------------------------------------------------------


def keep_page(client, **headers):
    return html(client.get("/keep-in-touch/", headers=headers))


def listed(page) -> dict[str, str]:
    return {
        text(row.select_one("label")): text(row.select("td")[3])
        for row in page.select(".keep-list tbody tr")
    }


def test_keep_in_touch_lists_quiet_consenting_partners_and_those_who_would_come_back(
    client, auth, user
):
    """Consenting partners without contact for eight weeks, and completed partners who said
    yes to working again; not the recently contacted, the non-consenting quiet, or the no."""
    consent = {"updates_consent": True, "updates_consent_on": TODAY - timedelta(days=400)}
    quiet = factories.partner(name="Quiet Bakery", **consent)
    factories.contact(factories.partnership(partner=quiet), contacted_on=TODAY - timedelta(weeks=9))
    recent = factories.partner(name="Busy Library", **consent)
    factories.contact(factories.partnership(partner=recent), contacted_on=TODAY - timedelta(days=9))
    factories.partnership(partner=factories.partner(name="No Consent Radio"))
    again = factories.partner(name="Returning Charity")
    factories.partnership(partner=again, status=Status.COMPLETED, again_them=Answer.YES)
    refused = factories.partner(name="Not Again Ltd")
    factories.partnership(
        partner=refused, status=Status.COMPLETED, again_them=Answer.YES, again_us=Answer.NO
    )
    page = keep_page(client)
    found = listed(page)
    assert set(found) == {"Quiet Bakery", "Returning Charity"}
    assert found["Quiet Bakery"] == "Quiet for 8 weeks or more"
    assert found["Returning Charity"].startswith("Would work with us again")

    client.post("/keep-in-touch/weeks", data={"weeks": "12"})
    assert db.session.get(Organisation, 1).quiet_weeks == 12
    assert set(listed(keep_page(client))) == {"Returning Charity"}


def test_inviting_partners_logs_an_invitation_and_offers_only_consenting_addresses(
    client, auth, user
):
    """Each chosen partner gets an invitation in its log; the e-mail (all in Bcc) and the CSV
    hold only the addresses of partners who agreed to hear from us."""
    yes = factories.partner(
        name="Quiet Bakery",
        email="bakery@example.org",
        contact_person="Olga",
        updates_consent=True,
        updates_consent_on=TODAY - timedelta(days=400),
    )
    also = factories.partner(
        name="=Library",
        email="library@example.org",
        updates_consent=True,
        updates_consent_on=TODAY - timedelta(days=400),
    )
    no = factories.partner(name="Returning Charity", email="secret@example.org", phone="+7 900")
    factories.partnership(partner=yes)
    factories.partnership(partner=also)
    factories.partnership(partner=no, status=Status.COMPLETED, again_them=Answer.YES)
    page = keep_page(client)
    assert "secret@example.org" not in text(page)

    refused = html(client.post("/keep-in-touch/invite", data={"event": "Festival", "held_on": ""}))
    assert "Choose at least one partner to invite." in text(refused)

    response = client.post(
        "/keep-in-touch/invite",
        data={
            "partner": [yes.id, also.id, no.id],
            "event": "Reading festival",
            "held_on": "2027-06-12",
        },
    )
    page = html(response)
    assert "An invitation to “Reading festival” is logged for 3 partners." in text(page)
    invitations = [c for c in contacts() if c.kind is ContactKind.INVITATION]
    assert len(invitations) == 3
    assert invitations[0].summary == "Invited to Reading festival on 12 June 2027."
    link = page.select_one("a[href^='mailto:']")["href"]
    query = parse_qs(urlsplit(link).query)
    assert sorted(query["bcc"][0].split(",")) == ["bakery@example.org", "library@example.org"]
    assert query["subject"] == ["Reading festival"]
    assert "secret@example.org" not in response.text
    assert "+7 900" in text(page.select_one("ul.invite-phone"))

    download = client.get(page.select_one("a[download]")["href"])
    rows = list(csv.reader(io.StringIO(download.text)))
    assert rows[0] == ["Partner", "Contact", "Email", "Phone"]
    assert sorted(rows[1:]) == [
        ["'=Library", "", "library@example.org", ""],
        ["Quiet Bakery", "Olga", "bakery@example.org", ""],
    ]
    assert "secret@example.org" not in download.text


def test_keep_in_touch_in_russian(client, auth, user):
    """Headings, reasons with plurals and the invite form in Russian."""
    p = factories.partner(name="Пекарня", updates_consent=True, updates_consent_on=date(2024, 1, 1))
    factories.partnership(partner=p)
    page = keep_page(client, **RU)
    assert text(page.select_one("h1")) == "Поддерживать связь"
    assert listed(page) == {"Пекарня": "Нет связи 8 недель и больше"}
    legend = text(page.select_one(".invite-event legend"))
    assert legend == "Пригласить выбранных партнёров на мероприятие"
    for weeks, words in ((1, "1 неделю"), (2, "2 недели"), (5, "5 недель"), (21, "21 неделю")):
        client.post("/keep-in-touch/weeks", data={"weeks": str(weeks)}, headers=RU)
        assert f"Нет связи {words} и больше" in text(keep_page(client, **RU))


# --- query counts --------------------------------------------------------------------------


def add_contacts(n: int, user) -> None:
    """`n` contacts (half with an open next step for `user`) spread over every partnership."""
    partnerships = db.session.scalars(sa.select(Partnership)).all()
    for i in range(n):
        p = partnerships[i % len(partnerships)]
        db.session.add(
            Contact(
                partnership=p,
                kind=list(ContactKind)[i % len(ContactKind)],
                contacted_on=TODAY - timedelta(days=i % 30),
                summary=f"Contact {i}",
                user_id=user.id,
                next_step=f"Step {i}" if i % 2 else "",
                next_due_on=TODAY + timedelta(days=i % 11 - 5) if i % 2 else None,
                next_owner_id=user.id if i % 2 else None,
            )
        )
    db.session.commit()


@pytest.mark.parametrize("page", ["dashboard", "board", "matrix", "partner", "keep"])
def test_pages_send_as_many_queries_for_hundreds_of_contacts(
    client, auth, user, count_queries, page
):
    """The dashboard, the board, the matrix, the partner page and keep-in-touch do not read the
    log once per card, row or contact."""
    projects = projects_for(user)
    add_partners(12, projects, user)
    project = projects[0]
    partner_id = db.session.scalar(sa.text("select min(partner_id) from partnership"))
    url = {
        "dashboard": "/",
        "board": f"/projects/{project.slug}/",
        "matrix": f"/projects/{project.slug}/matrix/",
        "partner": f"/partners/{partner_id}/",
        "keep": "/keep-in-touch/",
    }[page]
    add_contacts(4, user)
    few = queries(client, count_queries, url)
    add_contacts(300, user)
    many = queries(client, count_queries, url)
    assert many == few


def test_private_contact_never_reaches_pages_it_should_not(client, auth, user):
    """The log stays in the workspace: another project's board does not show it."""
    p = factories.partnership()
    factories.contact(p, summary="Secret budget talk")
    other = factories.project(title="Other")
    assert "Secret budget talk" not in client.get(f"/projects/{other.slug}/").text
    assert re.search("Secret budget talk", client.get(f"/partnerships/{p.id}/").text)
