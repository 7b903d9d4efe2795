"""The project board: the rules a move is checked against, the confirmation step, the stage
the project's partnerships suggest, and the lists of partnerships by status."""

from collections import Counter
from datetime import date

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from planner.enums import Answer, ItemStatus, Language, Stage, Status
from planner.extensions import db
from planner.models import Partnership, Project
from planner.partnerships.rules import (
    Criteria,
    MoveWarning,
    ProjectFacts,
    StageReason,
    move_warnings,
    suggested_stage,
    unproven_agreement,
)
from tests import factories

S = Status
NO_LETTER, OPEN = MoveWarning.NO_LETTER, MoveWarning.OPEN_ITEMS
RU = {"Accept-Language": "ru"}


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


def reload(partnership) -> Partnership:
    db.session.expire_all()
    return db.session.get(Partnership, partnership.id)


# --- the rules, as tables -------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "letter_sent", "open_items", "expected"),
    [
        (S.CANDIDATE, S.CONTACTED, False, 0, []),
        (S.CONTACTED, S.NEGOTIATING, False, 3, []),
        (S.NEGOTIATING, S.AGREED, False, 0, [NO_LETTER]),
        (S.NEGOTIATING, S.AGREED, True, 0, []),
        (S.NEGOTIATING, S.COMMITTED, False, 0, [NO_LETTER]),
        (S.CANDIDATE, S.ACTIVE, False, 2, [NO_LETTER]),
        (S.NEGOTIATING, S.COMPLETED, False, 2, [NO_LETTER, OPEN]),
        (S.NEGOTIATING, S.COMPLETED, True, 0, []),
        (S.DROPPED, S.ACTIVE, False, 0, [NO_LETTER]),
        # Once agreed, moving on along the path does not ask about the letter again.
        (S.AGREED, S.ACTIVE, False, 0, []),
        (S.ACTIVE, S.COMPLETED, False, 0, []),
        (S.ACTIVE, S.COMPLETED, True, 1, [OPEN]),
        (S.COMMITTED, S.COMPLETED, True, 5, [OPEN]),
        # Leaving the path never asks.
        (S.ACTIVE, S.DROPPED, False, 4, []),
        (S.NEGOTIATING, S.DECLINED, False, 0, []),
        (S.COMPLETED, S.COMPLETED, False, 3, []),
    ],
)
def test_move_warnings(old, new, letter_sent, open_items, expected):
    """Each move is questioned exactly when the field's rules say it should be."""
    assert move_warnings(old, new, letter_sent, open_items) == expected


def facts(letter=False, published=False, **statuses) -> ProjectFacts:
    return ProjectFacts(Counter({Status(k): v for k, v in statuses.items()}), letter, published)


@pytest.mark.parametrize(
    ("current", "found", "expected"),
    [
        (Stage.IDEA, facts(), None),
        (Stage.IDEA, facts(candidate=2), (Stage.PARTNER_SEARCH, StageReason.PARTNERS_FOUND)),
        (Stage.PARTNER_SEARCH, facts(candidate=2, negotiating=1), None),
        (Stage.PARTNER_SEARCH, facts(True, negotiating=1), (Stage.AGREEMENTS, "letter_sent")),
        (Stage.PARTNER_SEARCH, facts(agreed=1), (Stage.AGREEMENTS, "letter_sent")),
        (Stage.AGREEMENTS, facts(True, active=1, agreed=1), (Stage.DELIVERY, "active")),
        (Stage.DELIVERY, facts(True, active=1, completed=1), None),
        (Stage.DELIVERY, facts(True, completed=2, declined=1), (Stage.REPORTING, "all_completed")),
        # Candidates never worked on do not hold the project back.
        (Stage.DELIVERY, facts(True, completed=1, candidate=3), (Stage.REPORTING, "all_completed")),
        (Stage.REPORTING, facts(True, True, completed=2), (Stage.CLOSED, "all_done_and_published")),
        (Stage.IDEA, facts(True, True, completed=2), (Stage.CLOSED, "all_done_and_published")),
        (Stage.REPORTING, facts(True, True, active=1, completed=1), (Stage.FOLLOW_UP, "published")),
        (Stage.CLOSED, facts(True, True, completed=2), None),
        # A stage set ahead of the data is never pulled back.
        (Stage.FOLLOW_UP, facts(active=1), None),
        (Stage.DELIVERY, facts(declined=2, dropped=1), None),
    ],
)
def test_suggested_stage(current, found, expected):
    """The stage suggested from a project's partnerships and report, only ever a later one."""
    assert suggested_stage(current, found) == expected


@pytest.mark.parametrize(
    ("status", "doubtful"),
    [
        (S.NEGOTIATING, []),
        (S.AGREED, ["motivation"]),
        (S.ACTIVE, ["motivation"]),
        (S.COMPLETED, []),
        (S.DROPPED, []),
    ],
)
def test_doubts_only_while_the_partnership_is_worked(status, doubtful):
    """A doubtful criterion matters from agreement until the partnership is completed."""
    criteria = Criteria(Answer.YES, Answer.YES, Answer.UNSURE)
    assert unproven_agreement(status, criteria) == doubtful


# --- the confirmation step -------------------------------------------------------------


def test_move_to_agreed_without_a_letter_asks_first(client, auth):
    """Without a sent letter, "agreed" shows the reason and two choices, and changes nothing."""
    partnership = factories.partnership(
        status=Status.NEGOTIATING, partner=factories.partner(name="Bakery")
    )
    response = client.post(f"/partnerships/{partnership.id}/status", data={"status": "agreed"})
    assert response.status_code == 200
    page = html(response)
    assert text(page.select_one("h1")) == "Move Bakery to “Agreed (letter sent)”?"
    [reason] = page.select(".confirm-move li")
    assert text(reason).startswith("No commitment letter has been sent to Bakery.")
    form = page.select_one(".confirm-move form")
    hidden = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    assert (hidden["status"], hidden["confirmed"]) == ("agreed", "1")
    assert text(form.select_one("button")) == "Move anyway"
    cancel = page.select_one(".confirm-move a.button")
    assert (text(cancel), cancel["href"]) == ("Cancel", f"/projects/{partnership.project.slug}/")
    assert reload(partnership).status is Status.NEGOTIATING


def test_move_anyway_makes_the_move(client, auth):
    """Confirming the move makes it and says so."""
    partnership = factories.partnership(status=Status.NEGOTIATING)
    response = client.post(
        f"/partnerships/{partnership.id}/status", data={"status": "agreed", "confirmed": "1"}
    )
    assert response.headers["Location"] == f"/projects/{partnership.project.slug}/"
    assert reload(partnership).status is Status.AGREED


def test_a_sent_letter_lets_the_move_through(client, auth):
    """With a letter sent, moving to agreed needs no confirmation."""
    partnership = factories.partnership(status=Status.NEGOTIATING)
    factories.letter(partnership, sent_on=date.today())
    response = client.post(f"/partnerships/{partnership.id}/status", data={"status": "agreed"})
    assert response.status_code == 302
    assert reload(partnership).status is Status.AGREED


def test_completing_with_open_items_says_how_many(client, auth):
    """Completing with commitments still planned or promised names how many are open."""
    partnership = factories.partnership(status=Status.ACTIVE)
    factories.commitment(partnership, status=ItemStatus.PLANNED)
    factories.commitment(partnership, status=ItemStatus.PROMISED)
    factories.commitment(partnership, status=ItemStatus.DELIVERED)
    factories.commitment(partnership, status=ItemStatus.NOT_DELIVERED)
    response = client.post(
        f"/partnerships/{partnership.id}/status",
        data={"status": "completed", "back": "partnership"},
    )
    page = html(response)
    [reason] = page.select(".confirm-move li")
    assert text(reason).startswith("2 commitments are still planned or promised.")
    assert page.select_one(".confirm-move input[name=back]")["value"] == "partnership"
    assert page.select_one(".confirm-move a.button")["href"] == f"/partnerships/{partnership.id}/"
    assert reload(partnership).status is Status.ACTIVE


def test_htmx_confirmation_comes_inside_the_board(client, auth):
    """htmx gets the board back with the question above it, the card not moved."""
    partnership = factories.partnership(status=Status.CONTACTED)
    response = client.post(
        f"/partnerships/{partnership.id}/status",
        data={"status": "completed"},
        headers={"HX-Request": "true"},
    )
    fragment = html(response)
    assert fragment.select_one("#board > .confirm-move h2[autofocus]")
    assert fragment.select_one(f"section.status-contacted #partnership-{partnership.id}")
    assert reload(partnership).status is Status.CONTACTED


def test_confirmation_in_russian(client, auth, user):
    """The question, its reasons and both choices are in Russian, with Russian plurals."""
    user.language = Language.RU
    db.session.commit()
    partnership = factories.partnership(
        status=Status.ACTIVE, partner=factories.partner(name="Пекарня")
    )
    for _ in range(5):
        factories.commitment(partnership)
    page = html(client.post(f"/partnerships/{partnership.id}/status", data={"status": "completed"}))
    assert text(page.select_one("h1")) == "Перевести Пекарня в статус «Завершено»?"
    assert text(page.select_one(".confirm-move li")).startswith(
        "5 обязательств ещё запланированы или обещаны."
    )
    assert text(page.select_one(".confirm-move button")) == "Всё равно перевести"
    assert text(page.select_one(".confirm-move a.button")) == "Отмена"


# --- the board -------------------------------------------------------------------------


def test_other_statuses_are_whole_buttons(client, auth):
    """Every other status is a button showing its whole label; the next step leads."""
    partnership = factories.partnership(status=Status.NEGOTIATING)
    page = html(client.get(f"/projects/{partnership.project.slug}/"))
    card = page.select_one(f"#partnership-{partnership.id}")
    assert text(card.select_one(".card-actions > form button")) == "Move to agreed (letter sent)"
    assert text(card.select_one("details summary")).startswith("Other status")
    labels = [text(b) for b in card.select("details button")]
    assert labels == [
        "Candidate",
        "Contacted",
        "Committed (letter signed)",
        "Active",
        "Completed",
        "Declined",
        "Dropped",
    ]


def test_board_in_russian(client, auth, user):
    """The board's headings, buttons and folded list read in Russian."""
    user.language = Language.RU
    db.session.commit()
    project = factories.project()
    factories.partnership(project=project, status=Status.CANDIDATE)
    factories.partnership(project=project, status=Status.DECLINED)
    page = html(client.get(f"/projects/{project.slug}/"))
    assert text(page.select_one("#col-candidate")) == "Кандидат 1"
    assert text(page.select_one("#left-h")) == "Отказы и прекращённые 1"
    assert text(page.select_one(".card details summary")).startswith("Другой статус")


# --- the project's stage ---------------------------------------------------------------


def test_stage_is_suggested_and_accepted_in_one_click(client, auth):
    """All partnerships completed and the report published: the board offers "Closed"."""
    project = factories.project(title="Winter", stage=Stage.PARTNER_SEARCH)
    factories.partnership(project=project, status=Status.COMPLETED)
    factories.partnership(project=project, status=Status.DECLINED)
    factories.report(project, published=True)
    page = html(client.get(f"/projects/{project.slug}/"))
    notice = page.select_one("#board .stage-suggestion")
    assert text(notice.select_one("p")) == (
        "All partnerships are completed and the report is published: mark the project "
        "“Closed”? Its stage now: Partner search."
    )
    button = notice.select_one("button")
    assert (button["name"], button["value"], text(button)) == (
        "stage",
        "closed",
        "Mark as “Closed”",
    )
    assert db.session.get(Project, project.id).stage is Stage.PARTNER_SEARCH
    response = client.post(notice.select_one("form")["action"], data={"stage": "closed"})
    assert response.headers["Location"] == f"/projects/{project.slug}/"
    page = html(client.get(response.headers["Location"]))
    assert "“Winter” is now at the stage “Closed”." in text(page.select_one(".flashes"))
    assert not page.select(".stage-suggestion")
    db.session.expire_all()
    assert db.session.get(Project, project.id).stage is Stage.CLOSED


def test_stage_suggestion_in_russian(client, auth, user):
    """The suggestion and its button are in Russian."""
    user.language = Language.RU
    db.session.commit()
    project = factories.project(stage=Stage.AGREEMENTS)
    factories.partnership(project=project, status=Status.ACTIVE)
    notice = html(client.get(f"/projects/{project.slug}/")).select_one(".stage-suggestion")
    assert text(notice.select_one("p")).startswith(
        "Партнёрство в работе: перевести проект на этап «Реализация»?"
    )
    assert text(notice.select_one("button")) == "Перевести на этап «Реализация»"


def test_no_suggestion_when_the_stage_is_ahead(client, auth):
    """A project already further on than its data hears no suggestion."""
    project = factories.project(stage=Stage.DELIVERY)
    factories.partnership(project=project, status=Status.NEGOTIATING)
    assert not html(client.get(f"/projects/{project.slug}/")).select(".stage-suggestion")


def test_unknown_stage_is_refused(client, auth):
    """A stage that does not exist changes nothing."""
    project = factories.project(stage=Stage.IDEA)
    assert client.post(f"/projects/{project.slug}/stage", data={"stage": "done"}).status_code == 400
    db.session.expire_all()
    assert db.session.get(Project, project.id).stage is Stage.IDEA


# --- partnerships by status --------------------------------------------------------------


def test_list_by_status_is_paged_across_active_projects(client, auth):
    """30 active partnerships: 25 on the first page, 5 on the second, archived ones left out."""
    first, second = factories.project(title="A project"), factories.project(title="B project")
    for n in range(30):
        factories.partnership(
            project=first if n < 20 else second,
            status=Status.ACTIVE,
            partner=factories.partner(name=f"Partner {n:02d}"),
        )
    factories.partnership(status=Status.CANDIDATE)
    archived = factories.project(archived_at=db.func.now())
    factories.partnership(project=archived, status=Status.ACTIVE)
    page = html(client.get("/partnerships/status/active/"))
    assert text(page.select_one("h1")) == "Partnerships: Active"
    assert text(page.select_one("main .hint")) == "30 partnerships in the active projects."
    rows = [[text(a) for a in tr.select("td a")] for tr in page.select("tbody tr")]
    assert len(rows) == 25 and rows[0] == ["Partner 00", "A project"]
    assert text(page.select_one("tbody tr td .meta")) == "NGOs"
    assert page.select_one("nav[aria-label=Statuses] a[aria-current=page]")["href"] == (
        "/partnerships/status/active/"
    )
    page = html(client.get(page.select_one("a[rel=next]")["href"]))
    rows = [[text(a) for a in tr.select("td a")] for tr in page.select("tbody tr")]
    assert [r[0] for r in rows] == [f"Partner {n}" for n in range(25, 30)]
    assert [r[1] for r in rows] == ["B project"] * 5
    assert client.get("/partnerships/status/married/").status_code == 404


def test_list_by_status_in_russian_plurals(client, auth, user):
    """The list's count reads in Russian at 1, 2, 5 and 21."""
    user.language = Language.RU
    db.session.commit()
    expected = {1: "1 партнёрство", 2: "2 партнёрства", 5: "5 партнёрств", 21: "21 партнёрство"}
    made = 0
    for count, words in expected.items():
        while made < count:
            factories.partnership(status=Status.CONTACTED)
            made += 1
        page = html(client.get("/partnerships/status/contacted/"))
        assert text(page.select_one("main .hint")) == f"{words} в действующих проектах."
    assert text(page.select_one("h1")) == "Партнёрства: Первый контакт"


def test_list_queries_do_not_grow(client, auth, count_queries):
    """The list by status sends as many queries for 120 partnerships as for 6."""

    def queries() -> int:
        client.get("/partnerships/status/active/?page=2")
        db.session.remove()
        with count_queries() as statements:
            assert client.get("/partnerships/status/active/?page=2").status_code == 200
        db.session.remove()
        return len(statements)

    def add(n):
        project = factories.project()
        for _ in range(n):
            factories.partnership(project=project, status=Status.ACTIVE)

    add(6)
    few = queries()
    add(114)
    assert queries() == few
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Partnership)) == 120
