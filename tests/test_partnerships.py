"""Partnerships: attaching partners, moving them along the path, history, warnings, removal."""

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from planner.enums import Answer, Status, Support
from planner.extensions import db
from planner.models import Partner, Partnership, StatusChange, now
from tests import factories


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


def flashes(page) -> list[str]:
    return [text(p) for p in page.select(".flashes .flash")]


def board(page) -> dict[str, list[str]]:
    """The board as a person reads it: column status to the partner names in it."""
    return {
        column["class"][1].removeprefix("status-"): [text(a) for a in column.select(".card h4 a")]
        for column in page.select("#board section.column")
    }


def history(partnership) -> list[tuple]:
    db.session.expire_all()
    return [
        (step.old_status, step.new_status, step.user_id)
        for step in db.session.scalars(
            sa.select(StatusChange)
            .where(StatusChange.partnership_id == partnership.id)
            .order_by(StatusChange.id)
        )
    ]


def reload(partnership) -> Partnership | None:
    db.session.expire_all()
    return db.session.get(Partnership, partnership.id)


# --- attaching a partner ------------------------------------------------------------------


def offered(page) -> list[str]:
    """The registry partners the attach form offers to pick, as a person reads them."""
    return [text(label.strong) for label in page.select("label.choice")][:-1]


def test_attach_form_offers_partners_not_yet_in_the_project(client, auth):
    """The attach form lists the registry's partners that are not already attached."""
    project = factories.project()
    factories.partner(name="Zeta")
    attached = factories.partner(name="Attached")
    factories.partner(name="Alpha")
    factories.partnership(project=project, partner=attached)
    page = html(client.get(f"/projects/{project.slug}/partnerships/new"))
    assert offered(page) == ["Alpha", "Zeta"]
    assert text(page.select("#choices label.choice")[-1]) == "A new partner fill in below"


def test_attach_can_preselect_a_partner(client, auth):
    """?partner=ID opens the attach form with that partner chosen."""
    project = factories.project()
    partner = factories.partner(name="Chosen")
    page = html(client.get(f"/projects/{project.slug}/partnerships/new?partner={partner.id}"))
    assert page.select_one("#choices input[checked]")["value"] == str(partner.id)


def test_attach_creates_a_candidate_with_a_history_row(client, auth, user):
    """Attaching a partner makes it a candidate and records who added it."""
    project = factories.project(title="Winter", slug="winter")
    partner = factories.partner(name="Bakery", contact_person="Ilze")
    response = client.post(
        "/projects/winter/partnerships/new",
        data={
            "partner_id": str(partner.id),
            "support": ["material", "informational"],
            "need": "yes",
            "need_note": "Bread every week",
            "fit": "unsure",
            "motivation": "no",
            "responsible_id": str(user.id),
        },
    )
    assert response.headers["Location"] == "/projects/winter/"
    [partnership] = db.session.scalars(sa.select(Partnership)).all()
    assert (partnership.project_id, partnership.partner_id) == (project.id, partner.id)
    assert partnership.status is Status.CANDIDATE
    assert partnership.support == {Support.MATERIAL, Support.INFORMATIONAL}
    assert (partnership.need, partnership.fit, partnership.motivation) == (
        Answer.YES,
        Answer.UNSURE,
        Answer.NO,
    )
    assert partnership.partner_contact == "Ilze"
    assert history(partnership) == [(None, Status.CANDIDATE, user.id)]
    page = html(client.get("/projects/winter/"))
    assert flashes(page) == ["Bakery is now a candidate partner of this project."]
    assert board(page)["candidate"] == ["Bakery"]
    card = page.select_one(f"#partnership-{partnership.id}")
    assert text(card.select_one(".meta")) == "NGOs · Informational, Material"


def test_attach_without_choosing_a_partner(client, auth):
    """Neither picking a partner nor typing a new one is explained beside the partner list."""
    project = factories.project()
    factories.partner()
    response = client.post(
        f"/projects/{project.slug}/partnerships/new",
        data={"partner_id": "", "partner_contact": "Someone"},
    )
    assert response.status_code == 200
    page = html(response)
    assert text(page.select_one("#partner_id-field .error")) == (
        "Pick a partner from the registry, or fill in a new one below."
    )
    assert page.select_one("#partner_contact")["value"] == "Someone"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Partnership)) == 0


def test_attach_the_same_partner_twice_is_refused(client, auth):
    """A partner already in the project cannot be attached again."""
    existing = factories.partnership()
    factories.partner()
    response = client.post(
        f"/projects/{existing.project.slug}/partnerships/new",
        data={"partner_id": str(existing.partner_id)},
    )
    assert text(html(response).select_one("#partner_id-field .error")) == (
        f"{existing.partner.name} is already in this project."
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Partnership)) == 1


def test_attach_when_every_partner_is_attached(client, auth):
    """When the whole registry is in the project, the page says so and offers a new one."""
    existing = factories.partnership()
    page = html(client.get(f"/projects/{existing.project.slug}/partnerships/new"))
    assert text(page.select_one("#choices-status")) == (
        "Every partner in the registry is already in this project. Fill in a new one below."
    )
    assert offered(page) == []
    assert page.select_one("#new-name")


def test_attach_when_the_registry_is_empty(client, auth):
    """An empty registry is called empty (not "every partner is in the project")."""
    project = factories.project()
    factories.partner(name="Old", archived_at=now())
    page = html(client.get(f"/projects/{project.slug}/partnerships/new"))
    assert text(page.select_one("#choices-status")) == (
        "The registry is empty. Fill in the first partner below."
    )
    assert page.select_one("#new-name")


def test_attach_creates_a_new_partner_in_the_same_form(client, auth, user):
    """A partner not in the registry is created and attached in one submit, contact included."""
    project = factories.project(slug="winter")
    response = client.post(
        "/projects/winter/partnerships/new",
        data={
            "partner_id": "",
            "new-name": "Radio Zvezda",
            "new-sector": "media",
            "new-subtype": "radio",
            "new-contact_person": "Olga",
            "new-email": "olga@zvezda.example",
            "new-phone": "+7 812 555 01 01",
            "responsible_id": str(user.id),
        },
    )
    assert response.headers["Location"] == "/projects/winter/"
    [partnership] = db.session.scalars(sa.select(Partnership)).all()
    partner = partnership.partner
    assert (partner.name, partner.sector.value, partner.subtype.value) == (
        "Radio Zvezda",
        "media",
        "radio",
    )
    assert (partner.contact_person, partner.email, partner.phone) == (
        "Olga",
        "olga@zvezda.example",
        "+7 812 555 01 01",
    )
    assert partnership.project_id == project.id
    assert partnership.partner_contact == "Olga"
    assert history(partnership) == [(None, Status.CANDIDATE, user.id)]
    page = html(client.get("/projects/winter/"))
    assert flashes(page) == ["Radio Zvezda is now a candidate partner of this project."]


def test_attach_and_add_another_comes_back_to_the_form(client, auth):
    """ "Add and add another" saves and opens the form again for the next partner."""
    project = factories.project(slug="winter")
    partner = factories.partner(name="Bakery")
    response = client.post(
        "/projects/winter/partnerships/new",
        data={"partner_id": str(partner.id), "then": "another"},
    )
    assert response.headers["Location"] == "/projects/winter/partnerships/new"
    page = html(client.get(response.headers["Location"]))
    assert flashes(page) == ["Bakery is now a candidate partner of this project."]
    assert offered(page) == []
    assert project.id


def test_attach_typed_contact_wins_over_the_partners(client, auth):
    """A contact typed for the partnership is kept instead of the partner's contact person."""
    factories.project(slug="winter")
    partner = factories.partner(name="Bakery", contact_person="Ilze")
    client.post(
        "/projects/winter/partnerships/new",
        data={"partner_id": str(partner.id), "partner_contact": "Ilze's deputy"},
    )
    assert db.session.scalars(sa.select(Partnership)).one().partner_contact == "Ilze's deputy"


def test_attach_new_partner_with_a_kind_of_another_sector(client, auth):
    """A kind that is not of the chosen sector is refused beside the kind, all typed kept."""
    factories.project(slug="winter")
    response = client.post(
        "/projects/winter/partnerships/new",
        data={
            "partner_id": "new",
            "new-name": "Radio Zvezda",
            "new-sector": "ngo",
            "new-subtype": "radio",
            "new-contact_person": "Olga",
            "new-email": "not an email",
        },
    )
    assert response.status_code == 200
    page = html(response)
    assert text(page.select_one("#new-subtype-field .error")).startswith(
        "“Radio” is not a kind of NGOs: choose one of Charity"
    )
    assert text(page.select_one("#new-email-field .error")) == (
        "Enter an email address like name@example.org."
    )
    assert page.select_one("#new-name")["value"] == "Radio Zvezda"
    assert page.select_one("#new-contact_person")["value"] == "Olga"
    assert page.select_one("#new-subtype option[selected]")["value"] == "radio"
    assert page.select_one("#choices input[checked]")["value"] == "new"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Partner)) == 0


@pytest.mark.parametrize("picked", ["new", ""])
def test_attach_new_partner_without_a_name(client, auth, picked):
    """A new partner's details without its name ask for the name beside it, all kept."""
    factories.project(slug="winter")
    page = html(
        client.post(
            "/projects/winter/partnerships/new",
            data={"partner_id": picked, "new-contact_person": "Olga", "new-email": "bad"},
        )
    )
    assert text(page.select_one("#new-name-field .error")) == "Give the partner's name."
    assert text(page.select_one("#new-email-field .error")) == (
        "Enter an email address like name@example.org."
    )
    assert not page.select("#partner_id-field .error")
    assert page.select_one("#new-contact_person")["value"] == "Olga"


def test_attach_refuses_a_second_partner_with_the_same_name(client, auth):
    """A new partner named like one in the registry is refused and that one is offered."""
    factories.project(slug="winter")
    factories.partner(name="Bakery Ilze")
    page = html(
        client.post(
            "/projects/winter/partnerships/new",
            data={"partner_id": "", "new-name": "bakery ilze", "new-sector": "business"},
        )
    )
    assert text(page.select_one("#new-name-field .error")) == (
        "Bakery Ilze is already in the registry: pick it in the list above."
    )
    assert offered(page) == ["Bakery Ilze"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Partner)) == 1


def test_attach_refuses_a_pick_and_a_new_name_at_once(client, auth):
    """Picking a partner and typing a new one is refused, not silently one of the two."""
    factories.project(slug="winter")
    partner = factories.partner(name="Bakery")
    page = html(
        client.post(
            "/projects/winter/partnerships/new",
            data={"partner_id": str(partner.id), "new-name": "Radio"},
        )
    )
    assert text(page.select_one("#partner_id-field .error")) == (
        "You picked Bakery and also filled in a new partner: pick “A new partner” "
        "to create it, or clear its fields."
    )
    assert page.select_one("#new-name")["value"] == "Radio"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Partnership)) == 0


def test_attach_search_without_javascript(client, auth):
    """A plain GET search lists the matches; with none, the searched name prefills a new one."""
    project = factories.project()
    factories.partner(name="Bakery", contact_person="Ilze")
    factories.partner(name="Radio")
    page = html(client.get(f"/projects/{project.slug}/partnerships/new?q=ILZE"))
    assert offered(page) == ["Bakery"]
    assert page.select_one("#q")["value"] == "ILZE"
    page = html(client.get(f"/projects/{project.slug}/partnerships/new?q=Lighthouse"))
    assert offered(page) == []
    assert text(page.select_one("#choices-status")) == (
        "No partner in the registry matches “Lighthouse”. Fill in a new one below."
    )
    assert page.select_one("#new-name")["value"] == "Lighthouse"


def test_attach_search_as_you_type_answers_with_the_list(client, auth):
    """htmx gets only the list of choices, shortened with a note when many match."""
    project = factories.project()
    for n in range(10):
        factories.partner(name=f"Group {n}")
    response = client.get(
        f"/projects/{project.slug}/partnerships/new?q=group", headers={"HX-Request": "true"}
    )
    page = html(response)
    assert not page.select("h1")
    assert offered(page) == [f"Group {n}" for n in range(8)]
    assert "type more of the name" in text(page)
    assert "HX-Request" in response.headers["Vary"]


def test_kind_options_follow_the_sector(client, auth):
    """The kinds fragment lists only the chosen sector's kinds, keeping a kind that fits."""
    page = html(client.get("/partners/kinds?field=new-subtype&new-sector=media&new-subtype=tv"))
    select = page.select_one("select#new-subtype")
    assert [text(o) for o in select.select("option")] == [
        "— not specified —",
        "Print",
        "Radio",
        "TV",
        "Online",
    ]
    assert select.select_one("option[selected]")["value"] == "tv"
    assert client.get("/partners/kinds?field=evil").status_code == 404
    page = html(client.get("/partners/kinds?sector=bogus"))
    assert page.select("select#subtype optgroup")


def test_add_to_a_project_from_the_partner_page(client, auth, user):
    """The partner page adds the partner to a chosen project and opens the partnership."""
    factories.project(title="Winter")
    project = factories.project(title="Spring")
    partner = factories.partner(name="Bakery", contact_person="Ilze")
    page = html(client.get(f"/partners/{partner.id}/"))
    assert [text(o) for o in page.select("#add-to-project option")] == [
        "— choose a project —",
        "Spring",
        "Winter",
    ]
    response = client.post(f"/partners/{partner.id}/projects", data={"project_id": str(project.id)})
    partnership = db.session.scalars(sa.select(Partnership)).one()
    assert response.headers["Location"] == f"/partnerships/{partnership.id}/"
    assert (partnership.project_id, partnership.partner_contact) == (project.id, "Ilze")
    assert partnership.responsible_id == user.id
    page = html(client.get(response.headers["Location"]))
    assert flashes(page) == ["Bakery is now a candidate partner of “Spring”."]
    page = html(client.get(f"/partners/{partner.id}/"))
    assert [text(o) for o in page.select("#add-to-project option")] == [
        "— choose a project —",
        "Winter",
    ]


def test_add_to_a_project_refuses_bad_choices(client, auth):
    """A made-up project, or one the partner is already in, is refused with a message."""
    existing = factories.partnership()
    for value in ("", "abc", "99999999999999999999", str(existing.project_id)):
        response = client.post(
            f"/partners/{existing.partner_id}/projects", data={"project_id": value}
        )
        assert response.status_code == 302
        assert response.headers["Location"] == f"/partners/{existing.partner_id}/#add-to-project"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Partnership)) == 1


def test_new_partner_page_offers_add_to_a_project(client, auth):
    """After creating a partner in the registry, its page offers to add it to a project."""
    factories.project(title="Winter")
    response = client.post(
        "/partners/new",
        data={
            "name": "Lighthouse",
            "sector": "ngo",
            "legal_form": "legal_entity",
            "trust": "new",
            "budget_month": "0",
        },
    )
    page = html(client.get(response.headers["Location"]))
    assert text(page.select_one("#add-to-project-h")) == "Add to a project"
    assert [text(o) for o in page.select("#add-to-project option")] == [
        "— choose a project —",
        "Winter",
    ]


# --- moving along the path -----------------------------------------------------------------


def test_set_status_records_the_step_and_who_took_it(client, auth, user):
    """A status change is saved and the history shows old → new and who changed it."""
    partnership = factories.partnership(by=user)
    response = client.post(f"/partnerships/{partnership.id}/status", data={"status": "contacted"})
    assert response.headers["Location"] == f"/projects/{partnership.project.slug}/"
    assert reload(partnership).status is Status.CONTACTED
    assert history(partnership) == [
        (None, Status.CANDIDATE, user.id),
        (Status.CANDIDATE, Status.CONTACTED, user.id),
    ]
    page = html(client.get(f"/partnerships/{partnership.id}/"))
    steps = [text(li) for li in page.select("#history-h + ol.history li")]
    assert steps[0].endswith(f"Candidate → Contacted by {user.name}")
    assert steps[1].endswith(f"Candidate by {user.name}")
    assert text(page.select_one("#status-h .status")) == "Contacted"


def test_set_status_from_the_partnership_page_returns_there(client, auth):
    """The partnership page's own status buttons bring the person back to it."""
    partnership = factories.partnership()
    page = html(client.get(f"/partnerships/{partnership.id}/"))
    button = page.select_one("button[name=status]")
    assert (button["value"], text(button)) == ("contacted", "Move to contacted")
    response = client.post(
        f"/partnerships/{partnership.id}/status",
        data={"status": button["value"], "back": "partnership"},
    )
    assert response.headers["Location"] == f"/partnerships/{partnership.id}/"
    page = html(client.get(response.headers["Location"]))
    assert flashes(page) == [f"{partnership.partner.name} is now “Contacted”."]


def test_setting_the_same_status_adds_no_history(client, auth):
    """Choosing the status a partnership already has records nothing."""
    partnership = factories.partnership(status=Status.NEGOTIATING)
    client.post(f"/partnerships/{partnership.id}/status", data={"status": "negotiating"})
    assert len(history(partnership)) == 2


def test_unknown_status_is_refused(client, auth):
    """A status that does not exist changes nothing and says so."""
    partnership = factories.partnership()
    response = client.post(f"/partnerships/{partnership.id}/status", data={"status": "married"})
    page = html(client.get(response.headers["Location"]))
    assert flashes(page) == ["That status is not one a partnership can have."]
    assert reload(partnership).status is Status.CANDIDATE
    assert len(history(partnership)) == 1


def test_htmx_status_change_returns_the_board_with_the_card_moved(client, auth, user):
    """htmx gets only the board back, with the card in its new column."""
    partnership = factories.partnership()
    factories.partnership(project=partnership.project)
    response = client.post(
        f"/partnerships/{partnership.id}/status",
        data={"status": "negotiating"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "HX-Request" in response.vary
    fragment = html(response)
    top = [tag for tag in fragment.contents if getattr(tag, "name", None)]
    assert [(t.name, t.get("id")) for t in top] == [("div", "board")]
    assert not fragment.select("html, header, h1, .flashes")
    assert fragment.select_one(f"section.status-negotiating #partnership-{partnership.id}")
    assert not fragment.select_one(f"section.status-candidate #partnership-{partnership.id}")
    assert reload(partnership).status is Status.NEGOTIATING
    assert history(partnership)[-1] == (Status.CANDIDATE, Status.NEGOTIATING, user.id)
    # Focus follows the moved card.
    assert fragment.select_one(f"#partnership-{partnership.id} h4 a")["autofocus"] is not None
    # The flash meant for a full page is not left waiting for the next one.
    assert flashes(html(client.get("/"))) == []


def test_board_cards_offer_the_next_step(client, auth):
    """Each card has a button for the next step on the path, none at its end."""
    project = factories.project()
    early = factories.partnership(project=project, status=Status.NEGOTIATING)
    done = factories.partnership(project=project, status=Status.COMPLETED)
    page = html(client.get(f"/projects/{project.slug}/"))
    button = page.select_one(f"#partnership-{early.id} button[name=status]")
    assert (button["value"], text(button)) == ("agreed", "Move to agreed (letter sent)")
    others = [b["value"] for b in page.select(f"#partnership-{done.id} button[name=status]")]
    assert others == [s.value for s in Status if s is not Status.COMPLETED]
    assert not page.select(f"#partnership-{done.id} .card-actions > form button")


def test_declined_and_dropped_are_folded_into_a_list_under_the_board(client, auth):
    """The path's seven steps are columns; declined and dropped partners are listed below."""
    project = factories.project()
    dropped = factories.partnership(
        project=project, status=Status.DROPPED, partner=factories.partner(name="Gone")
    )
    page = html(client.get(f"/projects/{project.slug}/"))
    assert list(board(page)) == [
        "candidate",
        "contacted",
        "negotiating",
        "agreed",
        "committed",
        "active",
        "completed",
    ]
    [row] = page.select("#board .left-list > ul > li")
    assert text(page.select_one("#left-h")) == "Declined and dropped 1"
    assert text(row.select_one("a")) == "Gone" and text(row.select_one(".status")) == "Dropped"
    assert [b["value"] for b in row.select("button[name=status]")][:2] == [
        "candidate",
        "contacted",
    ]
    assert page.select_one(f"#partnership-{dropped.id}")
    assert not html(client.get(f"/projects/{factories.project().slug}/")).select(".left-list")


# --- warnings --------------------------------------------------------------------------


WORKED = [Status.CONTACTED, Status.NEGOTIATING, Status.AGREED, Status.ACTIVE]


def test_three_worked_partnerships_raise_no_warning(client, auth):
    """Three partnerships in work are fine: no warning on the board or dashboard."""
    project = factories.project()
    for status in WORKED[:3]:
        factories.partnership(project=project, status=status)
    factories.partnership(project=project, status=Status.CANDIDATE)
    page = html(client.get(f"/projects/{project.slug}/"))
    assert not page.select("#board > p.warning")
    assert text(html(client.get("/")).select_one("#attention ~ p.ok")) == (
        "Nothing needs your attention right now."
    )


def test_more_than_three_worked_partnerships_warn_on_the_project_page(client, auth):
    """A fourth partnership in work shows the 'too many' warning above the board."""
    project = factories.project(title="Busy")
    for status in WORKED:
        factories.partnership(project=project, status=status)
    page = html(client.get(f"/projects/{project.slug}/"))
    [warning] = page.select("#board > p.warning")
    assert text(warning).startswith("4 partnerships are being worked at once.")
    dashboard = html(client.get("/"))
    [item] = dashboard.select(".warnings li.warning")
    assert item.select_one("a")["href"] == f"/projects/{project.slug}/"
    assert "is working on 4 partnerships at once" in text(item)


def test_htmx_status_change_brings_the_warning_with_the_board(client, auth):
    """Moving a fourth partnership into work returns a board that carries the warning."""
    project = factories.project()
    for status in WORKED[:3]:
        factories.partnership(project=project, status=status)
    fourth = factories.partnership(project=project)
    response = client.post(
        f"/partnerships/{fourth.id}/status",
        data={"status": "contacted"},
        headers={"HX-Request": "true"},
    )
    assert html(response).select("#board > p.warning")


def test_agreed_partnership_with_doubtful_criteria_warns(client, auth):
    """An agreed partnership whose criteria are not all yes warns on its page, card, dashboard."""
    project = factories.project(title="Winter")
    partnership = factories.partnership(
        project=project,
        partner=factories.partner(name="Shaky"),
        status=Status.AGREED,
        criteria=Answer.UNSURE,
    )
    page = html(client.get(f"/partnerships/{partnership.id}/"))
    [warning] = page.select("main p.warning")
    assert text(warning) == (
        "This partnership is agreed (letter sent), but need, fit, motivation are not a clear "
        "yes. Check the criteria before relying on it."
    )
    card = html(client.get(f"/projects/{project.slug}/"))
    card = card.select_one(f"#partnership-{partnership.id}")
    assert text(card.select_one(".warning")) == (
        "Agreed, but need, fit, motivation are not a clear yes."
    )
    dashboard = html(client.get("/"))
    [item] = dashboard.select(".warnings li.warning")
    assert item.select_one("a")["href"] == f"/partnerships/{partnership.id}/"
    assert text(item) == (
        "Shaky in Winter is agreed (letter sent), but need, fit, motivation are not a clear yes."
    )


def test_one_doubtful_criterion_is_named_alone(client, auth):
    """A single doubtful criterion is named in the singular."""
    partnership = factories.partnership(status=Status.COMMITTED)
    partnership.motivation = Answer.NO
    db.session.commit()
    page = html(client.get(f"/partnerships/{partnership.id}/"))
    assert "but motivation is not a clear yes" in text(page.select_one("main p.warning"))


def test_candidate_with_doubtful_criteria_does_not_warn(client, auth):
    """Open criteria before agreement are normal: no warning anywhere."""
    partnership = factories.partnership(status=Status.NEGOTIATING, criteria=Answer.NO)
    assert not html(client.get(f"/partnerships/{partnership.id}/")).select("main p.warning")
    assert not html(client.get("/")).select(".warnings")


def test_archived_projects_raise_no_warnings(client, auth):
    """Warnings about an archived project's partnerships leave the dashboard."""
    partnership = factories.partnership(status=Status.ACTIVE, criteria=Answer.NO)
    client.post(f"/projects/{partnership.project.slug}/delete")
    assert not html(client.get("/")).select(".warnings")


# --- editing and removing ----------------------------------------------------------------


def test_edit_a_partnership(client, auth, user):
    """The edit form shows the saved answers and saves the new ones."""
    partnership = factories.partnership(criteria=Answer.UNSURE, support={Support.FINANCIAL})
    page = html(client.get(f"/partnerships/{partnership.id}/edit"))
    assert [i["value"] for i in page.select("#support-field input[checked]")] == ["financial"]
    assert page.select_one("#need-field input[checked]")["value"] == "unsure"
    response = client.post(
        f"/partnerships/{partnership.id}/edit",
        data={
            "support": ["reputational"],
            "need": "yes",
            "fit": "yes",
            "fit_note": "Easy to work with",
            "motivation": "no",
            "responsible_id": str(user.id),
            "partner_contact": "Jānis",
        },
    )
    assert response.headers["Location"] == f"/partnerships/{partnership.id}/"
    page = html(client.get(response.headers["Location"]))
    answers = {text(d.dt): text(d.dd) for d in page.select("dl.criteria-list > div")}
    assert answers == {"Need": "Yes", "Fit": "Yes Easy to work with", "Motivation": "No"}
    people = {text(d.dt): text(d.dd) for d in page.select("#people-h ~ dl > div")}
    assert people == {
        "Support": "Reputational",
        "Responsible on our side": user.name,
        "Contact at the partner": "Jānis",
    }


def test_remove_a_candidate(client, auth):
    """A candidate added by mistake is removed with its history; the partner stays."""
    partnership = factories.partnership()
    slug, partner_id = partnership.project.slug, partnership.partner_id
    page = html(client.get(f"/partnerships/{partnership.id}/delete"))
    assert text(page.select_one("button.danger")) == "Remove the candidate"
    response = client.post(f"/partnerships/{partnership.id}/delete")
    assert response.headers["Location"] == f"/projects/{slug}/"
    assert reload(partnership) is None
    assert history(partnership) == []
    assert client.get(f"/partners/{partner_id}/").status_code == 200


@pytest.mark.parametrize("status", [Status.CONTACTED, Status.ACTIVE, Status.DROPPED])
def test_removing_a_worked_partnership_is_refused(client, auth, status):
    """Only candidates can be removed; others keep their history and are told why."""
    partnership = factories.partnership(status=status)
    page = html(client.get(f"/partnerships/{partnership.id}/delete"))
    assert not page.select("main form")
    response = client.post(f"/partnerships/{partnership.id}/delete")
    assert response.status_code == 200
    page = html(response)
    assert flashes(page) == [
        "Only a candidate can be removed. Mark this partnership as dropped so its history stays."
    ]
    assert not page.select("main form")
    assert reload(partnership).status is status
    assert len(history(partnership)) == 2


# --- unknown and absurd addresses -----------------------------------------------------------


ID_URLS = [
    ("GET", "/partnerships/{}/"),
    ("GET", "/partnerships/{}/edit"),
    ("POST", "/partnerships/{}/edit"),
    ("GET", "/partnerships/{}/delete"),
    ("POST", "/partnerships/{}/delete"),
    ("POST", "/partnerships/{}/status"),
    ("GET", "/partners/{}/"),
    ("GET", "/partners/{}/edit"),
    ("POST", "/partners/{}/edit"),
    ("GET", "/partners/{}/delete"),
    ("POST", "/partners/{}/delete"),
    ("POST", "/partners/{}/restore"),
]


@pytest.mark.parametrize(
    "pid",
    ["12345", "0", "-1", "2147483648", "99999999999999999999", "1e3", "abc", "%00", "١٢"],
)
def test_unknown_or_absurd_ids_are_404(client, auth, pid):
    """An id that does not exist, or could not, is a 404 page, never a server error."""
    factories.partnership()
    for method, url in ID_URLS:
        response = client.open(url.format(pid), method=method, data={"status": "active"})
        assert response.status_code == 404, f"{method} {url.format(pid)}"
        assert text(html(response).select_one("h1")) == "Not Found"


@pytest.mark.parametrize(
    "url",
    [
        "/projects/nope/",
        "/projects/nope/partnerships/new",
        "/projects/%00/",
        "/projects/" + "x" * 5000 + "/",
        "/projects/тест/",
    ],
)
def test_unknown_project_slug_is_404(client, auth, url):
    """Every project address answers 404 for a project that does not exist."""
    assert client.get(url).status_code == 404


# --- as the registry grows, and in Russian ---------------------------------------------------


def test_attach_search_queries_stay_constant_as_the_registry_grows(client, auth, count_queries):
    """Searching the registry from a project costs as many queries with 200 partners as 10."""
    project = factories.project()
    url = f"/projects/{project.slug}/partnerships/new"
    counts = []
    for total in (10, 200):
        for n in range(total - db.session.scalar(sa.select(sa.func.count(Partner.id)))):
            factories.partner(name=f"Group {total}-{n}", contact_person=f"Person {n}")
        for extra in ({}, {"HX-Request": "true"}):
            client.get(url + "?q=group", headers=extra)  # warm the caches
            with count_queries() as statements:
                assert client.get(url + "?q=group", headers=extra).status_code == 200
            counts.append(len(statements))
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        counts.append(len(statements))
    assert counts[:3] == counts[3:], counts


RU = {"Accept-Language": "ru"}


@pytest.mark.parametrize("registry", ["empty", "all in"])
def test_attach_speaks_russian(client, auth, registry):
    """The add-a-partner page reads in Russian: heading, wording, labels, buttons, errors."""
    project = factories.project(title="Тёплая зима")
    if registry == "all in":
        factories.partnership(project=project)
    page = html(client.get(f"/projects/{project.slug}/partnerships/new", headers=RU))
    assert text(page.select_one("h1")) == "Добавить партнёра в проект «Тёплая зима»"
    assert text(page.select_one("#choices-status")) == (
        "Реестр партнёров пуст. Заполните данные первого партнёра ниже."
        if registry == "empty"
        else "Все партнёры из реестра уже участвуют в этом проекте. "
        "Заполните данные нового партнёра ниже."
    )
    assert (
        text(page.select_one("label[for=q]")) == "Поиск в реестре по названию или контактному лицу"
    )
    assert [text(b) for b in page.select("main form button")] == [
        "Найти",
        "Добавить в проект",
        "Добавить и перейти к следующему",
    ]
    page = html(
        client.post(
            f"/projects/{project.slug}/partnerships/new",
            data={"partner_id": "", "new-sector": "ngo", "new-subtype": "tv", "new-name": "Эфир"},
            headers=RU,
        )
    )
    assert text(page.select_one("#new-subtype-field .error")).startswith(
        "«Телевидение» не относится к сектору «НКО»: выберите одно из следующего:"
    )
    assert text(page.select_one(".error-summary")).startswith("Исправьте")


def test_add_to_a_project_speaks_russian(client, auth):
    """The partner page's "Add to a project" and its message read in Russian."""
    project = factories.project(title="Тёплая зима")
    partner = factories.partner(name="Пекарня")
    page = html(client.get(f"/partners/{partner.id}/", headers=RU))
    assert text(page.select_one("#add-to-project-h")) == "Добавить в проект"
    assert text(page.select_one("#add-to-project button")) == "Добавить как кандидата"
    response = client.post(
        f"/partners/{partner.id}/projects", data={"project_id": str(project.id)}, headers=RU
    )
    page = html(client.get(response.headers["Location"], headers=RU))
    assert flashes(page) == ["Пекарня теперь кандидат в партнёры проекта «Тёплая зима»."]
