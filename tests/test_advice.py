"""The field's advice where the coordinator decides, trial before trust, and the field's words."""

import pytest
from bs4 import BeautifulSoup
from flask_babel import force_locale

from planner.enums import (
    CATEGORIES,
    SUBTYPE_HINTS,
    Category,
    Direction,
    ItemStatus,
    Reach,
    Sector,
    Status,
    Subtype,
    Trust,
)
from planner.extensions import db
from planner.matrix.advice import ADVICE, lead_time_hint, suggestions, who_could_cover
from planner.models import Partner
from tests import factories

HTMX = {"HX-Request": "true"}
RU = {"Accept-Language": "ru"}


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split()) if node else ""


# --- the advice table, as plain data ---


@pytest.mark.parametrize("sector", list(Sector))
def test_every_sector_has_typical_gives_and_gets(sector):
    """Each sector of the field names what it typically gives and what it wants back."""
    assert ADVICE[sector].gives
    assert ADVICE[sector].gets


@pytest.mark.parametrize("sector", list(Sector))
def test_every_category_the_advice_names_is_a_category_of_its_direction(sector):
    """The table names only categories that exist, each on its own side of the matrix."""
    assert set(suggestions(sector, Direction.GIVES)) <= set(CATEGORIES[Direction.GIVES])
    assert set(suggestions(sector, Direction.GETS)) <= set(CATEGORIES[Direction.GETS])


@pytest.mark.parametrize(
    ("category", "sectors"),
    [
        (Category.GOODS, {Sector.BUSINESS, Sector.NGO, Sector.VOLUNTEERS}),
        (Category.MONEY, {Sector.BUSINESS, Sector.GOVERNMENT}),
        (Category.PUBLICATIONS, {Sector.MEDIA}),
        (Category.EVENT_REPORTS, {Sector.MEDIA}),
        (Category.CIRCLE, {Sector.VOLUNTEERS}),
        (Category.METHODOLOGY, {Sector.NGO}),
        (Category.OTHER_GIVE, set()),
    ],
)
def test_who_could_cover_a_category(app, category, sectors):
    """A need's category names the sectors that usually give it, in the field's words."""
    assert {sector for sector, _words in who_could_cover(category)} == sectors


def test_warm_clothes_advice_reads_as_the_field_says_it(app):
    """Goods: business gives goods, NGOs material resources, volunteers collect them."""
    words = dict(who_could_cover(Category.GOODS))
    assert words[Sector.BUSINESS] == "goods"
    assert words[Sector.NGO] == "material resources"
    assert words[Sector.VOLUNTEERS] == "collecting among their circle"


@pytest.mark.parametrize(
    ("sector", "expected"),
    [
        (Sector.MEDIA, "2–3 days ahead"),
        (Sector.BUSINESS, "budget month"),
        (Sector.GOVERNMENT, "grant"),
        (Sector.VOLUNTEERS, "a week ahead"),
        (Sector.NGO, None),
    ],
)
def test_lead_time_hint_where_the_sector_pace_matters(app, sector, expected):
    """Media, business, government and volunteers have a lead-time hint; NGOs need none."""
    hint = lead_time_hint(sector)
    if expected is None:
        assert hint is None
    else:
        assert expected in str(hint)


@pytest.mark.parametrize(
    ("member", "english", "russian"),
    [
        (Reach.LOCAL, "Local", "Местный"),
        (Reach.REGIONAL, "Regional", "Региональный"),
        (Reach.NATIONAL, "National", "Федеральный"),
        (
            Category.EVENT_REPORTS,
            "Reports from events, press tours",
            "Репортажи с мероприятий, пресс-туры",
        ),
        (Category.CIRCLE, "Involving their circle", "Вовлечение своего окружения"),
    ],
)
def test_new_words_of_the_field_are_labelled_in_both_languages(app, member, english, russian):
    """The new reach levels and categories read in the page's language."""
    with app.test_request_context(), force_locale("en"):
        assert member.label == english
    with app.test_request_context(), force_locale("ru"):
        assert member.label == russian


def test_new_categories_are_what_a_partner_gives(app):
    """Reports from events and involving their circle are contributions, not benefits."""
    assert Category.EVENT_REPORTS in CATEGORIES[Direction.GIVES]
    assert Category.CIRCLE in CATEGORIES[Direction.GIVES]
    assert CATEGORIES[Direction.GETS][0] is Category.RECOGNITION


# --- the add-item form ---


def test_add_item_form_suggests_the_sector_categories(client, auth):
    """Adding what a business gives offers money, goods… as links that pick the category."""
    p = factories.partnership(
        partner=factories.partner(sector=Sector.BUSINESS), status=Status.ACTIVE
    )
    page = html(client.get(f"/partnerships/{p.id}/items/new?direction=gives", headers=HTMX))
    links = page.select(".suggested-list a")
    assert [text(a) for a in links][:3] == ["Money", "Goods", "Services"]
    assert "sector “Business”" in text(page.select_one(".suggested"))
    picked = client.get(links[1]["href"], headers=HTMX)
    chosen = html(picked).select_one("#category option[selected]")
    assert chosen["value"] == "goods"
    assert html(picked).select_one(".suggested-list a[aria-current]").text == "Goods"


def test_add_item_form_suggests_what_the_sector_wants_back(client, auth):
    """Adding what a media partner gets offers the benefits media usually want."""
    p = factories.partnership(partner=factories.partner(sector=Sector.MEDIA), status=Status.ACTIVE)
    page = html(client.get(f"/partnerships/{p.id}/items/new?direction=gets"))
    assert [text(a) for a in page.select(".suggested-list a")] == [
        "Access to a community or target group",
        "Public recognition (name, logo)",
        "Mission fit",
    ]


def test_add_item_form_shows_the_media_lead_time(client, auth):
    """A media partner's form says to send the press release 2–3 days ahead; an NGO's does not."""
    media = factories.partnership(
        partner=factories.partner(sector=Sector.MEDIA), status=Status.ACTIVE
    )
    page = html(client.get(f"/partnerships/{media.id}/items/new?direction=gives"))
    assert "press release 2–3 days ahead" in text(page.select_one(".suggested .lead-hint"))
    ngo = factories.partnership(partner=factories.partner(sector=Sector.NGO), status=Status.ACTIVE)
    page = html(client.get(f"/partnerships/{ngo.id}/items/new?direction=gives"))
    assert page.select_one(".lead-hint") is None


def test_edit_form_offers_no_suggestions(client, auth):
    """Correcting an item keeps to its form: the suggestions are for adding one."""
    item = factories.commitment(category=Category.GOODS)
    page = html(client.get(f"/items/{item.id}/edit"))
    assert page.select_one(".suggested") is None


def test_add_item_form_in_russian(client, auth):
    """The suggestions and the lead-time hint read in Russian."""
    p = factories.partnership(partner=factories.partner(sector=Sector.MEDIA), status=Status.ACTIVE)
    page = html(client.get(f"/partnerships/{p.id}/items/new?direction=gives", headers=RU))
    assert "Обычный вклад сектора «СМИ»" in text(page.select_one(".suggested"))
    assert "Репортажи с мероприятий, пресс-туры" in text(page.select_one(".suggested-list"))
    assert "пресс-релиз отправляйте за 2–3 дня" in text(page.select_one(".lead-hint"))


# --- needs nobody covers ---


def test_uncovered_need_names_who_could_cover_it_and_links_to_the_registry(client, auth):
    """A need nobody covers names the sectors that usually give it and searches the registry."""
    project = factories.project()
    factories.need(project=project, category=Category.GOODS, description="Warm clothes")
    page = html(client.get(f"/projects/{project.slug}/matrix/"))
    advice = page.select_one("#needs .cover-advice")
    assert "Who could cover it: NGOs (material resources), Business (goods)" in text(advice)
    link = advice.select_one("a")
    assert link["href"] == "/partners/?gave=goods"
    assert text(link) == "Partners who gave “Goods” before"


def test_covered_need_has_no_advice(client, auth):
    """Once a partner covers the need, the advice steps aside."""
    p = factories.partnership(status=Status.ACTIVE)
    need = factories.need(project=p.project, category=Category.GOODS)
    factories.commitment(partnership=p, category=Category.GOODS, need_id=need.id)
    page = html(client.get(f"/projects/{p.project.slug}/matrix/"))
    assert page.select_one("#needs .cover-advice") is None


def test_uncovered_need_advice_in_russian(client, auth):
    """The advice beside a need reads in Russian."""
    project = factories.project()
    factories.need(project=project, category=Category.GOODS, description="Тёплая одежда")
    page = html(client.get(f"/projects/{project.slug}/matrix/", headers=RU))
    advice = text(page.select_one("#needs .cover-advice"))
    assert "Кто мог бы это закрыть: НКО (материальные ресурсы), Бизнес (товары)" in advice
    assert "Партнёры, которые уже давали «Товары»" in advice


# --- the registry: who gave a category before ---


def test_registry_finds_partners_who_gave_a_category(client, auth):
    """Only partners with a delivered (or partly delivered) item of the category are found."""
    gave = factories.partner(name="Gave coats")
    partly = factories.partner(name="Gave some coats")
    planned = factories.partner(name="Only plans coats")
    other = factories.partner(name="Gave money")
    for partner, category, status in (
        (gave, Category.GOODS, ItemStatus.DELIVERED),
        (partly, Category.GOODS, ItemStatus.PARTLY_DELIVERED),
        (planned, Category.GOODS, ItemStatus.PLANNED),
        (other, Category.MONEY, ItemStatus.DELIVERED),
    ):
        p = factories.partnership(partner=partner, status=Status.ACTIVE)
        factories.commitment(partnership=p, category=category, status=status)
    page = html(client.get("/partners/?gave=goods"))
    names = [text(a) for a in page.select("#results tbody td:first-child a")]
    assert names == ["Gave coats", "Gave some coats"]
    assert page.select_one("#gave option[selected]")["value"] == "goods"


def test_registry_gave_filter_in_russian(client, auth):
    """The filter's label and its categories read in Russian."""
    page = html(client.get("/partners/?gave=circle", headers=RU))
    assert text(page.select_one("label[for=gave]")) == "Уже давал"
    assert text(page.select_one("#gave option[selected]")) == "Вовлечение своего окружения"


def test_registry_ignores_a_benefit_as_gave_filter(client, auth):
    """What a partner gets is no filter of what it gave: the filter is ignored."""
    factories.partner(name="Anyone")
    page = html(client.get("/partners/?gave=recognition"))
    assert "Anyone" in text(page.select_one("#results"))


def test_registry_gave_filter_keeps_its_pages(client, auth, app):
    """The filter stays in the pager's links."""
    app.config["PARTNERS_PER_PAGE"] = 1
    for n in range(2):
        p = factories.partnership(partner=factories.partner(name=f"Giver {n}"))
        factories.commitment(partnership=p, category=Category.GOODS, status=ItemStatus.DELIVERED)
    page = html(client.get("/partners/?gave=goods"))
    assert "gave=goods" in page.select_one(".pager a")["href"]


# --- trial before trust ---


def test_matrix_warns_when_a_new_partner_is_the_only_cover(client, auth):
    """A need resting on one untried partner is a warning; a tried one is not."""
    project = factories.project()
    new = factories.partnership(
        project=project,
        partner=factories.partner(name="Fresh Drivers", trust=Trust.NEW),
        status=Status.ACTIVE,
    )
    rides = factories.need(project=project, category=Category.TRANSPORT, description="Rides")
    factories.commitment(partnership=new, category=Category.TRANSPORT, need_id=rides.id)
    page = html(client.get(f"/projects/{project.slug}/matrix/"))
    flag = text(page.select_one(".flag-untried-only-cover"))
    assert "Only Fresh Drivers covers the need “Rides”, and it is a new partner" in flag
    new.partner.trust = Trust.TRIED
    db.session.commit()
    page = html(client.get(f"/projects/{project.slug}/matrix/"))
    assert page.select_one(".flag-untried-only-cover") is None


def test_second_cover_lifts_the_untried_warning(client, auth):
    """A second partner covering the same need is the field's remedy: no warning."""
    project = factories.project()
    rides = factories.need(project=project, category=Category.TRANSPORT)
    for trust in (Trust.NEW, Trust.NEW):
        p = factories.partnership(
            project=project, partner=factories.partner(trust=trust), status=Status.ACTIVE
        )
        factories.commitment(partnership=p, category=Category.TRANSPORT, need_id=rides.id)
    page = html(client.get(f"/projects/{project.slug}/matrix/"))
    assert page.select_one(".flag-untried-only-cover") is None


def test_untried_warning_in_russian(client, auth):
    """The warning reads in Russian."""
    project = factories.project()
    p = factories.partnership(
        project=project, partner=factories.partner(name="Такси"), status=Status.ACTIVE
    )
    rides = factories.need(project=project, category=Category.TRANSPORT, description="Поездки")
    factories.commitment(partnership=p, category=Category.TRANSPORT, need_id=rides.id)
    page = html(client.get(f"/projects/{project.slug}/matrix/", headers=RU))
    flag = text(page.select_one(".flag-untried-only-cover"))
    assert "Потребность «Поездки» закрывает только Такси, а это новый партнёр" in flag


def test_completing_from_the_partnership_page_asks_about_trust(client, auth):
    """Completed from its page, a new partner's partnership offers Tried and Verified."""
    p = factories.partnership(status=Status.ACTIVE)
    response = client.post(
        f"/partnerships/{p.id}/status",
        data={"status": "completed", "back": "partnership", "confirmed": "1"},
        follow_redirects=True,
    )
    prompt = html(response).select_one("#trust-prompt")
    assert "has seen this partnership through" in text(prompt)
    assert [b["value"] for b in prompt.select("button")] == ["tried", "verified"]
    response = client.post(
        f"/partnerships/{p.id}/trust", data={"trust": "tried"}, follow_redirects=True
    )
    assert db.session.get(Partner, p.partner_id).trust is Trust.TRIED
    assert f"{p.partner.name} is marked “Tried”." in text(html(response).select_one(".flashes"))


def test_completing_a_tried_partner_offers_verified_only(client, auth):
    """A tried partner that completes may be marked verified; a verified one is not asked."""
    tried = factories.partnership(
        partner=factories.partner(trust=Trust.TRIED), status=Status.ACTIVE
    )
    response = client.post(
        f"/partnerships/{tried.id}/status",
        data={"status": "completed", "back": "partnership", "confirmed": "1"},
        follow_redirects=True,
    )
    buttons = html(response).select("#trust-prompt button")
    assert [b["value"] for b in buttons] == ["verified"]
    verified = factories.partnership(
        partner=factories.partner(trust=Trust.VERIFIED), status=Status.ACTIVE
    )
    response = client.post(
        f"/partnerships/{verified.id}/status",
        data={"status": "completed", "back": "partnership", "confirmed": "1"},
        follow_redirects=True,
    )
    assert html(response).select_one("#trust-prompt") is None


def test_completing_on_the_board_asks_about_trust(client, auth):
    """On the board, with htmx or without, the completed card's partner can be marked at once."""
    p = factories.partnership(status=Status.ACTIVE)
    fragment = client.post(
        f"/partnerships/{p.id}/status",
        data={"status": "completed", "confirmed": "1"},
        headers=HTMX,
    )
    prompt = html(fragment).select_one("#board #trust-prompt")
    assert prompt.select_one("form")["hx-post"] == f"/partnerships/{p.id}/trust"
    response = client.post(
        f"/partnerships/{p.id}/trust", data={"trust": "verified", "back": "board"}, headers=HTMX
    )
    assert html(response).select_one("#trust-prompt") is None
    assert db.session.get(Partner, p.partner_id).trust is Trust.VERIFIED

    other = factories.partnership(project=p.project, status=Status.ACTIVE)
    response = client.post(
        f"/partnerships/{other.id}/status", data={"status": "completed", "confirmed": "1"}
    )
    assert response.headers["Location"].endswith(f"?completed={other.id}")
    board = html(client.get(response.headers["Location"]))
    assert board.select_one("#trust-prompt input[name=back]")["value"] == "board"


def test_trust_cannot_be_marked_before_completion(client, auth):
    """An active partnership earns its partner no trust yet: the mark is refused."""
    p = factories.partnership(status=Status.ACTIVE)
    response = client.post(
        f"/partnerships/{p.id}/trust", data={"trust": "verified"}, follow_redirects=True
    )
    assert db.session.get(Partner, p.partner_id).trust is Trust.NEW
    assert "cannot be marked" in text(html(response).select_one(".flashes"))


def test_completion_prompt_in_russian(client, auth):
    """The prompt and its buttons read in Russian."""
    p = factories.partnership(partner=factories.partner(name="Родители"), status=Status.ACTIVE)
    client.post(
        f"/partnerships/{p.id}/status",
        data={"status": "completed", "back": "partnership", "confirmed": "1"},
    )
    page = html(client.get(f"/partnerships/{p.id}/", headers=RU))
    prompt = page.select_one("#trust-prompt")
    assert "Родители прошёл это партнёрство до конца" in text(prompt)
    assert [text(b) for b in prompt.select("button")] == [
        "Отметить: «Проверен в деле»",
        "Отметить: «Надёжный»",
    ]


# --- reach and capacity, kinds' hints ---


def test_partner_reach_and_capacity_are_saved_and_shown(client, auth):
    """Reach level, audience, its size and capacity are kept and shown on the partner page."""
    response = client.post(
        "/partners/new",
        data={
            "name": "Neva Radio",
            "sector": "media",
            "subtype": "radio",
            "legal_form": "legal_entity",
            "trust": "new",
            "budget_month": "0",
            "reach_level": "regional",
            "audience": "Listeners over 45",
            "audience_size": "180000",
            "capacity": "One story a week",
        },
        follow_redirects=True,
    )
    partner = db.session.scalar(db.select(Partner).filter_by(name="Neva Radio"))
    assert partner.reach_level is Reach.REGIONAL and partner.audience_size == 180000
    facts = text(html(response).select_one(".facts"))
    assert "Reach Regional · Listeners over 45 · about 180,000 people" in facts
    assert "Capacity One story a week" in facts


def test_partner_audience_size_must_be_a_whole_number(client, auth):
    """A negative audience is refused beside the field, in Russian on a Russian page."""
    response = client.post(
        "/partners/new",
        data={
            "name": "X",
            "sector": "media",
            "legal_form": "legal_entity",
            "trust": "new",
            "budget_month": "0",
            "audience_size": "-5",
        },
        headers=RU,
    )
    assert text(html(response).select_one("#audience_size-error")) == "Укажите целое число человек."


@pytest.mark.parametrize(("size", "words"), [(1, "около 1 человека"), (5, "около 5 человек")])
def test_audience_size_in_russian(client, auth, size, words):
    """The audience's size reads with Russian plurals."""
    partner = factories.partner(audience_size=size)
    page = html(client.get(f"/partners/{partner.id}/", headers=RU))
    assert words in text(page.select_one(".facts"))


def test_parents_hint_where_the_kind_is_chosen(client, auth):
    """Choosing volunteers brings the field's word on parents' communities under the kind."""
    response = client.get("/partners/kinds?sector=volunteers&subtype=", headers=HTMX)
    hints = html(response).select_one("#subtype-kinds")
    assert hints["hx-swap-oob"] == "true"
    assert "parents on childcare leave" in text(hints)
    response = client.get("/partners/kinds?sector=business&subtype=", headers=HTMX)
    assert text(html(response).select_one("#subtype-kinds")) == ""
    page = html(client.get(f"/partners/{factories.partner(sector=Sector.VOLUNTEERS).id}/edit"))
    assert "family and children's topics" in text(page.select_one("#subtype-kinds"))
    assert page.select_one("#subtype")["aria-describedby"] == "subtype-kinds"


def test_parents_hint_in_russian(client, auth):
    """The hint reads in Russian."""
    response = client.get("/partners/kinds?sector=volunteers&subtype=", headers=RU)
    assert "родители в декретном отпуске" in text(html(response).select_one("#subtype-kinds"))


def test_every_kind_hint_belongs_to_a_kind():
    """The hints are keyed by kinds, the parents' community among them."""
    assert Subtype.PARENTS in SUBTYPE_HINTS
    assert all(isinstance(kind, Subtype) for kind in SUBTYPE_HINTS)
