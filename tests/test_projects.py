"""Projects: creating and editing them, their slugs and dates, deleting and archiving."""

from datetime import date

import sqlalchemy as sa
from bs4 import BeautifulSoup

from planner.enums import Language, Stage, Status
from planner.extensions import db
from planner.models import Need, Organisation, Partnership, Project, Report
from planner.projects.slugs import slugify
from planner.templating import format_date
from tests import factories


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


def facts(page) -> dict[str, str]:
    return {text(div.dt): text(div.dd) for div in page.select("dl.facts > div")}


def flashes(page) -> list[str]:
    return [text(p) for p in page.select(".flashes .flash")]


def projects() -> list[Project]:
    db.session.expire_all()
    return db.session.scalars(sa.select(Project).order_by(Project.id)).all()


def test_new_project_form_suggests_me_as_coordinator(client, auth, user):
    """The new-project form opens with the signed-in person chosen as coordinator."""
    page = html(client.get("/projects/new"))
    assert page.select_one("h1").get_text(strip=True) == "New project"
    assert page.select_one("#coordinator_id option[selected]").get_text(strip=True) == user.name


def test_create_a_project(client, auth, user):
    """A new project is saved with its fields and shown on its own page."""
    response = client.post(
        "/projects/new",
        data={
            "title": "Warm winter",
            "summary": "Firewood for lonely pensioners.",
            "territory": "Latgale",
            "start_date": "2025-10-01",
            "end_date": "2026-03-31",
            "stage": "planning",
            "coordinator_id": str(user.id),
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/projects/warm-winter/"
    page = html(client.get("/projects/warm-winter/"))
    assert page.select_one("h1").get_text(strip=True) == "Warm winter"
    assert flashes(page) == ["Project “Warm winter” is saved."]
    assert facts(page) == {
        "Stage": "Planning",
        "Dates": f"{format_date(date(2025, 10, 1))} – {format_date(date(2026, 3, 31))}",
        "Territory": "Latgale",
        "Coordinator": user.name,
    }
    assert page.select_one("p.lead").get_text(strip=True) == "Firewood for lonely pensioners."
    [project] = projects()
    assert (project.start_date, project.stage) == (date(2025, 10, 1), Stage.PLANNING)


def test_project_without_coordinator(client, auth):
    """Choosing “nobody yet” leaves the project without a coordinator."""
    client.post("/projects/new", data={"title": "Orphan", "coordinator_id": "0"})
    [project] = projects()
    assert project.coordinator_id is None


def test_slug_is_made_from_a_cyrillic_title(client, auth):
    """A Cyrillic title gets a readable transliterated slug."""
    response = client.post("/projects/new", data={"title": "Тёплый дом зимой"})
    assert response.headers["Location"] == "/projects/teplyi-dom-zimoi/"
    page = html(client.get("/projects/teplyi-dom-zimoi/"))
    assert page.select_one("h1").get_text(strip=True) == "Тёплый дом зимой"


def test_slugify_keeps_ascii_words_and_drops_the_rest():
    """Slugs are lowercase ASCII words joined by single hyphens, never empty of sense."""
    assert slugify("Щедрый  Юг — 2025!") == "shchedryi-yug-2025"
    assert slugify("Café Ünïcode") == "cafe-unicode"
    assert slugify("🎉🎉") == ""
    assert len(slugify("слово " * 40)) <= 60


def test_same_title_gets_a_numbered_slug(client, auth):
    """A second project with the same title gets the next free numbered slug."""
    client.post("/projects/new", data={"title": "Book club"})
    response = client.post("/projects/new", data={"title": "Book club"})
    assert response.headers["Location"] == "/projects/book-club-2/"
    assert [p.slug for p in projects()] == ["book-club", "book-club-2"]


def test_title_without_letters_still_gets_a_slug(client, auth):
    """A title with no transliterable letters falls back to a generic slug."""
    response = client.post("/projects/new", data={"title": "🎄🎄🎄"})
    assert response.headers["Location"] == "/projects/project/"


def test_duplicate_explicit_slug_is_explained_beside_the_slug(client, auth):
    """A slug another project uses is refused beside the slug field, keeping what was typed."""
    factories.project(title="Existing", slug="winter")
    response = client.post(
        "/projects/new", data={"title": "Another winter", "slug": "winter", "territory": "Riga"}
    )
    assert response.status_code == 200
    page = html(response)
    assert text(page.select_one("#slug-field .error")) == (
        "Another project already uses “winter”. Choose another."
    )
    assert page.select_one("#slug")["value"] == "winter"
    assert page.select_one("#title")["value"] == "Another winter"
    assert page.select_one("#territory")["value"] == "Riga"
    assert page.select_one(".error-summary")
    assert len(projects()) == 1


def test_invalid_slug_is_explained_beside_the_slug(client, auth):
    """A slug with capitals or spaces is refused beside the field."""
    response = client.post("/projects/new", data={"title": "Ok", "slug": "Not A Slug"})
    page = html(response)
    assert text(page.select_one("#slug-field .error")) == (
        "Use lowercase letters, digits and single hyphens only."
    )
    assert page.select_one("#slug")["value"] == "Not A Slug"
    assert projects() == []


def test_end_before_start_is_explained_beside_the_end_date(client, auth):
    """An end date before the start is refused beside the end date, keeping both dates."""
    response = client.post(
        "/projects/new",
        data={"title": "Backwards", "start_date": "2025-05-10", "end_date": "2025-05-01"},
    )
    assert response.status_code == 200
    page = html(response)
    assert text(page.select_one("#end_date-field .error")) == (
        "The project cannot end before it starts."
    )
    assert not page.select_one("#start_date-field .error")
    assert page.select_one("#start_date")["value"] == "2025-05-10"
    assert page.select_one("#end_date")["value"] == "2025-05-01"
    assert page.select_one("#end_date")["aria-invalid"] == "true"
    assert projects() == []


def test_one_day_project_is_fine(client, auth):
    """A project may start and end on the same day."""
    response = client.post(
        "/projects/new",
        data={"title": "Clean-up day", "start_date": "2025-04-22", "end_date": "2025-04-22"},
    )
    assert response.status_code == 302


def test_edit_a_project(client, auth, user):
    """Editing changes the fields and keeps the project's address."""
    project = factories.project(title="Old title", slug="kept", coordinator=user)
    page = html(client.get("/projects/kept/edit"))
    assert page.select_one("#title")["value"] == "Old title"
    assert page.select_one("#slug")["value"] == "kept"
    response = client.post(
        "/projects/kept/edit",
        data={
            "title": "New title",
            "slug": "kept",
            "stage": "delivery",
            "coordinator_id": "0",
            "goal": "Line one\nLine two",
        },
    )
    assert response.headers["Location"] == "/projects/kept/"
    page = html(client.get("/projects/kept/"))
    assert page.select_one("h1").get_text(strip=True) == "New title"
    assert facts(page) == {"Stage": "Delivery"}
    assert page.select_one(".two-col .pre").get_text() == "Line one\nLine two"
    db.session.expire_all()
    assert project.coordinator_id is None


def test_project_may_keep_its_own_slug_on_edit(client, auth):
    """A project's own slug does not count as taken by another project."""
    factories.project(title="Same", slug="same")
    response = client.post(
        "/projects/same/edit",
        data={"title": "Same, renamed", "slug": "same", "coordinator_id": "0"},
    )
    assert response.headers["Location"] == "/projects/same/"


def test_edit_to_another_projects_slug_is_refused(client, auth):
    """Renaming a slug to one another project uses is refused and changes nothing."""
    factories.project(title="First", slug="first")
    factories.project(title="Second", slug="second")
    response = client.post(
        "/projects/second/edit", data={"title": "Second", "slug": "first", "coordinator_id": "0"}
    )
    assert response.status_code == 200
    assert html(response).select_one("#slug-field .error")
    assert [p.slug for p in projects()] == ["first", "second"]


def test_projects_list_counts_partnerships(client, auth):
    """The project list shows each active project with its number of partnerships."""
    busy = factories.project(title="Busy")
    factories.project(title="Quiet")
    for _ in range(3):
        factories.partnership(project=busy)
    page = html(client.get("/projects/"))
    rows = {
        text(tr.select_one("td a")): text(tr.select("td")[-1]) for tr in page.select("tbody tr")
    }
    assert rows == {"Busy": "3", "Quiet": "0"}


def test_projects_list_is_paged(client, auth, count_queries):
    """Past 25 projects the list goes a page at a time, each page in the same number of queries;
    a page past the end shows the last one."""
    for n in range(30):
        factories.project(title=f"Project {n:02d}", start_date=date(2026, 1, 1 + n % 28))
    factories.partnership(project=db.session.scalar(sa.select(Project).limit(1)))
    client.get("/projects/")  # the signed-in user is then loaded alike for both pages
    with count_queries() as first_page:
        page = html(client.get("/projects/"))
    assert len(page.select("tbody tr")) == 25
    assert text(page.select_one(".pager span")) == "Page 1 of 2"
    with count_queries() as second_page:
        second = html(client.get(page.select_one(".pager a[rel=next]")["href"]))
    assert len(second_page) == len(first_page)
    assert len(second.select("tbody tr")) == 5
    shown = {text(a) for p in (page, second) for a in p.select("tbody td:first-child a")}
    assert len(shown) == 30
    assert second.select_one(".pager a[rel=prev]")
    past_the_end = html(client.get("/projects/?page=99"))
    assert text(past_the_end.select_one(".pager span")) == "Page 2 of 2"
    assert len(past_the_end.select("tbody tr")) == 5


def test_deleting_a_project_without_partnerships_deletes_it(client, auth):
    """A project with no partnerships is really deleted, after a confirmation page."""
    factories.project(title="Mistake", slug="mistake")
    page = html(client.get("/projects/mistake/delete"))
    assert page.select_one("form button.danger").get_text(strip=True) == "Delete the project"
    response = client.post("/projects/mistake/delete")
    assert response.headers["Location"] == "/projects/"
    page = html(client.get("/projects/"))
    assert flashes(page) == ["Project “Mistake” is deleted."]
    assert projects() == []
    assert client.get("/projects/mistake/").status_code == 404


def test_deleting_a_project_with_partnerships_archives_it(client, auth):
    """A project with partnerships is archived, not deleted, and says so clearly."""
    project = factories.project(title="Has history", slug="history")
    factories.partnership(project=project, status=Status.CONTACTED)
    page = html(client.get("/projects/history/delete"))
    assert page.select_one("form button.danger").get_text(strip=True) == "Archive the project"
    response = client.post("/projects/history/delete")
    page = html(client.get(response.headers["Location"]))
    assert flashes(page) == [
        "“Has history” has 1 partnership, so it was archived, not deleted: "
        "its history stays and you can restore it."
    ]
    assert not page.select("tbody tr")
    archived = html(client.get("/projects/?archived=1"))
    assert [text(a) for a in archived.select("tbody td a")] == ["Has history"]
    [kept] = projects()
    assert kept.archived_at is not None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Partnership)) == 1
    detail = html(client.get("/projects/history/"))
    assert text(detail.select_one("main > p.flash-warning")) == "This project is archived."


def test_deleting_a_project_takes_its_needs_along(client, auth):
    """A project with needs but no partnerships is deleted together with its needs."""
    project = factories.project(title="Planned only", slug="planned")
    factories.need(project=project)
    factories.need(project=project)
    response = client.post("/projects/planned/delete")
    assert flashes(html(client.get(response.headers["Location"]))) == [
        "Project “Planned only” is deleted."
    ]
    assert projects() == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Need)) == 0


def test_deleting_a_project_with_a_report_archives_it(client, auth):
    """A project with a report but no partnerships is archived, and the page says so first."""
    db.session.add(Report(project=factories.project(title="Reported", slug="reported")))
    db.session.commit()
    page = html(client.get("/projects/reported/delete"))
    assert page.select_one("form button.danger").get_text(strip=True) == "Archive the project"
    response = client.post("/projects/reported/delete")
    assert flashes(html(client.get(response.headers["Location"]))) == [
        "“Reported” has a report, so it was archived, not deleted: "
        "its history stays and you can restore it."
    ]
    [kept] = projects()
    assert kept.archived_at is not None


def test_restore_an_archived_project(client, auth):
    """Restoring brings an archived project back among the active ones."""
    project = factories.project(title="Back again", slug="back")
    factories.partnership(project=project)
    client.post("/projects/back/delete")
    page = html(client.get("/projects/back/"))
    assert page.select_one(".actions form button").get_text(strip=True) == "Restore"
    response = client.post("/projects/back/restore")
    assert response.headers["Location"] == "/projects/back/"
    page = html(client.get("/projects/back/"))
    assert flashes(page) == ["“Back again” is back among the active projects."]
    assert not page.select("main > p.flash-warning")
    listed = html(client.get("/projects/"))
    assert [text(a) for a in listed.select("tbody td a")] == ["Back again"]


def test_restoring_an_active_project_is_a_conflict(client, auth):
    """Restoring a project that is not archived is refused and changes nothing."""
    factories.project(slug="active")
    assert client.post("/projects/active/restore").status_code == 409


def test_unknown_project_is_404(client, auth):
    """Every project page answers 404 for a slug that does not exist."""
    for url in ("/projects/nope/", "/projects/nope/edit", "/projects/nope/delete"):
        assert client.get(url).status_code == 404
    assert client.post("/projects/nope/restore").status_code == 404


def test_project_keeps_its_title_and_territory_in_the_other_language(client, auth):
    """An English organisation's project form asks for the title and territory in Russian too,
    says what they are for, and saves them."""
    page = html(client.get("/projects/new"))
    assert text(page.select_one("label[for=title_translated]")) == "Title in Russian"
    assert text(page.select_one("label[for=territory_translated]")) == "Territory in Russian"
    assert text(page.select_one("#territory_translated-hint")) == (
        "Letters written in that language use it; left empty, they use the one above."
    )
    client.post(
        "/projects/new",
        data={
            "title": "Warm winter",
            "title_translated": "Тёплая зима",
            "territory": "Perm",
            "territory_translated": "Пермь",
            "stage": "idea",
        },
    )
    [project] = projects()
    assert (project.title_translated, project.territory_translated) == ("Тёплая зима", "Пермь")
    page = html(client.get("/projects/warm-winter/edit"))
    assert page.select_one("#title_translated")["value"] == "Тёплая зима"


def test_russian_organisations_project_form_asks_for_english(client, auth):
    """When the organisation writes in Russian, the other language of its projects is English."""
    db.session.scalar(sa.select(Organisation)).language = Language.RU
    db.session.commit()
    page = html(client.get("/projects/new", headers={"Accept-Language": "en"}))
    assert text(page.select_one("label[for=title_translated]")) == "Title in English"


def test_archive_notice_counts_partnerships_in_words(client, auth):
    """The delete page counts a project's partnerships in the singular or plural."""
    project = factories.project(slug="two")
    for _ in range(2):
        factories.partnership(project=project)
    page = html(client.get("/projects/two/delete"))
    assert text(page.select_one("main p")).startswith("This project has 2 partnerships. Their")
