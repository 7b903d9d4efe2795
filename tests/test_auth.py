"""Sign-in, first-run setup, the login guard on every view, CSRF, and admin-only screens."""

import json
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from werkzeug.routing.converters import AnyConverter, NumberConverter, UUIDConverter

from planner.enums import Status
from planner.extensions import db
from planner.models import Organisation, Partnership, Project, StatusChange, User
from tests import factories

SETUP = {
    "org_name": "Warm Home Foundation",
    "address": "1 Long Street\nRiga",
    "website": "https://warmhome.example.org",
    "org_email": "office@warmhome.example.org",
    "signatory_name": "Anna Director",
    "signatory_title": "Director",
    "language": "en",
    "currency": "eur",
    "name": "Anna Admin",
    "email": "Anna@Example.org",
    "password": "a long enough password",
    "confirm": "a long enough password",
}


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def location(response) -> str:
    return response.headers["Location"]


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def signed_in_as(client) -> str | None:
    """The name the top bar shows, or None when nobody is signed in."""
    response = client.get("/")
    if response.status_code != 200:
        return None
    who = html(response).select_one("header .who")
    return who.get_text(strip=True) if who else None


# --- first-run setup ---------------------------------------------------------------------


def test_empty_database_sends_every_page_to_setup(client):
    """Before anyone exists, the dashboard and the login page lead to the setup page."""
    assert urlsplit(location(client.get("/"))).path == "/setup"
    assert urlsplit(location(client.get("/login"))).path == "/setup"
    page = html(client.get("/setup"))
    assert page.select_one("h1").get_text(strip=True) == "Welcome to Partnership Planner"


def test_setup_creates_the_organisation_and_an_admin_and_signs_in(client):
    """Setup saves the organisation's profile, creates its first admin and signs them in."""
    response = client.post("/setup", data=SETUP)
    assert response.status_code == 302
    assert location(response) == "/"
    org = db.session.scalars(sa.select(Organisation)).one()
    assert (org.name, org.currency, org.website) == (
        "Warm Home Foundation",
        "EUR",
        "https://warmhome.example.org",
    )
    admin = db.session.scalars(sa.select(User)).one()
    assert (admin.email, admin.name, admin.is_admin) == ("anna@example.org", "Anna Admin", True)
    assert admin.password_hash != SETUP["password"]
    assert signed_in_as(client) == "Anna Admin"


@pytest.mark.real_password_hashing
def test_passwords_are_stored_with_scrypt_and_sign_in(client):
    """Production hashing: the setup stores an scrypt hash, never the password, and it signs in."""
    client.post("/setup", data=SETUP)
    admin = db.session.scalars(sa.select(User)).one()
    assert admin.password_hash.startswith("scrypt:")
    assert SETUP["password"] not in admin.password_hash
    client.post("/logout")
    client.post("/login", data={"email": SETUP["email"], "password": SETUP["password"]})
    assert signed_in_as(client) == "Anna Admin"


def test_setup_errors_are_shown_beside_their_fields(client):
    """A bad setup form saves nothing and explains each problem beside its field."""
    response = client.post("/setup", data={**SETUP, "confirm": "something else", "currency": "€"})
    assert response.status_code == 200
    page = html(response)
    assert page.select_one("#confirm-field .error").get_text(strip=True) == (
        "The two passwords differ."
    )
    assert "three-letter code" in page.select_one("#currency-field .error").get_text()
    assert page.select_one("#org_name")["value"] == SETUP["org_name"]
    assert count(User) == 0
    assert count(Organisation) == 0


def test_setup_is_refused_once_a_user_exists(client, user):
    """After the first account exists, /setup cannot create another admin or organisation."""
    assert urlsplit(location(client.get("/setup"))).path == "/login"
    response = client.post("/setup", data={**SETUP, "email": "intruder@example.org"})
    assert response.status_code == 302
    assert urlsplit(location(response)).path == "/login"
    assert count(User) == 1
    assert count(Organisation) == 1
    assert signed_in_as(client) is None


# --- sign in and out ---------------------------------------------------------------------


def test_login_signs_in_and_logout_signs_out(client, user):
    """The right email and password sign in; signing out ends the session."""
    response = client.post(
        "/login", data={"email": "ADMIN@example.org ", "password": factories.PASSWORD}
    )
    assert location(response) == "/"
    assert signed_in_as(client) == user.name
    response = client.post("/logout")
    assert urlsplit(location(response)).path == "/login"
    page = html(client.get(location(response)))
    assert [p.get_text(strip=True) for p in page.select(".flash")] == ["You are signed out."]
    assert signed_in_as(client) is None


@pytest.mark.parametrize(
    ("email", "password"),
    [("admin@example.org", "wrong password!"), ("nobody@example.org", factories.PASSWORD)],
)
def test_wrong_password_is_explained_beside_the_password(client, user, email, password):
    """A failed sign-in says so beside the password field and keeps the typed email."""
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 200
    page = html(response)
    assert page.select_one("#password-field .error").get_text(strip=True) == (
        "That email and password do not match an account."
    )
    assert page.select_one("#email")["value"] == email
    assert not page.select_one("#password").get("value")
    assert signed_in_as(client) is None


def test_anonymous_visitor_returns_to_the_page_asked_for(client, user):
    """The guard remembers the page, and signing in goes back to it."""
    response = client.get("/projects/?archived=1")
    parts = urlsplit(location(response))
    assert parts.path == "/login"
    target = parse_qs(parts.query)["next"][0]
    assert target == "/projects/?archived=1"
    response = client.post(
        location(response), data={"email": user.email, "password": factories.PASSWORD}
    )
    assert location(response) == "/projects/?archived=1"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "http:/evil.example",
        "//evil.example/",
        "///evil.example/",
        "////evil.example/",
        "/\\evil.example/",
        "\\\\evil.example/",
        "/\t/evil.example/",
        "javascript:alert(1)",
        "evil.example",
        " //evil.example",
    ],
)
def test_next_never_leads_to_another_site(client, user, target):
    """`next` is followed only to a path on this site; anything else goes to the dashboard."""
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": user.email, "password": factories.PASSWORD},
    )
    assert response.status_code == 302
    assert location(response) == "/"


# --- every view needs a signed-in user ---------------------------------------------------


def dummy(rule, argument):
    converter = rule._converters[argument]
    if isinstance(converter, NumberConverter):
        return 1
    if isinstance(converter, UUIDConverter):
        return uuid.UUID(int=1)
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[0]
    return "x"


def guarded_rules(app):
    """Every URL rule that should need a signed-in user."""
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if rule.endpoint == "static" or rule.rule in ("/login", "/setup"):
            continue
        if getattr(view, "public", False):
            continue
        yield rule


def test_every_view_redirects_anonymous_visitors_to_login(app, client, user):
    """Walking the URL map: every non-public rule sends an anonymous visitor to sign in."""
    adapter = app.url_map.bind("localhost")
    checked = set()
    for rule in guarded_rules(app):
        method = "GET" if "GET" in rule.methods else "POST"
        url = adapter.build(
            rule.endpoint, {a: dummy(rule, a) for a in rule.arguments}, method=method
        )
        response = client.open(url, method=method)
        assert response.status_code == 302, f"{method} {url} answered {response.status_code}"
        assert urlsplit(location(response)).path == "/login", f"{method} {url}"
        checked.add(rule.endpoint)
    # The walk really covers the app (a broken walk would pass vacuously).
    assert {
        "dashboard.index",
        "auth.logout",
        "organisation.profile",
        "organisation.users",
        "projects.create",
        "projects.restore",
        "partners.detail",
        "partnerships.set_status",
        "partnerships.delete",
    } <= checked


def test_anonymous_post_changes_nothing(client, user):
    """A signed-out POST to a form is redirected to sign in and saves nothing."""
    response = client.post("/projects/new", data={"title": "Sneaky"})
    assert urlsplit(location(response)).path == "/login"
    assert count(Project) == 0


# --- CSRF --------------------------------------------------------------------------------


@pytest.fixture
def csrf(app, auth):
    """Turn CSRF protection on, as in production, for a signed-in client."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def test_post_without_csrf_token_is_refused(client, csrf):
    """With CSRF on, a form POST without its token gets 400 and creates nothing."""
    response = client.post("/projects/new", data={"title": "Forged"})
    assert response.status_code == 400
    assert html(response).select_one("h1").get_text(strip=True) == "Bad Request"
    assert count(Project) == 0


def test_status_change_without_csrf_token_is_refused(client, csrf, user):
    """A forged status change (even one claiming to be htmx) gets 400 and changes nothing."""
    partnership = factories.partnership()
    response = client.post(
        f"/partnerships/{partnership.id}/status",
        data={"status": "active"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Partnership, partnership.id).status is Status.CANDIDATE
    assert count(StatusChange) == 1


def test_htmx_post_with_csrf_header_works(client, csrf, user):
    """htmx sends the page's token in X-CSRFToken, and that is accepted."""
    partnership = factories.partnership(by=user)
    page = html(client.get(f"/projects/{partnership.project.slug}/"))
    token = json.loads(page.body["hx-headers"])["X-CSRFToken"]
    response = client.post(
        f"/partnerships/{partnership.id}/status",
        data={"status": "contacted"},
        headers={"HX-Request": "true", "X-CSRFToken": token},
    )
    assert response.status_code == 200
    board = html(response)
    assert board.select_one("#board .status-contacted #partnership-" + str(partnership.id))
    db.session.expire_all()
    assert db.session.get(Partnership, partnership.id).status is Status.CONTACTED


def test_form_post_with_its_csrf_token_works(client, csrf):
    """The token the form carries lets the real form through."""
    page = html(client.get("/projects/new"))
    token = page.select_one("form input[name=csrf_token]")["value"]
    response = client.post("/projects/new", data={"csrf_token": token, "title": "Real"})
    assert response.status_code == 302
    assert count(Project) == 1


# --- admin-only screens -------------------------------------------------------------------


@pytest.fixture
def coordinator(client, user):
    """Sign the client in as a coordinator who is not an admin."""
    person = factories.user(email="coordinator@example.org", name="Cora Coordinator")
    client.post("/login", data={"email": person.email, "password": factories.PASSWORD})
    return person


NEW_USER = {
    "name": "Nina New",
    "email": "nina@example.org",
    "password": "another long password",
    "confirm": "another long password",
}


def test_coordinator_cannot_add_users(client, coordinator):
    """A coordinator gets 403 when adding an account, and no account is created."""
    page = html(client.get("/organisation/users"))
    assert not page.select("form input[name=confirm]")
    response = client.post("/organisation/users", data=NEW_USER)
    assert response.status_code == 403
    assert count(User) == 2


def test_coordinator_cannot_probe_accounts_through_the_user_form(client, coordinator):
    """A coordinator's invalid POST is refused before validation, so it reveals nothing."""
    response = client.post("/organisation/users", data={**NEW_USER, "email": "admin@example.org"})
    assert response.status_code == 403
    assert not html(response).select(".error")


def test_coordinator_cannot_edit_the_organisation_profile(client, coordinator):
    """A coordinator sees the profile read-only and gets 403 when posting it."""
    page = html(client.get("/organisation/"))
    assert not page.select("main form button[type=submit]")
    response = client.post(
        "/organisation/", data={"org_name": "Hijacked", "language": "en", "currency": "USD"}
    )
    assert response.status_code == 403
    db.session.expire_all()
    org = db.session.scalars(sa.select(Organisation)).one()
    assert (org.name, org.currency) == ("Warm Home Foundation", "EUR")


def test_admin_edits_the_organisation_profile(client, auth):
    """An admin saves the profile and sees it filled in again."""
    response = client.post(
        "/organisation/",
        data={"org_name": "Warm Home", "language": "ru", "currency": "usd", "website": ""},
    )
    assert response.status_code == 302
    page = html(client.get("/organisation/"))
    assert page.select_one("#org_name")["value"] == "Warm Home"
    assert page.select_one("#currency")["value"] == "USD"
    assert page.select_one("#language option[selected]")["value"] == "ru"


def test_admin_adds_a_coordinator_who_can_then_sign_in(client, auth):
    """An admin adds a coordinator; that person signs in and is not an admin."""
    response = client.post("/organisation/users", data=NEW_USER)
    assert response.status_code == 302
    page = html(client.get(location(response)))
    rows = [
        [td.get_text(strip=True) for td in tr.select("td")][:3] for tr in page.select("tbody tr")
    ]
    assert ["Nina New", "nina@example.org", "Coordinator"] in rows
    auth.logout()
    auth.login(email="nina@example.org", password=NEW_USER["password"])
    assert signed_in_as(client) == "Nina New"
    assert client.get("/organisation/users").status_code == 200
    assert client.post("/organisation/users", data=NEW_USER).status_code == 403


def test_admin_cannot_add_the_same_email_twice(client, auth):
    """A duplicate email is explained beside the email field and creates nothing."""
    response = client.post("/organisation/users", data={**NEW_USER, "email": "ADMIN@example.org"})
    assert response.status_code == 200
    page = html(response)
    assert page.select_one("#email-field .error").get_text(strip=True) == (
        "There is already an account with this email."
    )
    assert page.select_one("#email")["value"] == "ADMIN@example.org"
    assert count(User) == 1


def test_profile_keeps_the_town_and_the_names_in_the_other_language(client, auth):
    """The profile asks for the town letters are signed in and, under the organisation's other
    language, its name, address and town in that language; all are saved and shown again."""
    page = html(client.get("/organisation/"))
    assert page.select_one("label[for=language]").get_text(strip=True) == (
        "Language of the public site and letters"
    )
    assert page.select_one("fieldset legend").get_text(strip=True) == "In Russian"
    response = client.post(
        "/organisation/",
        data={
            "org_name": "Warm Home",
            "place": "Riga",
            "name_translated": "Тёплый дом",
            "address_translated": "Рига, ул. Бривибас, 1",
            "place_translated": "Рига",
            "language": "en",
            "currency": "EUR",
        },
    )
    page = html(client.get(location(response)))
    assert [p.get_text(strip=True) for p in page.select(".flash")] == [
        "The organisation's profile is saved."
    ]
    org = db.session.scalars(sa.select(Organisation)).one()
    assert (org.place, org.name_translated, org.place_translated) == ("Riga", "Тёплый дом", "Рига")
    assert org.address_translated == "Рига, ул. Бривибас, 1"
    assert page.select_one("#place_translated")["value"] == "Рига"
    assert page.select_one("#address_translated").get_text().strip() == "Рига, ул. Бривибас, 1"


def test_too_long_a_name_is_refused_with_the_limit(client, auth):
    """A name beyond the field's length is refused with the limit, written as a number."""
    response = client.post(
        "/organisation/", data={"org_name": "x" * 201, "language": "en", "currency": "EUR"}
    )
    page = html(response)
    assert page.select_one("#org_name-error").get_text(strip=True) == (
        "Keep this under 200 characters."
    )
    assert page.select_one(".error-summary").get_text(strip=True) == (
        "Please correct the field marked below; nothing you typed was lost."
    )
