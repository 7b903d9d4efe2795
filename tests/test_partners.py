"""The partner registry: adding and editing partners, filters and search, htmx, archiving."""

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from planner.enums import Language, LegalForm, Sector, Status, Subtype, Trust
from planner.extensions import db
from planner.models import Partner, now
from tests import factories

FULL = {
    "name": "Riga Bakers Ltd",
    "sector": "business",
    "subtype": "small_business",
    "legal_form": "legal_entity",
    "trust": "tried",
    "contact_person": "Ilze Ozola",
    "email": "ilze@bakers.example",
    "phone": "+371 2000-0000",
    "website": "https://bakers.example",
    "address": "Maiznieku iela 1\nRiga",
    "notes": "Gave bread in 2023.",
    "budget_month": "0",
}


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


def textarea(node) -> str:
    """A textarea's value as a browser reads it (the newline after the tag is dropped)."""
    value = node.get_text()
    return value[2:] if value.startswith("\r\n") else value.removeprefix("\n")


def facts(page) -> dict[str, str]:
    return {text(div.dt): text(div.dd) for div in page.select("dl.facts > div")}


def flashes(page) -> list[str]:
    return [text(p) for p in page.select(".flashes .flash")]


def listed(client, **args) -> list[str]:
    """The partner names the registry shows for these filters."""
    page = html(client.get("/partners/", query_string=args))
    return [text(tr.select_one("td a")) for tr in page.select("#results tbody tr")]


def partners() -> list[Partner]:
    db.session.expire_all()
    return db.session.scalars(sa.select(Partner).order_by(Partner.id)).all()


def test_add_a_partner(client, auth):
    """A new partner is saved with every field and shown on its page."""
    response = client.post("/partners/new", data=FULL)
    [partner] = partners()
    assert response.headers["Location"] == f"/partners/{partner.id}/"
    page = html(client.get(response.headers["Location"]))
    assert flashes(page) == ["Riga Bakers Ltd is in the registry."]
    assert page.select_one("h1").get_text(strip=True) == "Riga Bakers Ltd"
    assert facts(page) == {
        "Sector": "Business · Small or medium business",
        "Legal form": "Legal entity",
        "Language of letters": "English (the organisation’s language)",
        "Trust": "Tried",
        "Contact": "Ilze Ozola",
        "Email": "ilze@bakers.example",
        "Phone": "+371 2000-0000",
        "Website": "https://bakers.example",
        "Address": "Maiznieku iela 1 Riga",
    }
    assert page.select_one("a[href='mailto:ilze@bakers.example']")
    assert page.select_one(".private p").get_text() == "Gave bread in 2023."
    assert (partner.sector, partner.subtype, partner.trust) == (
        Sector.BUSINESS,
        Subtype.SMALL_BUSINESS,
        Trust.TRIED,
    )


def test_new_partner_form_can_preselect_a_sector(client, auth):
    """/partners/new?sector=media opens with that sector chosen; nonsense is ignored."""
    page = html(client.get("/partners/new?sector=media"))
    assert page.select_one("#sector option[selected]")["value"] == "media"
    response = client.get("/partners/new?sector=<script>")
    assert response.status_code == 200
    assert not html(response).select("script:not([src])")


def test_partner_without_a_kind(client, auth):
    """The kind is optional; a partner may be saved with only a name and a sector."""
    response = client.post(
        "/partners/new",
        data={
            "name": "Neighbours",
            "sector": "volunteers",
            "legal_form": "informal_group",
            "budget_month": "0",
        },
    )
    assert response.status_code == 302
    [partner] = partners()
    assert partner.subtype is None
    assert partner.legal_form is LegalForm.INFORMAL_GROUP
    assert partner.trust is Trust.NEW
    assert partner.language is None


def test_partner_letters_language(client, auth):
    """A partner may write in another language than the organisation; blank means the
    organisation's, and the partnership's letter form starts from the partner's choice."""
    response = client.post("/partners/new", data={**FULL, "language": "ru"})
    [partner] = partners()
    assert partner.language is Language.RU
    page = html(client.get(response.headers["Location"]))
    assert facts(page)["Language of letters"] == "Russian"
    form = html(client.get(f"/partners/{partner.id}/edit"))
    assert form.select_one("#language option[selected]")["value"] == "ru"
    assert [o.get_text() for o in form.select("#language option")] == [
        "— the organisation's language —",
        "English",
        "Russian",
    ]
    partnership = factories.partnership(partner=partner)
    detail = html(client.get(f"/partnerships/{partnership.id}/"))
    assert detail.select_one("#letter-language option[selected]")["value"] == "ru"
    client.post(f"/partners/{partner.id}/edit", data={**FULL, "language": ""})
    [partner] = partners()
    assert partner.language is None


def test_edit_a_partner(client, auth):
    """Editing shows the saved values and saves the changes."""
    partner = factories.partner(
        name="Old name", sector=Sector.MEDIA, subtype=Subtype.RADIO, trust=Trust.VERIFIED
    )
    page = html(client.get(f"/partners/{partner.id}/edit"))
    assert page.select_one("#name")["value"] == "Old name"
    assert page.select_one("#sector option[selected]")["value"] == "media"
    assert page.select_one("#subtype option[selected]")["value"] == "radio"
    assert page.select_one("#trust option[selected]")["value"] == "verified"
    response = client.post(
        f"/partners/{partner.id}/edit",
        data={**FULL, "name": "New name", "sector": "media", "subtype": "tv", "phone": ""},
    )
    assert response.headers["Location"] == f"/partners/{partner.id}/"
    page = html(client.get(response.headers["Location"]))
    assert page.select_one("h1").get_text(strip=True) == "New name"
    assert facts(page)["Sector"] == "Media · TV"
    assert "Phone" not in facts(page)


def test_kind_must_belong_to_the_sector(client, auth):
    """A kind from another sector is explained beside the kind field and nothing is saved."""
    response = client.post("/partners/new", data={**FULL, "sector": "ngo", "subtype": "radio"})
    assert response.status_code == 200
    page = html(response)
    assert text(page.select_one("#subtype-field .error")) == (
        "“Radio” is not a kind of NGOs: choose one of Charity, Association, Foundation, "
        "Network or coalition."
    )
    assert page.select_one("#subtype")["aria-invalid"] == "true"
    assert page.select_one("#subtype option[selected]")["value"] == "radio"
    assert page.select_one("#sector option[selected]")["value"] == "ngo"
    assert page.select_one("#name")["value"] == FULL["name"]
    assert textarea(page.select_one("#notes")) == FULL["notes"]
    assert partners() == []


def test_kind_mismatch_on_edit_keeps_the_saved_partner(client, auth):
    """A mismatched kind on edit changes nothing that was saved."""
    partner = factories.partner(name="Keep me", sector=Sector.NGO, subtype=Subtype.CHARITY)
    response = client.post(
        f"/partners/{partner.id}/edit",
        data={"name": "Changed", "sector": "government", "subtype": "charity"},
    )
    assert html(response).select_one("#subtype-field .error")
    [kept] = partners()
    assert (kept.name, kept.sector, kept.subtype) == ("Keep me", Sector.NGO, Subtype.CHARITY)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-email", "Enter an email address like name@example.org."),
        ("phone", "call me", "Use digits, spaces and + ( ) - . / only."),
        ("website", "javascript:alert(1)", "Start the address with http:// or https://."),
        ("name", "", "Give the partner's name."),
    ],
)
def test_contact_details_are_checked_beside_their_field(client, auth, field, value, message):
    """Each invalid contact detail is explained beside its own field, keeping what was typed."""
    response = client.post("/partners/new", data={**FULL, field: value})
    page = html(response)
    errors = {e.find_parent(class_="field")["id"]: text(e) for e in page.select(".error")}
    assert errors == {f"{field}-field": message}
    assert page.select_one(f"#{field}").get("value", "") == value
    assert partners() == []


# --- finding partners --------------------------------------------------------------------


@pytest.fixture
def registry():
    factories.partner(name="Alpha Charity", sector=Sector.NGO, subtype=Subtype.CHARITY)
    factories.partner(
        name="Beta Radio",
        sector=Sector.MEDIA,
        subtype=Subtype.RADIO,
        trust=Trust.VERIFIED,
        contact_person="Maris Kalns",
    )
    factories.partner(name="Gamma Foundation", sector=Sector.NGO, subtype=Subtype.FOUNDATION)
    factories.partner(name="100% Local", sector=Sector.BUSINESS, trust=Trust.TRIED)
    factories.partner(name="Snake_case Ltd", sector=Sector.BUSINESS, trust=Trust.VERIFIED)
    factories.partner(name="Old Friend", archived_at=now())


def test_registry_lists_active_partners_by_name(client, auth, registry):
    """The registry lists active partners alphabetically, and the count says how many."""
    names = listed(client)
    assert names == sorted(names)
    assert "Old Friend" not in names
    assert len(names) == 5
    page = html(client.get("/partners/"))
    assert text(page.select_one("#results > p.hint")) == "5 partners found."


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"sector": "ngo"}, ["Alpha Charity", "Gamma Foundation"]),
        ({"subtype": "radio"}, ["Beta Radio"]),
        ({"trust": "verified"}, ["Beta Radio", "Snake_case Ltd"]),
        ({"sector": "business", "trust": "tried"}, ["100% Local"]),
        ({"q": "gamma"}, ["Gamma Foundation"]),
        ({"q": "KALNS"}, ["Beta Radio"]),
        ({"q": "%"}, ["100% Local"]),
        ({"q": "_"}, ["Snake_case Ltd"]),
        ({"q": "e_c"}, ["Snake_case Ltd"]),
        ({"q": "\\"}, []),
        ({"q": "  alpha  "}, ["Alpha Charity"]),
        ({"q": "nothing like it"}, []),
        ({"archived": "1"}, ["Old Friend"]),
    ],
)
def test_registry_filters(client, auth, registry, args, expected):
    """Sector, kind, trust and search narrow the list; % and _ are searched literally."""
    assert listed(client, **args) == expected


def test_filters_stay_filled_in(client, auth, registry):
    """The filter form shows the filters the list was made with."""
    page = html(client.get("/partners/?q=alpha&sector=ngo&subtype=charity&trust=new"))
    assert page.select_one("#q")["value"] == "alpha"
    assert page.select_one("#sector option[selected]")["value"] == "ngo"
    assert page.select_one("#subtype option[selected]")["value"] == "charity"
    assert page.select_one("#trust option[selected]")["value"] == "new"


def test_unknown_filter_values_are_ignored(client, auth, registry):
    """A made-up sector, kind or trust in the address shows everything, not an error."""
    assert len(listed(client, sector="pirates", subtype="x", trust="<b>")) == 5


def test_empty_registry_offers_to_add_a_partner(client, auth):
    """With no match, the list says so and links to the new-partner form."""
    page = html(client.get("/partners/?q=zzz"))
    assert page.select_one("#results a[href='/partners/new']")


def test_htmx_gets_only_the_results(client, auth, registry):
    """An htmx request gets the #results fragment alone, and the response varies on it."""
    response = client.get("/partners/?sector=ngo", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "HX-Request" in response.vary
    fragment = html(response)
    top = [tag for tag in fragment.contents if getattr(tag, "name", None)]
    assert [(t.name, t.get("id")) for t in top] == [("div", "results")]
    assert not fragment.select("html, header, form.filters, h1")
    names = [text(tr.select_one("td a")) for tr in fragment.select("tbody tr")]
    assert names == ["Alpha Charity", "Gamma Foundation"]


def test_full_page_also_says_it_varies(client, auth, registry):
    """The full page carries Vary: HX-Request too, so caches keep the two apart."""
    response = client.get("/partners/")
    assert "HX-Request" in response.vary
    page = html(response)
    assert page.select_one("html body form.filters")
    assert page.select_one("#results")


def test_htmx_history_restore_gets_the_full_page(client, auth, registry):
    """When htmx restores history it needs the whole page, not the fragment."""
    response = client.get(
        "/partners/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert html(response).select_one("html body h1")


def test_registry_pages_long_lists(app, client, auth):
    """A long registry is split into pages that keep the filters."""
    app.config["PARTNERS_PER_PAGE"] = 3
    for n in range(7):
        factories.partner(name=f"Partner {n}", sector=Sector.MEDIA)
    page = html(client.get("/partners/?sector=media"))
    assert len(page.select("#results tbody tr")) == 3
    assert text(page.select_one(".pager span")) == "Page 1 of 3"
    nxt = page.select_one(".pager a")["href"]
    assert "sector=media" in nxt
    page = html(client.get(nxt))
    assert text(page.select_one(".pager span")) == "Page 2 of 3"


def test_registry_counts_partnerships(client, auth):
    """Each row shows in how many projects the partner takes part."""
    partner = factories.partner(name="Busy")
    factories.partner(name="Idle")
    factories.partnership(partner=partner)
    factories.partnership(partner=partner)
    page = html(client.get("/partners/"))
    counts = {
        text(tr.select_one("td a")): text(tr.select("td")[-1])
        for tr in page.select("#results tbody tr")
    }
    assert counts == {"Busy": "2", "Idle": "0"}


# --- a partner's page, deleting and archiving ----------------------------------------------


def test_partner_page_lists_partnerships_across_projects(client, auth):
    """A partner's page lists its partnerships in every project, with their status."""
    partner = factories.partner(name="Everywhere")
    one = factories.partnership(partner=partner, project=factories.project(title="Winter"))
    two = factories.partnership(
        partner=partner, project=factories.project(title="Summer"), status=Status.ACTIVE
    )
    factories.partnership(project=factories.project(title="Unrelated"))
    page = html(client.get(f"/partners/{partner.id}/"))
    rows = {
        text(tr.select_one("td a")): (
            tr.select_one("td a")["href"],
            text(tr.select_one(".status")),
        )
        for tr in page.select("table.list tbody tr")
    }
    assert rows == {
        "Winter": (f"/partnerships/{one.id}/", "Candidate"),
        "Summer": (f"/partnerships/{two.id}/", "Active"),
    }


def test_partner_without_partnerships_says_so(client, auth):
    """A new partner's page says it has no partnerships yet."""
    partner = factories.partner()
    page = html(client.get(f"/partners/{partner.id}/"))
    assert not page.select("table.list")
    assert "No partnerships yet." in [text(p) for p in page.select("main p")]


def test_deleting_a_partner_without_partnerships_deletes_it(client, auth):
    """A partner with no partnerships is really deleted."""
    partner = factories.partner(name="Typo Ltd")
    page = html(client.get(f"/partners/{partner.id}/delete"))
    assert page.select_one("button.danger").get_text(strip=True) == "Delete the partner"
    response = client.post(f"/partners/{partner.id}/delete")
    assert response.headers["Location"] == "/partners/"
    page = html(client.get("/partners/"))
    assert flashes(page) == ["Typo Ltd is deleted from the registry."]
    assert partners() == []
    assert client.get(f"/partners/{partner.id}/").status_code == 404


def test_deleting_a_partner_with_partnerships_archives_it(client, auth):
    """A partner with partnerships is archived, keeps its partnerships, and can be restored."""
    partner = factories.partner(name="Long Story")
    factories.partnership(partner=partner, status=Status.COMPLETED)
    page = html(client.get(f"/partners/{partner.id}/delete"))
    assert page.select_one("button.danger").get_text(strip=True) == "Archive the partner"
    response = client.post(f"/partners/{partner.id}/delete")
    page = html(client.get(response.headers["Location"]))
    assert flashes(page) == [
        "Long Story has 1 partnership, so it was archived, not deleted: "
        "its history stays and you can restore it."
    ]
    assert listed(client) == []
    assert listed(client, archived="1") == ["Long Story"]
    page = html(client.get(f"/partners/{partner.id}/"))
    assert text(page.select_one("main > p.flash-warning")) == "This partner is archived."
    assert len(page.select("table.list tbody tr")) == 1

    response = client.post(f"/partners/{partner.id}/restore")
    page = html(client.get(response.headers["Location"]))
    assert flashes(page) == ["Long Story is back in the registry."]
    assert listed(client) == ["Long Story"]


def test_restoring_an_active_partner_is_a_conflict(client, auth):
    """Restoring a partner that is not archived is refused."""
    partner = factories.partner()
    assert client.post(f"/partners/{partner.id}/restore").status_code == 409


def test_archived_partner_cannot_be_attached(client, auth):
    """An archived partner is not offered when adding partners to a project."""
    factories.partner(name="Gone", archived_at=now())
    factories.partner(name="Here")
    project = factories.project()
    page = html(client.get(f"/projects/{project.slug}/partnerships/new"))
    offered = [text(label.strong) for label in page.select("#choices label.choice")][:-1]
    assert offered == ["Here"]
