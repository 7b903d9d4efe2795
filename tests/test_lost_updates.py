"""Two coordinators editing the same record: the later save never silently erases the
earlier one (issue 12, "lost updates")."""

from decimal import Decimal

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from planner.enums import Direction, ItemStatus, Stage, Status
from planner.extensions import db
from planner.models import Commitment, Partnership, Project, Report
from tests import factories

HTMX = {"HX-Request": "true"}
RUSSIAN = {"Accept-Language": "ru"}


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split()) if node else ""


def opened(page: BeautifulSoup, selector: str = "main form[method=post]") -> dict:
    """What a browser sends when the form is saved untouched: every field as the page has it."""
    form = page.select_one(selector)
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        kind = field.get("type", "")
        if kind in ("submit", "file") or field.name == "button":
            continue
        if kind in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(field["name"], []).append(field.get("value", "y"))
        elif field.name == "textarea":
            data[field["name"]] = field.get_text().removeprefix("\r\n").removeprefix("\n")
        elif field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            data[field["name"]] = chosen.get("value", "") if chosen else ""
        else:
            data[field["name"]] = field.get("value", "")
    return data


def value_of(page: BeautifulSoup, field_id: str) -> str:
    """The value a field shows: an input's value or a textarea's text."""
    field = page.select_one(f"#{field_id}")
    if field.name == "textarea":
        return field.get_text().removeprefix("\r\n").removeprefix("\n")
    return field.get("value", "")


def saved_now(page: BeautifulSoup, field_id: str) -> str:
    return text(page.select_one(f"#{field_id}-saved strong"))


def fresh(model, ident):
    db.session.expire_all()
    return db.session.get(model, ident)


@pytest.fixture
def other(app, auth):
    """A second coordinator, signed in from their own browser."""
    # An admin too, so that the organisation's own pages are theirs to edit.
    person = factories.user(email="second@example.org", name="Second Coordinator", admin=True)
    browser = app.test_client()
    browser.post("/login", data={"email": person.email, "password": factories.PASSWORD})
    return browser


@pytest.fixture
def commitment(auth):
    project = factories.project(title="Winter meals", slug="winter")
    partnership = factories.partnership(project=project, status=Status.ACTIVE)
    return factories.commitment(
        partnership, Direction.GIVES, description="Bread every Monday", value=Decimal("100")
    )


def test_two_edits_of_one_commitment_lose_nothing(client, other, commitment):
    """A saves the description, B (who opened the form before) saves the value: B gets 409
    with A's description beside the field and B's value kept; A's change stays; B's
    second save, now from the new revision, is made."""
    url = f"/items/{commitment.id}/edit"
    mine, theirs = opened(html(client.get(url))), opened(html(other.get(url)))

    response = client.post(url, data={**mine, "description": "Bread and soup every Monday"})
    assert response.status_code == 302

    response = other.post(url, data={**theirs, "value": "250"})
    assert response.status_code == 409
    page = html(response)
    assert "Someone else saved this while you were editing" in text(page.select_one("[role=alert]"))
    assert saved_now(page, "description") == "Bread and soup every Monday"
    assert page.select_one("#value-saved") is None  # B's own change: nothing of A's beside it
    assert value_of(page, "value") == "250"  # what B typed, kept
    assert value_of(page, "description") == "Bread every Monday"  # B's form, as B had it
    item = fresh(Commitment, commitment.id)
    assert (item.description, item.value) == ("Bread and soup every Monday", Decimal("100"))

    merged = {**opened(page), "description": "Bread and soup every Monday"}
    assert other.post(url, data=merged).status_code == 302
    item = fresh(Commitment, commitment.id)
    assert (item.description, item.value) == ("Bread and soup every Monday", Decimal("250"))


def test_a_stale_commitment_form_in_the_matrix_comes_back_with_409(client, other, commitment):
    """The same refusal when the form was opened in the matrix row (htmx): the form comes
    back in place, with the explanation and what is saved now."""
    url = f"/items/{commitment.id}/edit"
    mine = opened(html(client.get(url, headers=HTMX)), "form")
    theirs = opened(html(other.get(url, headers=HTMX)), "form")
    assert client.post(url, data={**mine, "value": "120"}, headers=HTMX).status_code == 200
    response = other.post(url, data={**theirs, "description": "Rye bread"}, headers=HTMX)
    assert response.status_code == 409
    page = html(response)
    assert page.select_one("li.it-form form.item-form") is not None
    assert saved_now(page, "value") == "120"
    assert value_of(page, "description") == "Rye bread"
    assert fresh(Commitment, commitment.id).value == Decimal("120")


def test_two_edits_of_one_partnership_lose_nothing(client, other):
    """A writes the need note, B the fit note, from forms opened together: B gets 409 with
    A's note beside the field and keeps theirs; B's second save keeps A's note."""
    partnership = factories.partnership(status=Status.NEGOTIATING, need_note="", fit_note="")
    url = f"/partnerships/{partnership.id}/edit"
    mine, theirs = opened(html(client.get(url))), opened(html(other.get(url)))

    response = client.post(url, data={**mine, "need_note": "They need a winter audience."})
    assert response.status_code == 302

    response = other.post(url, data={**theirs, "fit_note": "Same district as us."})
    assert response.status_code == 409
    page = html(response)
    assert saved_now(page, "need_note") == "They need a winter audience."
    assert value_of(page, "fit_note") == "Same district as us."
    assert fresh(Partnership, partnership.id).need_note == "They need a winter audience."
    assert fresh(Partnership, partnership.id).fit_note == ""

    merged = {**opened(page), "need_note": "They need a winter audience."}
    assert other.post(url, data=merged).status_code == 302
    saved = fresh(Partnership, partnership.id)
    assert (saved.need_note, saved.fit_note) == (
        "They need a winter audience.",
        "Same district as us.",
    )


def test_a_change_to_what_the_form_does_not_show_is_no_conflict(client, other):
    """A moves the partnership on the board while B edits its notes: B's save is made (it
    overwrites nothing of A's) and A's move stays."""
    partnership = factories.partnership(status=Status.CANDIDATE, need_note="")
    url = f"/partnerships/{partnership.id}/edit"
    theirs = opened(html(other.get(url)))
    board = opened(html(client.get(f"/projects/{partnership.project.slug}/")), "#board form")
    client.post(f"/partnerships/{partnership.id}/status", data={**board, "status": "contacted"})
    assert fresh(Partnership, partnership.id).status is Status.CONTACTED

    assert other.post(url, data={**theirs, "need_note": "Winter audience."}).status_code == 302
    saved = fresh(Partnership, partnership.id)
    assert (saved.status, saved.need_note) == (Status.CONTACTED, "Winter audience.")


def test_the_same_change_made_twice_is_no_conflict(client, other, commitment):
    """Two people correcting the same typo the same way: the second save is simply made."""
    url = f"/items/{commitment.id}/edit"
    mine, theirs = opened(html(client.get(url))), opened(html(other.get(url)))
    assert client.post(url, data={**mine, "description": "Bread every Tuesday"}).status_code == 302
    assert other.post(url, data={**theirs, "description": "Bread every Tuesday"}).status_code == 302


def test_two_edits_of_one_report_lose_nothing(client, other):
    """A writes the summary, B the story, in editors opened together: B gets 409 with A's
    summary beside the field and B's story kept; A's summary stays until B saves again."""
    project = factories.project(title="Winter Warmth", slug="winter-warmth")
    factories.report(project, summary="", narrative="")
    url = f"/projects/{project.slug}/report/"
    mine = opened(html(client.get(url)), "#report-form")
    theirs = opened(html(other.get(url)), "#report-form")

    response = client.post(url, data={**mine, "summary": "Sixty elders, one winter."})
    assert response.status_code == 302

    response = other.post(url, data={**theirs, "narrative": "It began with a phone call."})
    assert response.status_code == 409
    page = html(response)
    assert saved_now(page, "summary") == "Sixty elders, one winter."
    assert value_of(page, "narrative") == "It began with a phone call."
    report = db.session.scalar(sa.select(Report).where(Report.project_id == project.id))
    db.session.refresh(report)
    assert (report.summary, report.narrative) == ("Sixty elders, one winter.", "")

    merged = {**opened(page, "#report-form"), "summary": "Sixty elders, one winter."}
    assert other.post(url, data=merged).status_code == 302
    db.session.refresh(report)
    assert (report.summary, report.narrative) == (
        "Sixty elders, one winter.",
        "It began with a phone call.",
    )


def test_a_report_written_by_two_from_the_start_is_not_overwritten(client, other):
    """Two editors opened before the report existed: the second save finds the first."""
    project = factories.project(title="Winter Warmth", slug="winter-warmth")
    url = f"/projects/{project.slug}/report/"
    mine = opened(html(client.get(url)), "#report-form")
    theirs = opened(html(other.get(url)), "#report-form")
    assert client.post(url, data={**mine, "summary": "First words."}).status_code == 302
    response = other.post(url, data={**theirs, "summary": "Other words."})
    assert response.status_code == 409
    assert saved_now(html(response), "summary") == "First words."


def status_press(page: BeautifulSoup, item: Commitment, label: str) -> str:
    """The URL a status button of the item posts to, as the matrix shows it."""
    buttons = page.select(f"#it-{item.id} button[hx-post]")
    return next(b["hx-post"] for b in buttons if text(b) == label)


def test_two_presses_on_one_status_cell_lose_nothing(client, other, commitment):
    """A marks the item promised; B, whose matrix still shows it planned, presses Delivered:
    B gets 409 in the item's place, saying it is now promised; B's next press is made."""
    matrix = f"/projects/{commitment.partnership.project.slug}/matrix/"
    mine, theirs = html(client.get(matrix)), html(other.get(matrix))
    a_press = status_press(mine, commitment, "Promised")
    b_press = status_press(theirs, commitment, "Delivered")

    assert client.post(a_press, data={"status": "promised"}, headers=HTMX).status_code == 200

    response = other.post(b_press, data={"status": "delivered"}, headers=HTMX)
    assert response.status_code == 409
    fragment = html(response)
    assert "its status is now “Promised”" in text(fragment.select_one(".conflict-note"))
    assert text(fragment.select_one(f"#it-{commitment.id} .state")) == "Promised"
    assert fresh(Commitment, commitment.id).status is ItemStatus.PROMISED

    again = status_press(fragment, commitment, "Delivered")
    assert other.post(again, data={"status": "delivered"}, headers=HTMX).status_code == 200
    assert fresh(Commitment, commitment.id).status is ItemStatus.DELIVERED


def test_a_stale_status_press_without_javascript_is_a_page(client, other, commitment):
    """Without JavaScript the refused press is a page of its own, with a way back."""
    matrix = f"/projects/{commitment.partnership.project.slug}/matrix/"
    b_press = status_press(html(other.get(matrix)), commitment, "Delivered")
    client.post(
        status_press(html(client.get(matrix)), commitment, "Promised"), data={"status": "promised"}
    )
    response = other.post(b_press, data={"status": "delivered"})
    assert response.status_code == 409
    page = html(response)
    assert "its status is now “Promised”" in text(page.select_one("[role=alert]"))
    assert page.select_one(f"a[href='{matrix}#row-{commitment.partnership_id}']") is not None


def test_two_moves_on_the_board_lose_nothing(client, other):
    """A moves a partnership on; B, whose board is older, moves it elsewhere: B's board
    comes back with 409, saying where it is now; the move is A's."""
    partnership = factories.partnership(status=Status.CANDIDATE)
    board = f"/projects/{partnership.project.slug}/"
    theirs = opened(html(other.get(board)), f"#partnership-{partnership.id} form")
    url = f"/partnerships/{partnership.id}/status"
    client.post(url, data={**theirs, "status": "contacted"}, headers=HTMX)

    response = other.post(url, data={**theirs, "status": "declined"}, headers=HTMX)
    assert response.status_code == 409
    page = html(response)
    assert page.select_one("#board") is not None
    assert "it is now “Contacted”" in text(page.select_one("#board .conflict-summary"))
    assert fresh(Partnership, partnership.id).status is Status.CONTACTED

    response = other.post(url, data={**theirs, "status": "declined"})  # without JavaScript
    assert response.status_code == 409
    assert "it is now “Contacted”" in text(html(response).select_one("[role=alert]"))


def test_a_stale_stage_press_is_refused(client, other):
    """A suggested stage pressed on a project someone else has moved meanwhile is not made."""
    project = factories.project(stage=Stage.IDEA)
    factories.partnership(project=project)
    board = html(other.get(f"/projects/{project.slug}/"))
    suggestion = board.select_one(".stage-suggestion form")
    stale = {**opened(board, ".stage-suggestion form"), "stage": suggestion.button["value"]}
    edit = f"/projects/{project.slug}/edit"
    client.post(edit, data={**opened(html(client.get(edit))), "stage": "planning"})

    response = other.post(suggestion["action"], data=stale)
    assert response.status_code == 409
    assert "its stage is now “Planning”" in text(html(response).select_one("[role=alert]"))
    assert fresh(Project, project.id).stage is Stage.PLANNING


def test_the_conflict_page_speaks_russian(client, other, commitment):
    """The explanation and the note beside a field are in Russian for a Russian reader."""
    url = f"/items/{commitment.id}/edit"
    mine, theirs = opened(html(client.get(url))), opened(html(other.get(url)))
    client.post(url, data={**mine, "description": "Хлеб и суп"})
    response = other.post(url, data={**theirs, "value": "250"}, headers=RUSSIAN)
    assert response.status_code == 409
    page = html(response)
    alert = text(page.select_one("[role=alert]"))
    assert "Пока вы редактировали, это сохранил кто-то другой" in alert
    assert text(page.select_one("#description-saved")) == "Сейчас сохранено: Хлеб и суп"


class Meanwhile:
    """A second writer, on its own connection, landing between a request's read and its
    write (just before the request's first flush), as a save from another browser would."""

    def __init__(self, commitment: Commitment):
        self.ident, self.written = commitment.id, False

    def __enter__(self):
        # First of the listeners: before this request's own writes take SQLite's lock.
        sa.event.listen(sa.orm.Session, "before_flush", self.write, insert=True)
        return self

    def __exit__(self, *exc):
        sa.event.remove(sa.orm.Session, "before_flush", self.write)

    def write(self, session, context, instances):
        if self.written:
            return
        self.written = True
        with db.engine.begin() as conn:
            conn.execute(
                sa.update(Commitment)
                .where(Commitment.id == self.ident)
                .values(description="Saved meanwhile", revision=Commitment.revision + 1)
            )


def test_a_save_racing_another_between_read_and_write_is_a_conflict(client, other, commitment):
    """Another save landing after the form was checked but before it is written (the
    database's version check catches it) answers 409 with the form, never a 500."""
    url = f"/items/{commitment.id}/edit"
    theirs = opened(html(other.get(url)))
    with Meanwhile(commitment) as meanwhile:
        response = other.post(url, data={**theirs, "value": "250"})
    assert meanwhile.written
    assert response.status_code == 409
    page = html(response)
    assert saved_now(page, "description") == "Saved meanwhile"
    assert value_of(page, "value") == "250"
    assert fresh(Commitment, commitment.id).value == Decimal("100")


def test_a_delete_racing_a_save_is_no_error(client, other, commitment):
    """A commitment saved by someone else while it is being removed: removed, no 500."""
    with Meanwhile(commitment) as meanwhile:
        response = other.post(f"/items/{commitment.id}/delete", data={})
    assert meanwhile.written
    assert response.status_code == 302
    assert fresh(Commitment, commitment.id) is None


def test_deleting_a_commitment_changed_meanwhile_is_no_error(client, other, commitment):
    """A commitment changed by one person and removed by another: removed, no error."""
    url = f"/items/{commitment.id}/edit"
    client.post(url, data={**opened(html(client.get(url))), "description": "Changed"})
    response = other.post(f"/items/{commitment.id}/delete", data={})
    assert response.status_code == 302
    assert fresh(Commitment, commitment.id) is None


def follow_up_page(p: Partnership) -> str:
    p.status = Status.COMPLETED
    db.session.commit()
    return f"/projects/{p.project.slug}/report/follow-up"


# Each edit page: where it is, its form, and what A and then B change (A's field is the one
# B's refused page shows beside itself).
EDITS = {
    "project": (
        lambda p: f"/projects/{p.project.slug}/edit",
        "main form[method=post]",
        ("summary", "Hot meals for elders."),
        ("goal", "No elder alone this winter."),
    ),
    "partner": (
        lambda p: f"/partners/{p.partner.id}/edit",
        "main form[method=post]",
        ("notes", "Prefers calls in the morning."),
        ("phone", "+7 812 555 01 02"),
    ),
    "need": (
        lambda p: f"/needs/{factories.need(p.project, description='Flour').id}/edit",
        "main form[method=post]",
        ("description", "Flour, 50 kg"),
        ("unit", "kg"),
    ),
    "grant call": (
        lambda p: f"/asks/grant-calls/{factories.grant_call(funder='').id}/edit",
        "main form[method=post]",
        ("funder", "Presidential Grants Fund"),
        ("url", "https://example.org/call"),
    ),
    "organisation": (
        lambda p: "/organisation/",
        "main form[method=post]",
        ("address", "1 Nevsky Prospekt"),
        ("website", "https://warm-home.example.org"),
    ),
    "lead times": (
        lambda p: "/asks/",
        "form[action='/asks/lead-times']",
        ("lead_days_media", "5"),
        ("lead_days_ngo", "21"),
    ),
    "follow-up": (
        follow_up_page,
        "#follow-up-form",
        ("f{id}-follow_up_note", "They want to come back next winter."),
        ("f{id}-again_us", "yes"),
    ),
}


@pytest.mark.parametrize("name", EDITS)
def test_every_edit_page_refuses_a_stale_save(client, other, name):
    """On every edit page, a save from a form opened before someone else's save is refused
    with 409, showing their value beside the field and keeping what was typed."""
    partnership = factories.partnership()
    where, selector, (a_field, a_value), (b_field, b_value) = EDITS[name]
    url = where(partnership)
    a_field, b_field = (f.format(id=partnership.id) for f in (a_field, b_field))
    mine = opened(html(client.get(url)), selector)
    theirs = opened(html(other.get(url)), selector)
    assert "revision" in " ".join(mine)
    action = html(client.get(url)).select_one(selector).get("action") or url

    assert client.post(action, data={**mine, a_field: a_value}).status_code == 302
    response = other.post(action, data={**theirs, b_field: b_value})
    assert response.status_code == 409
    page = html(response)
    assert saved_now(page, a_field) == a_value
    assert opened(page, selector)[b_field] == b_value


def test_a_partners_section_saved_meanwhile_is_shown_beside_it(client, other):
    """In the report editor, the thanks another coordinator wrote to a partner meanwhile
    are shown beside that partner's section when the later save is refused."""
    project = factories.project(title="Winter Warmth", slug="winter-warmth")
    bakery = factories.partnership(project, status=Status.COMPLETED)
    factories.report(project, summary="One winter.")
    url = f"/projects/{project.slug}/report/"
    mine = opened(html(client.get(url)), "#report-form")
    theirs = opened(html(other.get(url)), "#report-form")
    thanks = f"p{bakery.id}-thank_you"
    assert client.post(url, data={**mine, thanks: "Thank you for the bread!"}).status_code == 302

    response = other.post(url, data={**theirs, "summary": "One long winter."})
    assert response.status_code == 409
    page = html(response)
    assert saved_now(page, thanks) == "Thank you for the bread!"
    assert value_of(page, "summary") == "One long winter."


def test_a_status_press_after_an_edit_of_other_fields_is_made(client, other, commitment):
    """B presses a status on a matrix shown before A changed the item's description: the
    status B saw is still the saved one, so the press is made and A's description stays."""
    matrix = f"/projects/{commitment.partnership.project.slug}/matrix/"
    b_press = status_press(html(other.get(matrix)), commitment, "Delivered")
    url = f"/items/{commitment.id}/edit"
    client.post(url, data={**opened(html(client.get(url))), "description": "Rye bread"})

    assert other.post(b_press, data={"status": "delivered"}, headers=HTMX).status_code == 200
    item = fresh(Commitment, commitment.id)
    assert (item.status, item.description) == (ItemStatus.DELIVERED, "Rye bread")


def test_a_choice_saved_meanwhile_is_shown_by_its_label(client, other, commitment):
    """Beside a select, what the other person chose reads as the choice's label."""
    url = f"/items/{commitment.id}/edit"
    mine, theirs = opened(html(client.get(url))), opened(html(other.get(url)))
    assert client.post(url, data={**mine, "status": "promised"}).status_code == 302
    response = other.post(url, data={**theirs, "value": "0"})
    assert response.status_code == 409
    assert saved_now(html(response), "status") == "Promised"
