"""Hostile input into every form: never a 500, always escaped, explained beside the field.

Each form is described once (where it lives, valid data, its fields by kind, where what it
saves is shown); each test posts one hostile value into one field at a time, over valid data.
"""

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from planner.enums import Sector, Status
from planner.extensions import db
from planner.forms import clean_text
from planner.models import Organisation, Partnership, Project
from tests import factories
from tests.conftest import wipe

_seq = itertools.count(1)

HOSTILE_TEXT = {
    "10k": "x" * 10_000,
    "cyrillic": "Тёплый дом — Щедрость зимой",
    "rtl": "مرحبا بالعالم שלום עולם",
    "emoji": "🎉 👩‍👩‍👧 Warm 🏠",
    "script": "<script>alert(1)</script>",
    "img": '"><img src=x onerror=alert(1)>',
    "url-script": 'https://x.example/"><script>alert(1)</script>',
    "nul": "Nul\x00byte\x01\x07\x1b[31m and \x7f",
    "control-only": "\x00\x08\x1f",
    "blank": "  \t  ",
}
INVALID_EMAILS = [
    "not-an-email",
    "a@b",
    "@example.org",
    "user@@example.org",
    "user@exa mple.org",
    "user@example.org<script>",
]
INVALID_DATES = ["2024-02-30", "yesterday", "31/12/2024", "2024-13-01", "0000-01-01", "١٢-١٢"]
INVALID_CHOICES = ["bogus", "<script>alert(1)</script>", "NGO", "\x00", "99999999999999999999"]
INVALID_IDS = ["abc", "1.5", "", "-1", "99999999999999999999", "<b>1</b>", "\x00"]


@dataclass
class Case:
    """One form of the app, described for the hostile-input tests."""

    name: str
    url: Callable[[SimpleNamespace], str]
    data: Callable[[SimpleNamespace], dict]
    arrange: Callable[[SimpleNamespace], None] = lambda ctx: None
    who: str = "admin"  # admin (signed in), anonymous (a user exists), nobody (empty database)
    text: tuple[str, ...] = ()
    required: frozenset[str] = frozenset()
    emails: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    # Where a successful save shows what was saved; None: the page the form redirects to.
    shown: Callable[[SimpleNamespace, str], list[str]] | None = None
    # Rows a successful post may change: (table, primary key).
    targets: Callable[[SimpleNamespace], set] = lambda ctx: set()
    # Fields whose errors may stand for another field's (a failed sign-in names the password).
    general: tuple[str, ...] = ()
    saves: bool = True
    hidden: frozenset[str] = field(default_factory=lambda: frozenset({"password", "confirm"}))
    headers: dict = field(default_factory=dict)


def org_fields():
    return {
        "org_name": "Warm Home Foundation",
        "address": "1 Long Street",
        "website": "https://warmhome.example.org",
        "org_email": "office@warmhome.example.org",
        "signatory_name": "Anna Director",
        "signatory_title": "Director",
        "language": "en",
        "currency": "EUR",
    }


def new_person():
    n = next(_seq)
    return {
        "name": f"Person {n}",
        "email": f"person{n}@example.org",
        "password": "a long enough password",
        "confirm": "a long enough password",
    }


def project_fields(ctx, slug=""):
    return {
        "title": f"Project {next(_seq)}",
        "slug": slug,
        "summary": "Summary",
        "goal": "Goal",
        "target_group": "Pensioners",
        "territory": "Riga",
        "start_date": "2025-01-01",
        "end_date": "2025-12-31",
        "stage": "planning",
        "coordinator_id": str(ctx.user.id),
    }


def partner_fields():
    return {
        "name": f"Partner {next(_seq)}",
        "sector": "business",
        "subtype": "small_business",
        "legal_form": "legal_entity",
        "trust": "tried",
        "contact_person": "Ilze Ozola",
        "email": "ilze@bakers.example",
        "phone": "+371 2000 0000",
        "website": "https://bakers.example",
        "address": "Maiznieku iela 1",
        "notes": "Notes",
        "budget_month": "0",
    }


def partnership_fields(ctx):
    return {
        "support": ["material"],
        "need": "yes",
        "need_note": "Need note",
        "fit": "unsure",
        "fit_note": "Fit note",
        "motivation": "no",
        "motivation_note": "Motivation note",
        "responsible_id": str(ctx.user.id),
        "partner_contact": "Jānis",
    }


def arrange_project(ctx):
    ctx.project = factories.project(title="Saved project", coordinator=ctx.user)
    ctx.bystander = factories.project(title="Bystander")


def arrange_partner(ctx):
    ctx.partner = factories.partner(name="Saved partner", sector=Sector.NGO)
    ctx.bystander = factories.partner(name="Bystander")


def arrange_partnership(ctx):
    ctx.partnership = factories.partnership(by=ctx.user)
    ctx.bystander = factories.partnership(project=ctx.partnership.project)


def current_slug(ctx) -> str:
    return db.session.get(Project, ctx.project.id).slug


def attach_data(ctx):
    return {"partner_id": str(factories.partner().id), **partnership_fields(ctx)}


def newest_partnership(ctx, location):
    newest = db.session.scalar(sa.select(sa.func.max(Partnership.id)))
    return [f"/partnerships/{newest}/"]


PARTNERSHIP_TEXT = ("need_note", "fit_note", "motivation_note", "partner_contact")
PARTNERSHIP_CHOICES = ("support", "need", "fit", "motivation")
PROJECT_TEXT = ("title", "slug", "summary", "goal", "target_group", "territory")
PARTNER_TEXT = ("name", "contact_person", "email", "phone", "website", "address", "notes")
PARTNER_CHOICES = ("sector", "subtype", "legal_form", "trust")
ORG_TEXT = (
    "org_name",
    "address",
    "website",
    "org_email",
    "signatory_name",
    "signatory_title",
    "currency",
)

CASES = [
    Case(
        "setup",
        who="nobody",
        url=lambda ctx: "/setup",
        data=lambda ctx: {**org_fields(), **new_person()},
        text=(*ORG_TEXT, "name", "email", "password", "confirm"),
        required=frozenset({"org_name", "currency", "name", "email", "password"}),
        emails=("org_email", "email"),
        choices=("language",),
        shown=lambda ctx, location: ["/organisation/", "/organisation/users"],
    ),
    Case(
        "login",
        who="anonymous",
        url=lambda ctx: "/login",
        data=lambda ctx: {"email": ctx.user.email, "password": factories.PASSWORD},
        text=("email", "password"),
        required=frozenset({"email", "password"}),
        emails=("email",),
        general=("password",),
        saves=False,
    ),
    Case(
        "organisation profile",
        url=lambda ctx: "/organisation/",
        data=lambda ctx: org_fields(),
        text=ORG_TEXT,
        required=frozenset({"org_name", "currency"}),
        emails=("org_email",),
        choices=("language",),
        targets=lambda ctx: {("organisation", ctx.org.id)},
    ),
    Case(
        "users",
        url=lambda ctx: "/organisation/users",
        data=lambda ctx: new_person(),
        text=("name", "email", "password", "confirm"),
        required=frozenset({"name", "email", "password"}),
        emails=("email",),
    ),
    Case(
        "project new",
        url=lambda ctx: "/projects/new",
        data=project_fields,
        arrange=arrange_project,
        text=PROJECT_TEXT,
        required=frozenset({"title"}),
        dates=("start_date", "end_date"),
        choices=("stage",),
        ids=("coordinator_id",),
        hidden=frozenset({"slug"}),
    ),
    Case(
        "project edit",
        url=lambda ctx: f"/projects/{current_slug(ctx)}/edit",
        data=lambda ctx: project_fields(ctx, slug=current_slug(ctx)),
        arrange=arrange_project,
        text=PROJECT_TEXT,
        required=frozenset({"title"}),
        dates=("start_date", "end_date"),
        choices=("stage",),
        ids=("coordinator_id",),
        targets=lambda ctx: {("project", ctx.project.id)},
        hidden=frozenset({"slug"}),
    ),
    Case(
        "partner new",
        url=lambda ctx: "/partners/new",
        data=lambda ctx: partner_fields(),
        arrange=arrange_partner,
        text=PARTNER_TEXT,
        required=frozenset({"name"}),
        emails=("email",),
        choices=PARTNER_CHOICES,
        ids=("budget_month",),
    ),
    Case(
        "partner edit",
        url=lambda ctx: f"/partners/{ctx.partner.id}/edit",
        data=lambda ctx: partner_fields(),
        arrange=arrange_partner,
        text=PARTNER_TEXT,
        required=frozenset({"name"}),
        emails=("email",),
        choices=PARTNER_CHOICES,
        targets=lambda ctx: {("partner", ctx.partner.id)},
    ),
    Case(
        "attach",
        url=lambda ctx: f"/projects/{ctx.project.slug}/partnerships/new",
        data=attach_data,
        arrange=arrange_project,
        text=PARTNERSHIP_TEXT,
        choices=PARTNERSHIP_CHOICES,
        ids=("partner_id", "responsible_id"),
        shown=newest_partnership,
    ),
    Case(
        "partnership edit",
        url=lambda ctx: f"/partnerships/{ctx.partnership.id}/edit",
        data=partnership_fields,
        arrange=arrange_partnership,
        text=PARTNERSHIP_TEXT,
        choices=PARTNERSHIP_CHOICES,
        ids=("responsible_id",),
        targets=lambda ctx: {("partnership", ctx.partnership.id)},
    ),
    Case(
        "status",
        url=lambda ctx: f"/partnerships/{ctx.partnership.id}/status",
        data=lambda ctx: {"status": "contacted"},
        arrange=arrange_partnership,
        choices=("status",),
    ),
    Case(
        "budget line new",
        url=lambda ctx: f"/projects/{ctx.project.slug}/budget/lines/",
        data=lambda ctx: {"new-name": f"Line {next(_seq)}", "new-amount": "1500"},
        arrange=arrange_project,
        text=("new-name",),
        required=frozenset({"new-name"}),
    ),
    Case(
        "status (htmx)",
        url=lambda ctx: f"/partnerships/{ctx.partnership.id}/status",
        data=lambda ctx: {"status": "contacted"},
        arrange=arrange_partnership,
        choices=("status",),
        headers={"HX-Request": "true"},
    ),
]


# Fields with a filter of their own after the shared cleaning: what the form keeps.
OWN_FILTERS = {"currency": str.upper}


def kept(name: str, value: str) -> str:
    """What a text field holds after the shared cleaning and its own filters."""
    return OWN_FILTERS.get(name, str)(clean_text(value))


def cases_with(kind: str):
    return [pytest.param(case, id=case.name) for case in CASES if getattr(case, kind)]


# --- helpers --------------------------------------------------------------------------------


def brief(value) -> str:
    """A short repr for failure messages (the 10,000-character value would drown them)."""
    text = repr(value)
    return text if len(text) < 60 else f"{text[:50]}…({len(str(value))} chars)"


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def textarea(node) -> str:
    value = node.get_text()
    return value[2:] if value.startswith("\r\n") else value.removeprefix("\n")


def control(page, name: str):
    return page.select_one(f'main form [name="{name}"]')


def shown_value(node) -> str:
    return textarea(node) if node.name == "textarea" else node.get("value", "")


def visible(page, value: str) -> bool:
    """Whether a person sees `value` on the page, as text or in a form control."""
    if value in page.get_text():
        return True
    return any(shown_value(node) == value for node in page.select("input, textarea"))


# Counters that any write moves (cache keys), not data a person entered.
DERIVED = {"change_stamp", "login_failure"}  # failed sign-ins are counted on purpose


def snapshot() -> dict[str, dict]:
    """Every row of every table of entered data, by primary key."""
    rows = {}
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            if table.name in DERIVED:
                continue
            keys = [c.name for c in table.primary_key.columns]
            rows[table.name] = {
                tuple(row._mapping[k] for k in keys): tuple(row)
                for row in conn.execute(table.select())
            }
    return rows


def assert_harmless(page):
    """No injected script ran: no inline <script>, no event-handler attributes."""
    assert not page.select("script:not([src])"), "an inline <script> reached the page"
    handlers = [
        (tag.name, attr) for tag in page.find_all(True) for attr in tag.attrs if attr[:2] == "on"
    ]
    assert handlers == [], "an event handler attribute reached the page"


class Harness:
    """Signs in as the case needs, posts one changed field, and checks the outcome."""

    def __init__(self, case: Case, request):
        self.case = case
        self.app = request.getfixturevalue("app")
        self.ctx = SimpleNamespace()
        if case.who == "admin":
            request.getfixturevalue("auth")
        if case.who in ("admin", "anonymous"):
            self.ctx.user = request.getfixturevalue("user")
            self.ctx.org = db.session.scalars(sa.select(Organisation)).one()
        self.client = request.getfixturevalue("client")
        case.arrange(self.ctx)

    def fresh(self):
        """Start the setup form's post from an empty database and a new browser."""
        if self.case.who == "nobody":
            db.session.remove()
            wipe()
            self.client = self.app.test_client()

    def post(self, name: str, value) -> None:
        case = self.case
        self.fresh()
        url = case.url(self.ctx)
        data = case.data(self.ctx)
        data[name] = value
        if name == "password" and "confirm" in data:
            data["confirm"] = value
        before = snapshot()
        response = self.client.post(url, data=data, headers=case.headers)
        assert response.status_code in (200, 302), f"{name}={brief(value)}: {response.status_code}"
        assert_harmless(html(response))
        after = snapshot()
        if case.headers.get("HX-Request") or name == "status":
            self.check_refused_status(response, before, after)
        elif response.status_code == 302:
            self.check_saved(name, value, data, response, before, after)
        else:
            self.check_refused(name, value, data, html(response), before, after)

    def check_saved(self, name, value, data, response, before, after):
        case = self.case
        assert case.saves, f"{name}={brief(value)} was accepted"
        cleaned = kept(name, value)
        assert name not in case.required or cleaned, f"required {name} saved blank"
        for table, rows in before.items():
            for key, row in rows.items():
                assert key in after[table], f"{table} {key} was lost"
                if (table, *key) not in {(t, k) for t, k in case.targets(self.ctx)}:
                    assert after[table][key] == row, f"{table} {key} changed"
        if name in case.hidden or not cleaned:
            return
        urls = (case.shown or (lambda ctx, location: [location]))(
            self.ctx, response.headers["Location"]
        )
        pages = [html(self.client.get(url)) for url in urls]
        for page in pages:
            assert_harmless(page)
        assert any(visible(page, cleaned) for page in pages), f"saved {name} is not shown"

    def check_refused(self, name, value, data, page, before, after):
        case = self.case
        assert after == before, f"{name}={brief(value)} changed the database though refused"
        errors = page.select(".error")
        assert errors, f"{name}={brief(value)} was refused without a message"
        for error in errors:
            assert error.find_parent(class_="field"), "an error stands apart from its field"
        beside = {error.find_parent(class_="field").get("id") for error in errors}
        allowed = {f"{f}-field" for f in (name, *case.general)}
        if name == "password":
            allowed.add("confirm-field")
        assert beside & allowed, f"{name}={brief(value)}: errors beside {beside}, not {allowed}"
        assert beside <= allowed, f"{name}={brief(value)}: unrelated errors beside {beside}"
        for text_field in case.text:
            node = control(page, text_field)
            assert node is not None, f"{text_field} vanished from the form"
            if text_field in ("password", "confirm"):
                assert not node.get("value"), "a password was sent back to the browser"
            else:
                assert shown_value(node) == kept(text_field, data[text_field]), f"{text_field} lost"
        for date_field in case.dates:
            assert control(page, date_field)["value"] == data[date_field], f"{date_field} lost"

    def check_refused_status(self, response, before, after):
        assert after == before, "an invalid status changed the database"
        if self.case.headers.get("HX-Request"):
            page = html(response)
            assert page.select_one("#board")
            assert page.select_one(f"#partnership-{self.ctx.partnership.id}")
        else:
            page = html(self.client.get(response.headers["Location"]))
            flashes = [p.get_text(strip=True) for p in page.select(".flash")]
            assert flashes == ["That status is not one a partnership can have."]
        assert db.session.get(Partnership, self.ctx.partnership.id).status is Status.CANDIDATE


# --- the tests ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", HOSTILE_TEXT.values(), ids=HOSTILE_TEXT.keys())
@pytest.mark.parametrize("case", cases_with("text"))
def test_hostile_text_in_every_text_field(request, case, value):
    """Odd, huge or hostile text is saved escaped or refused beside its field; never a 500."""
    harness = Harness(case, request)
    for name in case.text:
        harness.post(name, value)


@pytest.mark.parametrize("value", INVALID_EMAILS)
@pytest.mark.parametrize("case", cases_with("emails"))
def test_invalid_emails_are_refused_beside_the_field(request, case, value):
    """An address that is not an email is explained beside the email field."""
    harness = Harness(case, request)
    for name in case.emails:
        harness.post(name, value)


@pytest.mark.parametrize("value", INVALID_DATES)
@pytest.mark.parametrize("case", cases_with("dates"))
def test_invalid_dates_are_refused_beside_the_field(request, case, value):
    """A date that does not exist is explained beside its field, and the typed text kept."""
    harness = Harness(case, request)
    for name in case.dates:
        harness.post(name, value)


@pytest.mark.parametrize("value", INVALID_CHOICES)
@pytest.mark.parametrize("case", cases_with("choices"))
def test_invalid_choices_are_refused(request, case, value):
    """A value no select, radio or checkbox offers is refused and changes nothing."""
    harness = Harness(case, request)
    for name in case.choices:
        harness.post(name, [value] if name == "support" else value)


@pytest.mark.parametrize("value", INVALID_IDS)
@pytest.mark.parametrize("case", cases_with("ids"))
def test_non_numeric_ids_in_selects_are_refused(request, case, value):
    """A person or partner select with a made-up or non-numeric id is refused beside it."""
    harness = Harness(case, request)
    for name in case.ids:
        harness.post(name, value)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2024-02-29"])
def test_extreme_but_real_dates_are_saved(client, auth, user, day):
    """The first and last dates a calendar has are saved and shown, not a server error."""
    response = client.post(
        "/projects/new", data={"title": "Timeless", "start_date": day, "end_date": day}
    )
    assert response.status_code == 302
    page = html(client.get(response.headers["Location"]))
    assert page.select_one("h1").get_text(strip=True) == "Timeless"
    assert html(client.get("/")).select_one("table.list")


@pytest.mark.parametrize(
    "url",
    [
        "/partners/?page=99999999999999999999",
        "/partners/?page=-5",
        "/partners/?page=abc",
        "/partners/?q=%00%01",
        "/partners/?q=" + "%" * 5000,
        "/partners/new?sector=%00",
        "/projects/?archived=%00",
        "/projects/%00/",
        "/projects/%00/edit",
        "/projects/%00/partnerships/new",
        "/projects/x/partnerships/new?partner=99999999999999999999",
        "/login?next=%00",
    ],
)
def test_hostile_query_strings_and_paths_are_not_server_errors(client, auth, url):
    """Odd query strings and paths give a page or a 404, never a 500."""
    factories.partner()
    factories.project(slug="x")
    response = client.get(url)
    assert response.status_code in (200, 302, 404)
    assert_harmless(html(response))


def test_hostile_search_is_shown_back_escaped(client, auth):
    """A search for markup is shown back in the search box as text, not run."""
    response = client.get("/partners/", query_string={"q": '"><img src=x onerror=alert(1)>'})
    page = html(response)
    assert_harmless(page)
    assert page.select_one("#q")["value"] == '"><img src=x onerror=alert(1)>'
