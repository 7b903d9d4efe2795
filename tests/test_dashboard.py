"""The dashboard: my projects and colleagues', the pipeline, and what needs attention."""

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from babel.dates import format_date as babel_date
from bs4 import BeautifulSoup

from planner.enums import Answer, Health, Language, LetterStatus, Stage, Status
from planner.extensions import db
from planner.models import Project, StatusChange, now
from planner.stamps import bump_stamp, clear_caches
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


# --- more that needs attention (issue 10) ------------------------------------------------


def days_ago(n: int) -> date:
    return date.today() - timedelta(days=n)


def active_since(partnership, days: int) -> None:
    """Date the step into "active" `days` ago, as if it had been taken then."""
    db.session.execute(
        sa.update(StatusChange)
        .where(StatusChange.partnership_id == partnership.id)
        .values(changed_at=datetime.combine(days_ago(days), time(9)))
    )
    db.session.commit()


def attention(page) -> dict[str, list[tuple[str, str]]]:
    """Each kind of warning: its sentences and where their link goes."""
    found = {}
    for kind in ("health-alarm", "unchecked", "unsigned", "unreported"):
        found[kind] = [(text(li), li.select_one("a")["href"]) for li in page.select(f"li.{kind}")]
    return found


def test_completed_partnership_with_doubts_is_not_flagged(client, auth):
    """A doubtful criterion of a completed partnership can no longer be acted on: no warning."""
    factories.partnership(status=Status.COMPLETED, criteria=Answer.NO)
    page = html(client.get("/"))
    assert not page.select(".warnings")
    assert text(page.select_one("#attention ~ p.ok")) == "Nothing needs your attention right now."


def test_red_and_amber_health_is_listed_red_first(client, auth):
    """Partnerships being worked whose latest check is red or amber are listed, red first."""
    amber = factories.partnership(
        status=Status.ACTIVE,
        partner=factories.partner(name="Amber Co"),
        project=factories.project(title="P1"),
    )
    red = factories.partnership(
        status=Status.COMMITTED,
        partner=factories.partner(name="Red Co"),
        project=factories.project(title="P2"),
    )
    recovered = factories.partnership(status=Status.ACTIVE)
    done = factories.partnership(status=Status.COMPLETED)
    factories.health_check(amber, Health.AMBER, checked_on=days_ago(3))
    factories.health_check(red, Health.GREEN, checked_on=days_ago(9))
    factories.health_check(red, Health.RED, checked_on=days_ago(2))
    factories.health_check(recovered, Health.RED, checked_on=days_ago(9))
    factories.health_check(recovered, Health.GREEN, checked_on=days_ago(1))
    factories.health_check(done, Health.RED, checked_on=days_ago(1))
    found = attention(html(client.get("/")))["health-alarm"]
    assert found == [
        (
            f"Red Co in P2 is at risk: its latest health check, on {format_date(days_ago(2))}, "
            "is red.",
            f"/partnerships/{red.id}/#health",
        ),
        (
            f"Amber Co in P1 needs care: its latest health check, on {format_date(days_ago(3))}, "
            "is amber.",
            f"/partnerships/{amber.id}/#health",
        ),
    ]


def test_active_partnerships_unchecked_for_30_days_are_listed(client, auth):
    """Active for over 30 days with no check, or last checked over 30 days ago: listed."""
    project = factories.project(title="P")
    never = factories.partnership(
        project=project, status=Status.ACTIVE, partner=factories.partner(name="Never")
    )
    active_since(never, 40)
    stale = factories.partnership(
        project=project, status=Status.ACTIVE, partner=factories.partner(name="Stale")
    )
    active_since(stale, 90)
    factories.health_check(stale, Health.GREEN, checked_on=days_ago(31))
    fresh = factories.partnership(project=project, status=Status.ACTIVE)
    active_since(fresh, 90)
    factories.health_check(fresh, Health.GREEN, checked_on=days_ago(29))
    factories.partnership(project=project, status=Status.ACTIVE)  # active since today
    found = attention(html(client.get("/")))["unchecked"]
    assert found == [
        (
            "Never in P has been active for over a month and its health has never been checked.",
            f"/partnerships/{never.id}/#health",
        ),
        (
            "Stale in P is active and its health was last checked on "
            f"{format_date(days_ago(31))}: check it again.",
            f"/partnerships/{stale.id}/#health",
        ),
    ]


def test_finished_projects_without_a_published_report_are_listed(client, auth):
    """Ended, or at the reporting stage or later, with partners and no published report."""
    ended = factories.project(title="Ended", end_date=days_ago(5), stage=Stage.DELIVERY)
    reporting = factories.project(title="Reporting", stage=Stage.REPORTING)
    published = factories.project(title="Published", end_date=days_ago(5))
    running = factories.project(title="Running", end_date=date.today())
    lonely = factories.project(title="No partners", end_date=days_ago(5))
    for project in (ended, reporting, published, running):
        factories.partnership(project=project, status=Status.COMPLETED)
    factories.partnership(project=lonely, status=Status.DECLINED)
    factories.report(reporting)  # a draft does not count
    factories.report(published, published=True)
    found = attention(html(client.get("/")))["unreported"]
    assert found == [
        (
            f"Ended ended on {format_date(days_ago(5))} and its report for partners is not "
            "published.",
            f"/projects/{ended.slug}/report/",
        ),
        (
            "Reporting is at the stage “Reporting” and its report for partners is not published.",
            f"/projects/{reporting.slug}/report/",
        ),
    ]


def test_letters_sent_14_days_ago_and_not_signed_are_listed(client, auth):
    """A letter sent two weeks ago or more and still unsigned is listed with a link to it."""
    waiting = factories.letter(
        factories.partnership(
            status=Status.AGREED,
            partner=factories.partner(name="Slow"),
            project=factories.project(title="P"),
        ),
        sent_on=days_ago(14),
    )
    factories.letter(factories.partnership(status=Status.AGREED), sent_on=days_ago(13))
    signed = factories.letter(factories.partnership(status=Status.AGREED), sent_on=days_ago(30))
    signed.status = LetterStatus.SIGNED
    db.session.commit()
    found = attention(html(client.get("/")))["unsigned"]
    assert found == [
        (
            f"The letter to Slow in P was sent on {format_date(days_ago(14))} and is not signed "
            "yet: remind the partner, or record the signature.",
            f"/letters/{waiting.id}/",
        )
    ]


def test_needs_attention_in_russian(client, auth, user):
    """The new warnings read in Russian, and the remainder is counted with Russian plurals."""
    user.language = Language.RU
    db.session.commit()
    for n in range(12):
        partnership = factories.partnership(
            status=Status.ACTIVE,
            partner=factories.partner(name=f"Партнёр {n:02d}"),
            project=factories.project(title="Зима"),
        )
        factories.health_check(partnership, Health.RED, checked_on=days_ago(1))
    page = html(client.get("/"))
    first = page.select_one("li.health-alarm")
    shown = " ".join(babel_date(days_ago(1), "medium", locale="ru").split())
    assert text(first) == (
        "Партнёр 00 в проекте «Зима» под угрозой: "
        f"последняя проверка состояния ({shown}) — красный."
    )
    assert "Не показано ещё 2 партнёрства в красном или жёлтом состоянии (всего 12)." in text(
        page.select_one("#attention").parent
    )


def test_status_counts_link_to_their_lists(client, auth):
    """Each status count opens the list of partnerships with that status."""
    factories.partnership(status=Status.ACTIVE)
    page = html(client.get("/"))
    link = page.select_one("ul.pipeline li.status-active a")
    assert link["href"] == "/partnerships/status/active/"
    assert text(link) == "1 Active"
    rows = html(client.get(link["href"])).select("tbody tr")
    assert len(rows) == 1


def test_dashboard_queries_stay_constant_with_every_kind_of_warning(
    client, auth, user, count_queries
):
    """With every kind of warning, the dashboard sends as many queries at 5 as at 40 of each."""

    def add(n: int) -> None:
        for _ in range(n):
            project = factories.project(end_date=days_ago(3), coordinator=user)
            partnership = factories.partnership(project=project, status=Status.ACTIVE)
            active_since(partnership, 60)
            factories.health_check(partnership, Health.AMBER, checked_on=days_ago(40))
            factories.letter(
                factories.partnership(project=project, status=Status.AGREED), sent_on=days_ago(20)
            )

    def queries() -> int:
        client.get("/")
        db.session.remove()
        clear_caches()
        with count_queries() as statements:
            page = client.get("/")
        db.session.remove()
        return len(statements), html(page)

    add(5)
    few, page = queries()
    assert {k: len(v) for k, v in attention(page).items()} == dict.fromkeys(
        ("health-alarm", "unchecked", "unsigned", "unreported"), 5
    )
    add(35)
    many, page = queries()
    assert {k: len(v) for k, v in attention(page).items()} == dict.fromkeys(
        ("health-alarm", "unchecked", "unsigned", "unreported"), 10
    )
    assert many == few
