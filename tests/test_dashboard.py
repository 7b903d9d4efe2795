"""The dashboard: my projects and colleagues', the pipeline, and what needs attention."""

from datetime import date

import sqlalchemy as sa
from bs4 import BeautifulSoup

from planner.enums import Answer, Stage, Status
from planner.extensions import db
from planner.models import Project, now
from planner.stamps import bump_stamp
from planner.templating import format_date
from tests import factories


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


def table(page, caption: str) -> list[list[str]]:
    for candidate in page.select("table.list"):
        if text(candidate.caption) == caption:
            return [[text(td) for td in tr.select("td")] for tr in candidate.select("tbody tr")]
    return []


def pipeline(page) -> dict[str, str]:
    return {
        li["class"][0].removeprefix("status-"): text(li.select_one(".count"))
        for li in page.select("ul.pipeline li")
    }


def test_new_coordinator_is_invited_to_start_a_project(client, auth):
    """With no projects, the dashboard says so and links to the new-project form."""
    page = html(client.get("/"))
    assert page.select_one("#mine ~ p a[href='/projects/new']")
    assert not page.select("#others")
    assert text(page.select_one("#attention ~ p.ok")) == "Nothing needs your attention right now."
    assert set(pipeline(page).values()) == {"0"}


def test_my_projects_and_colleagues_projects_are_apart(client, auth, user):
    """Projects I coordinate and those others coordinate are in separate tables."""
    colleague = factories.user(name="Colleague")
    factories.project(
        title="Mine",
        coordinator=user,
        stage=Stage.DELIVERY,
        start_date=date(2025, 1, 1),
        end_date=date(2025, 6, 30),
    )
    factories.project(title="Theirs", coordinator=colleague)
    factories.project(title="Nobody's")
    page = html(client.get("/"))
    [mine] = table(page, "Projects I coordinate")
    assert mine[:2] == ["Mine", "Delivery"]
    assert mine[2] == f"{format_date(date(2025, 1, 1))} – {format_date(date(2025, 6, 30))}"
    assert [row[0] for row in table(page, "Projects others coordinate")] == [
        "Nobody's",
        "Theirs",
    ]


def test_project_rows_count_partnerships_by_status(client, auth, user):
    """Each project row says how many partnerships it has, by status."""
    project = factories.project(title="Counted", coordinator=user)
    for status in (Status.CANDIDATE, Status.CANDIDATE, Status.ACTIVE):
        factories.partnership(project=project, status=status)
    [row] = table(html(client.get("/")), "Projects I coordinate")
    assert row[3] == "3 (2 candidate, 1 active)"


def test_pipeline_adds_up_every_active_project(client, auth):
    """The pipeline counts partnerships of all active projects by status."""
    for status in (Status.CANDIDATE, Status.CONTACTED, Status.CONTACTED, Status.DECLINED):
        factories.partnership(status=status)
    factories.partnership(status=Status.ACTIVE, project=factories.project(archived_at=now()))
    counts = pipeline(html(client.get("/")))
    assert counts["candidate"] == "1"
    assert counts["contacted"] == "2"
    assert counts["declined"] == "1"
    assert counts["active"] == "0"


def test_archived_projects_leave_the_dashboard(client, auth, user):
    """An archived project is not listed on the dashboard."""
    factories.project(title="Old", coordinator=user, archived_at=now())
    page = html(client.get("/"))
    assert table(page, "Projects I coordinate") == []


def test_attention_lists_overloaded_projects_and_doubtful_agreements(client, auth):
    """Both kinds of warning are listed, each linking to where it can be fixed."""
    busy = factories.project(title="Busy")
    for status in (Status.CONTACTED, Status.NEGOTIATING, Status.COMMITTED, Status.ACTIVE):
        factories.partnership(project=busy, status=status)
    doubtful = factories.partnership(
        partner=factories.partner(name="Shaky"),
        project=factories.project(title="Calm"),
        status=Status.ACTIVE,
        criteria=Answer.NO,
    )
    page = html(client.get("/"))
    links = [a["href"] for a in page.select(".warnings li.warning a")]
    assert links == [f"/projects/{busy.slug}/", f"/partnerships/{doubtful.id}/"]
    assert not page.select("#attention ~ p.ok")


def test_long_lists_show_ten_and_say_how_many_more(client, auth, user):
    """12 projects of mine and 12 doubtful agreements: ten of each, a count and a link."""
    for n in range(12):
        project = factories.project(title=f"Project {n:02d}", coordinator=user)
        factories.partnership(project=project, status=Status.AGREED, criteria=Answer.UNSURE)
    page = html(client.get("/"))
    assert len(table(page, "Projects I coordinate")) == 10
    link = page.select_one("#mine ~ .show-all a")
    assert text(link) == "Show all 12" and link["href"] == "/projects/"
    assert len(page.select(".warnings li.warning")) == 10
    assert "2 more doubtful partnerships of 12 not listed." in text(page.select_one("main"))


def test_dashboard_follows_a_write_at_once(client, auth, user):
    """The kept dashboard is shown again only until something is written."""
    factories.project(title="First", coordinator=user)
    assert [r[0] for r in table(html(client.get("/")), "Projects I coordinate")] == ["First"]
    client.post(
        "/projects/new", data={"title": "Second", "stage": "idea", "coordinator_id": user.id}
    )
    shown = [r[0] for r in table(html(client.get("/")), "Projects I coordinate")]
    assert sorted(shown) == ["First", "Second"]


def test_dashboard_follows_a_write_made_by_another_process(client, auth, user):
    """A write by another worker reaches the kept dashboard through the change stamp."""
    factories.project(title="Before", coordinator=user)
    html(client.get("/"))
    with db.engine.begin() as conn:
        conn.execute(sa.update(Project).values(title="After"))
        bump_stamp(conn)
    assert [r[0] for r in table(html(client.get("/")), "Projects I coordinate")] == ["After"]


def test_each_person_sees_their_own_dashboard(client, auth, user):
    """Kept dashboards are per person: a colleague's projects are not 'mine' for me."""
    colleague = factories.user(email="colleague@example.org", name="Colleague")
    factories.project(title="Theirs", coordinator=colleague)
    assert table(html(client.get("/")), "Projects I coordinate") == []
    auth.logout()
    auth.login(email=colleague.email)
    assert [r[0] for r in table(html(client.get("/")), "Projects I coordinate")] == ["Theirs"]


def test_one_more_left_out_is_counted_in_the_singular(client, auth):
    """Eleven doubtful agreements: ten listed and one more counted in the singular."""
    project = factories.project(title="Many")
    for _ in range(11):
        factories.partnership(project=project, status=Status.AGREED, criteria=Answer.UNSURE)
    page = html(client.get("/"))
    assert "1 more doubtful partnership of 11 not listed." in text(page.select_one("main"))


def test_doubtful_agreement_names_its_criteria_in_a_sentence(client, auth):
    """A doubtful agreement's warning names the criteria that are not a clear yes as a list."""
    factories.partnership(
        partner=factories.partner(name="Shaky"),
        project=factories.project(title="Calm"),
        status=Status.COMMITTED,
        criteria=Answer.UNSURE,
    )
    warning = html(client.get("/")).select_one(".warnings li.warning")
    page_text = " ".join(warning.get_text().split())
    assert page_text == (
        "Shaky in Calm is committed (letter signed), but need, fit, motivation are not a clear yes."
    )
