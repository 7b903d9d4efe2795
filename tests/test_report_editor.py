"""The report editor as one form with one Save, Publish with its reason, and the follow-up
table saved at once (issue 10)."""

from datetime import date

import pytest
import sqlalchemy as sa

from planner.enums import Answer, Satisfaction, Sector, Status
from planner.extensions import db
from planner.models import KeyResult, Partner, Partnership, Report, Thanks
from tests import factories
from tests.test_reports import flashes, html, text, textarea

RUSSIAN = {"Accept-Language": "ru"}


@pytest.fixture
def project(app):
    return factories.project(title="Winter Warmth", slug="winter-warmth")


@pytest.fixture
def partners(project):
    """Two partners that took part; the second one's name is one a possessive would break."""
    bakery = factories.partnership(
        project, factories.partner(name="North Bakery"), status=Status.COMPLETED
    )
    students = factories.partnership(
        project,
        factories.partner(name="SPbU Student Volunteers", sector=Sector.VOLUNTEERS),
        status=Status.ACTIVE,
    )
    return bakery, students


def whole_form(page, selector: str = "#report-form") -> dict:
    """What a browser sends when Save is pressed: every field of the form, as the page has it."""
    form = page.select_one(selector)
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        kind = field.get("type", "")
        if kind in ("submit", "file") or field.name == "button":
            continue
        if kind == "checkbox":
            if field.has_attr("checked"):
                data[field["name"]] = field.get("value", "y")
        elif field.name == "textarea":
            data[field["name"]] = field.get_text().removeprefix("\n")
        elif field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            data[field["name"]] = chosen.get("value", "")
        else:
            data[field["name"]] = field.get("value", "")
    return data


def stored(project) -> Report:
    db.session.expire_all()
    return db.session.scalar(sa.select(Report).where(Report.project_id == project.id))


def test_one_save_keeps_the_text_of_every_section(client, auth, project, partners):
    """Summary, story and every partner's section typed at once are all stored by one Save."""
    bakery, students = partners
    page = html(client.get(f"/projects/{project.slug}/report/"))
    assert len(page.select("#report-form")) == 1
    assert not page.select("#report-form form")  # no form inside: one Save for everything
    data = whole_form(page)
    data.update(
        {
            "action": "save",
            "summary": "Sixty elders, one winter.",
            "narrative": "It *worked*.",
            f"p{bakery.id}-made_possible": "Bread for sixty elders.",
            f"p{bakery.id}-consent_name": "y",
            f"p{students.id}-thank_you": "Thank you, volunteers!",
            f"p{students.id}-quote": "We would do it again.",
            f"p{students.id}-consent_quote": "y",
        }
    )
    response = client.post(f"/projects/{project.slug}/report/", data=data, follow_redirects=True)
    assert flashes(html(response)) == ["The report is saved."]
    report = stored(project)
    assert (report.summary, report.narrative) == ("Sixty elders, one winter.", "It *worked*.")
    thanks = {t.partnership_id: t for t in db.session.scalars(sa.select(Thanks))}
    assert thanks[bakery.id].made_possible == "Bread for sixty elders."
    assert thanks[students.id].thank_you == "Thank you, volunteers!"
    assert db.session.get(Partnership, bakery.id).consent_name is True
    assert db.session.get(Partnership, students.id).consent_quote is True
    assert db.session.get(Partnership, students.id).quote == "We would do it again."


def test_adding_a_result_keeps_the_summary_typed_beside_it(client, auth, project, partners):
    """Pressing "Add the result" saves the summary and sections typed but not yet saved."""
    bakery, _ = partners
    data = whole_form(html(client.get(f"/projects/{project.slug}/report/")))
    data.update(
        {
            "action": "add-result",
            "summary": "Typed, never saved on its own.",
            f"p{bakery.id}-made_possible": "Bread.",
            "label": "meals served",
            "value": "1 250",
        }
    )
    response = client.post(f"/projects/{project.slug}/report/", data=data)
    assert response.headers["Location"].endswith("#results")
    assert stored(project).summary == "Typed, never saved on its own."
    assert db.session.scalars(sa.select(KeyResult.label)).all() == ["meals served"]
    assert db.session.scalars(sa.select(Thanks.made_possible)).all() == ["Bread."]


def test_a_refused_save_keeps_everything_typed_and_stores_nothing(client, auth, project, partners):
    """One section's error stores nothing and shows every section as typed, with the error."""
    bakery, students = partners
    data = whole_form(html(client.get(f"/projects/{project.slug}/report/")))
    data.update(
        {
            "summary": "Kept summary.",
            f"p{bakery.id}-thank_you": "Kept thanks.",
            f"p{students.id}-quote": "x" * 2001,
            f"p{students.id}-consent_logo": "y",
        }
    )
    response = client.post(f"/projects/{project.slug}/report/", data=data)
    assert response.status_code == 200
    page = html(response)
    assert textarea(page, "summary") == "Kept summary."
    assert textarea(page, f"p{bakery.id}-thank_you") == "Kept thanks."
    assert textarea(page, f"p{students.id}-quote") == "x" * 2001
    assert page.select_one(f"#p{students.id}-consent_logo").has_attr("checked")
    summary = text(page.select_one(".error-summary"))
    assert "Nothing was saved" in summary
    assert "Section: SPbU Student Volunteers, “Quote”:" in summary
    assert page.select_one(".error-summary a")["href"] == f"#p{students.id}-quote"
    assert stored(project) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Thanks)) == 0


def test_labels_do_not_glue_a_possessive_to_the_name(client, auth, project, partners):
    """Sections are named "Section: <name>", never "<name>'s section", in both languages."""
    _, students = partners
    page = html(client.get(f"/projects/{project.slug}/report/"))
    assert page.select_one(f"#partner-{students.id}")["aria-label"] == (
        "Section: SPbU Student Volunteers"
    )
    assert "'s section" not in page.text
    russian = html(client.get(f"/projects/{project.slug}/report/", headers=RUSSIAN))
    assert russian.select_one(f"#partner-{students.id}")["aria-label"] == (
        "Раздел: SPbU Student Volunteers"
    )


def test_publish_shows_disabled_with_its_reason_until_there_is_a_summary(client, auth, project):
    """Publish is always on the page: disabled and explained without a summary, then enabled."""
    page = html(client.get(f"/projects/{project.slug}/report/"))
    button = page.find("button", string="Publish")
    assert button.has_attr("disabled")
    reason = page.select_one(f"#{button['aria-describedby']}")
    assert text(reason) == (
        "Not ready to publish. The report is not saved yet: write a summary and save."
    )

    factories.report(project, narrative="A story, but no summary.")
    page = html(client.get(f"/projects/{project.slug}/report/"))
    assert page.find("button", string="Publish").has_attr("disabled")
    assert "The report has no summary yet: write one and save." in text(
        page.select_one(".publish-why")
    )
    # the rule holds on the server too, not only on the button
    response = client.post(f"/projects/{project.slug}/report/publish", follow_redirects=True)
    assert flashes(html(response)) == ["The report has no summary yet: write one and save."]
    assert stored(project).published_at is None

    stored(project).summary = "Sixty elders."
    db.session.commit()
    page = html(client.get(f"/projects/{project.slug}/report/"))
    button = page.find("button", string="Publish")
    assert not button.has_attr("disabled")
    assert button.find_parent("form")["action"] == f"/projects/{project.slug}/report/publish"
    assert page.select_one(".publish-why") is None


def test_save_and_publish_in_one_press(client, auth, project, partners):
    """Pressing "Save and publish" saves what was typed and publishes a ready report; without
    a summary it saves the rest, says why it did not publish, and leaves it unpublished."""
    url = f"/projects/{project.slug}/report/"
    data = whole_form(html(client.get(url)))
    data.update(narrative="Sixty elders ate warm meals all winter.", action="publish")
    page = html(client.post(url, data=data, follow_redirects=True))
    assert flashes(page) == [
        "The report is saved.",
        "The report has no summary yet: write one and save.",
    ]
    assert stored(project).narrative == "Sixty elders ate warm meals all winter."
    assert stored(project).published_at is None

    # The page came back at the report's new revision: saving it again is no conflict.
    data.update(summary="Sixty elders, one winter.", revision=whole_form(page)["revision"])
    page = html(client.post(url, data=data, follow_redirects=True))
    assert flashes(page) == ["The report is saved and published."]
    assert stored(project).summary == "Sixty elders, one winter."
    assert stored(project).published_at is not None
    assert page.find("button", string="Save and publish") is None  # published: nothing to do


def test_publish_reason_in_russian(client, auth, project):
    """The disabled Publish and its reason speak Russian."""
    page = html(client.get(f"/projects/{project.slug}/report/", headers=RUSSIAN))
    assert page.find("button", string="Опубликовать").has_attr("disabled")
    assert text(page.select_one(".publish-why")) == (
        "Публиковать пока рано. Отчёт ещё не сохранён — напишите краткое описание и сохраните."
    )
    assert text(page.select_one(".save-bar button")) == "Сохранить отчёт"
    assert "Одна кнопка сохраняет всё на этой странице" in text(page.select_one("#report-form"))


def test_follow_up_table_saves_every_row_with_one_save(client, auth, project, partners):
    """The follow-up is one table of all partners; one Save records every row."""
    bakery, students = partners
    page = html(client.get(f"/projects/{project.slug}/report/follow-up"))
    rows = page.select("table.follow-up tbody tr")
    assert [r["id"] for r in rows] == [f"follow-{bakery.id}", f"follow-{students.id}"]
    assert [r.th.contents[0].strip() for r in rows] == ["North Bakery", "SPbU Student Volunteers"]
    assert len(page.select("#follow-up-form button[type=submit]")) == 1
    data = whole_form(page, "#follow-up-form")
    data.update(
        {
            f"f{bakery.id}-satisfaction": "very_satisfied",
            f"f{bakery.id}-again_us": "yes",
            f"f{bakery.id}-updates_consent": "y",
            f"f{bakery.id}-updates_consent_on": "2026-03-31",
            f"f{students.id}-satisfaction": "mixed",
            f"f{students.id}-again_them": "no",
            f"f{students.id}-follow_up_note": "Exams in May.",
        }
    )
    response = client.post(
        f"/projects/{project.slug}/report/follow-up", data=data, follow_redirects=True
    )
    assert flashes(html(response)) == ["The follow-up is saved."]
    db.session.expire_all()
    first, second = db.session.get(Partnership, bakery.id), db.session.get(Partnership, students.id)
    assert (first.satisfaction, first.again_us) == (Satisfaction.VERY_SATISFIED, Answer.YES)
    assert db.session.get(Partner, first.partner_id).updates_consent_on == date(2026, 3, 31)
    assert (second.satisfaction, second.again_them) == (Satisfaction.MIXED, Answer.NO)
    assert second.follow_up_note == "Exams in May."


def test_follow_up_refused_row_keeps_every_row_typed(client, auth, project, partners):
    """A bad date in one row stores nothing and shows both rows as typed, the error beside it."""
    bakery, students = partners
    data = whole_form(
        html(client.get(f"/projects/{project.slug}/report/follow-up")), "#follow-up-form"
    )
    data.update(
        {
            f"f{bakery.id}-follow_up_note": "Typed note.",
            f"f{students.id}-updates_consent_on": "not a date",
        }
    )
    response = client.post(f"/projects/{project.slug}/report/follow-up", data=data)
    page = html(response)
    assert "Nothing was saved" in text(page.select_one(".error-summary"))
    assert textarea(page, f"f{bakery.id}-follow_up_note") == "Typed note."
    assert page.select_one(f"#f{students.id}-updates_consent_on")["aria-invalid"] == "true"
    db.session.expire_all()
    assert db.session.get(Partnership, bakery.id).follow_up_note == ""

    russian = html(
        client.post(f"/projects/{project.slug}/report/follow-up", data=data, headers=RUSSIAN)
    )
    assert text(russian.select_one(".error-summary")).startswith("Ничего не сохранено")
    assert text(russian.select_one("#follow-up-form button")) == "Сохранить итоги"


@pytest.mark.parametrize(
    ("count", "shown"),
    [(1, "1 письмо"), (2, "2 письма"), (5, "5 писем"), (21, "21 письмо")],
)
def test_letters_are_counted_in_russian(client, auth, project, count, shown):
    """The letters page counts its letters in the right Russian form."""
    for _ in range(count):
        factories.letter(factories.partnership(project, status=Status.NEGOTIATING))
    page = html(client.get(f"/projects/{project.slug}/letters/", headers=RUSSIAN))
    assert text(page.select_one("table.letters caption")) == shown
