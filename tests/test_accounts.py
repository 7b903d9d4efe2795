"""Accounts and sessions: the account page, password change and reset links, deactivation,
admin roles, the password rule, and signed cookies that stop working when a session ends."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from planner.auth.accounts import token_hash
from planner.extensions import db
from planner.models import User, now
from tests import factories

RUSSIAN = {"Accept-Language": "ru"}
NEW = "a brand new passphrase"


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def flashes(page: BeautifulSoup) -> list[str]:
    return [p.get_text(strip=True) for p in page.select(".flash")]


def error(page: BeautifulSoup, field: str) -> str | None:
    found = page.select_one(f"#{field}-error")
    return found.get_text(strip=True) if found else None


def signed_in(client) -> bool:
    """Whether the client's cookie still opens the dashboard."""
    return client.get("/").status_code == 200


def sign_in(app, email: str, password: str = factories.PASSWORD, address: str = "127.0.0.1"):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    client.post("/login", data={"email": email, "password": password})
    return client


def reload(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


# --- sessions that can end -------------------------------------------------------------------


def test_an_old_cookie_is_refused_after_logout(app, client, auth):
    """A copy of the session cookie taken before signing out no longer opens any page."""
    assert signed_in(client)
    stolen = client.get_cookie("session").value
    auth.logout()
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    response = replay.get("/")
    assert response.status_code == 302
    assert urlsplit(response.location).path == "/login"
    assert replay.get("/organisation/users").status_code == 302


def test_sign_out_everywhere_ends_every_session(app, client, auth, user):
    """ "Sign out everywhere" on the account page signs out this browser and every other."""
    laptop = sign_in(app, user.email)
    assert signed_in(laptop)
    page = html(client.get("/account"))
    button = page.select_one("#sessions button[type=submit]")
    assert button.get_text(strip=True) == "Sign out everywhere"
    response = client.post("/account/sign-out-everywhere")
    assert urlsplit(response.location).path == "/login"
    assert flashes(html(client.get("/login"))) == ["You are signed out on every device."]
    assert not signed_in(client)
    assert not signed_in(laptop)
    assert signed_in(sign_in(app, user.email))  # the password still works


def test_header_links_to_the_account_page(client, auth, user):
    """The signed-in person's name in the header opens their account page."""
    link = html(client.get("/")).select_one("header a.who")
    assert link.get_text(strip=True) == user.name
    assert link["href"] == "/account"
    page = html(client.get("/account"))
    assert page.select_one("h1").get_text() == "Your account"
    assert page.select_one("#email")["value"] == user.email


def test_account_page_saves_name_email_and_language(client, auth, user):
    """A person renames themselves, changes their email and picks Russian for the interface."""
    response = client.post(
        "/account", data={"name": "Anna K.", "email": "Anna.K@Example.org", "language": "ru"}
    )
    assert response.status_code == 302
    page = html(client.get("/account"))
    assert page.select_one("h1").get_text() == "Ваша учётная запись"
    assert flashes(page) == ["Учётная запись сохранена."]
    me = reload(user)
    assert (me.name, me.email, me.language) == ("Anna K.", "anna.k@example.org", "ru")


def test_account_email_cannot_take_someone_elses(client, auth):
    """An email that belongs to another account is refused beside the field."""
    factories.user(email="taken@example.org")
    page = html(client.post("/account", data={"name": "A", "email": "taken@example.org"}))
    assert error(page, "email") == "There is already an account with this email."


def test_password_change_needs_the_current_one_and_ends_other_sessions(app, client, auth, user):
    """A new password needs the current one; then other browsers are signed out, this one
    stays, and only the new password signs in."""
    phone = sign_in(app, user.email)
    wrong = client.post(
        "/account/password", data={"current": "not my password", "password": NEW, "confirm": NEW}
    )
    assert wrong.status_code == 400
    assert error(html(wrong), "current") == "That is not your current password."
    assert signed_in(phone)

    response = client.post(
        "/account/password",
        data={"current": factories.PASSWORD, "password": NEW, "confirm": NEW},
    )
    assert response.status_code == 302
    assert flashes(html(client.get("/account"))) == [
        "Your password is changed. You are signed out everywhere else."
    ]
    assert signed_in(client)
    assert not signed_in(phone)
    assert not signed_in(sign_in(app, user.email))
    assert signed_in(sign_in(app, user.email, NEW))


# --- the password rule ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("aaaaaaaaaa", "This password repeats one or two characters; use more different ones."),
        (
            "qwertyuiop",
            "This is one of the most common passwords; choose one that is harder to guess.",
        ),
        (
            "Password123",
            "This is one of the most common passwords; choose one that is harder to guess.",
        ),
        ("short", "Use at least 10 characters."),
        ("nina@example.org", "The password must not be your name or email."),
        ("Nina Newcomer", "The password must not be your name or email."),
    ],
)
def test_weak_passwords_are_refused_beside_the_field(client, auth, password, message):
    """Adding a coordinator with a weak password shows why beside the password field."""
    data = {"name": "Nina Newcomer", "email": "nina@example.org"}
    page = html(
        client.post("/organisation/users", data=data | {"password": password, "confirm": password})
    )
    assert error(page, "password") == message
    assert db.session.scalar(sa.select(User).where(User.email == "nina@example.org")) is None


def test_weak_password_is_refused_in_russian_on_the_account_page(client, auth, user):
    """The account page refuses a common password with the reason in Russian."""
    user.language = "ru"
    db.session.commit()
    page = html(
        client.post(
            "/account/password",
            data={"current": factories.PASSWORD, "password": "1234567890", "confirm": "1234567890"},
        )
    )
    assert error(page, "password") == (
        "Это один из самых частых паролей; выберите тот, что труднее угадать."
    )
    assert page.select_one("h2#password-h").get_text() == "Смена пароля"


def test_set_up_refuses_a_repeated_character_password(client):
    """The first admin's password on the set-up page obeys the same rule."""
    page = html(
        client.post(
            "/setup",
            data={
                "org_name": "Org",
                "currency": "EUR",
                "language": "en",
                "name": "Ann",
                "email": "ann@example.org",
                "password": "aaaaaaaaaa",
                "confirm": "aaaaaaaaaa",
            },
        )
    )
    assert error(page, "password") == (
        "This password repeats one or two characters; use more different ones."
    )


def test_cli_refuses_a_common_password(runner, app):
    """`planner user create` refuses a common password, creating nothing."""
    result = runner.invoke(
        args=["user", "create", "c@example.org", "--password-stdin"], input="qwertyuiop\n"
    )
    assert result.exit_code == 1
    assert "common passwords" in result.output
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


def test_cli_gives_a_locked_out_admin_a_new_password(runner, app, user):
    """`planner user password` sets a new password, reactivates, and ends old sessions."""
    client = sign_in(app, user.email)
    user.deactivated_at = now()
    db.session.commit()
    result = runner.invoke(
        args=["user", "password", user.email, "--password-stdin"], input=f"{NEW}\n"
    )
    assert result.exit_code == 0, result.output
    assert not signed_in(client)
    assert signed_in(sign_in(app, user.email, NEW))


# --- the admin's users screen ---------------------------------------------------------------


def people(client) -> dict[str, list[str]]:
    page = html(client.get("/organisation/users"))
    return {
        tr.select_one("td.email").get_text(strip=True): [
            b.get_text(strip=True) for b in tr.select("button")
        ]
        for tr in page.select("tbody tr")
    }


def test_reset_link_works_once(app, client, auth):
    """An admin makes a password link, shown once; it sets a new password once, ends the
    person's sessions, and then says it no longer works."""
    nina = factories.user(email="nina@example.org", name="Nina")
    ninas_phone = sign_in(app, nina.email)
    page = html(client.post(f"/organisation/users/{nina.id}/reset-link"))
    url = urlsplit(page.select_one("#reset-url")["value"]).path
    token = url.rsplit("/", 1)[1]
    assert re.fullmatch(r"/reset/[A-Za-z0-9_-]{40,}", url)
    assert reload(nina).reset_token_hash == token_hash(token)
    assert token not in html(client.get("/organisation/users")).text  # shown once

    anonymous = app.test_client()
    form = html(anonymous.get(url))
    assert form.select_one("h1").get_text() == "Set a new password"
    weak = anonymous.post(url, data={"password": "aaaaaaaaaa", "confirm": "aaaaaaaaaa"})
    assert error(html(weak), "password") is not None
    response = anonymous.post(url, data={"password": NEW, "confirm": NEW})
    assert urlsplit(response.location).path == "/"
    assert signed_in(anonymous)
    assert not signed_in(ninas_phone)

    again = app.test_client().get(url)
    assert again.status_code == 404
    assert html(again).select_one("h1").get_text() == "This link no longer works"
    assert (
        app.test_client().post(url, data={"password": "x" * 12, "confirm": "x" * 12}).status_code
        == 404
    )
    assert signed_in(sign_in(app, nina.email, NEW))


def test_an_expired_reset_link_does_not_work(app, client, auth):
    """A password link is refused once its 24 hours are over."""
    nina = factories.user(email="nina@example.org")
    page = html(client.post(f"/organisation/users/{nina.id}/reset-link"))
    url = urlsplit(page.select_one("#reset-url")["value"]).path
    nina = reload(nina)
    assert timedelta(hours=23) < nina.reset_expires_at - now() <= timedelta(hours=24)
    nina.reset_expires_at = now() - timedelta(minutes=1)
    db.session.commit()
    assert app.test_client().get(url).status_code == 404


def test_deactivated_user_is_signed_out_and_refused(app, client, auth):
    """Deactivating a coordinator ends their sessions and refuses their sign-in; they stay
    listed, and reactivating lets them in again."""
    nina = factories.user(email="nina@example.org", name="Nina")
    ninas = sign_in(app, nina.email)
    assert signed_in(ninas)
    response = client.post(f"/organisation/users/{nina.id}/active", data={"active": "0"})
    assert response.status_code == 302
    assert flashes(html(client.get("/organisation/users"))) == [
        "Nina is deactivated and signed out."
    ]
    assert not signed_in(ninas)
    refused = app.test_client()
    page = html(refused.post("/login", data={"email": nina.email, "password": factories.PASSWORD}))
    assert error(page, "password") == (
        "This account is deactivated. Ask an administrator to reactivate it."
    )
    assert not signed_in(refused)
    assert people(client)["nina@example.org"] == ["Reactivate"]

    client.post(f"/organisation/users/{nina.id}/active", data={"active": "1"})
    assert signed_in(sign_in(app, nina.email))


def test_a_deactivated_user_is_offered_only_where_already_chosen(client, auth):
    """A deactivated coordinator is not offered for new projects or partnerships, but a
    project they coordinate keeps them when its form is saved."""
    nina = factories.user(email="nina@example.org", name="Nina")
    kept = factories.project(title="Winter Warmth", slug="winter-warmth", coordinator_id=nina.id)
    client.post(f"/organisation/users/{nina.id}/active", data={"active": "0"})

    def offered(url: str, field: str) -> list[str]:
        return [o.get_text(strip=True) for o in html(client.get(url)).select(f"#{field} option")]

    assert "Nina" not in offered("/projects/new", "coordinator_id")
    assert "Nina" not in offered(f"/projects/{kept.slug}/partnerships/new", "responsible_id")
    assert "Nina" in offered(f"/projects/{kept.slug}/edit", "coordinator_id")


def test_admin_promotes_and_demotes(app, client, auth):
    """An admin makes a coordinator an administrator, and back."""
    nina = factories.user(email="nina@example.org", name="Nina")
    client.post(f"/organisation/users/{nina.id}/role", data={"admin": "1"})
    assert reload(nina).is_admin
    assert "Make a coordinator" in people(client)["nina@example.org"]
    client.post(f"/organisation/users/{nina.id}/role", data={"admin": "0"})
    assert not reload(nina).is_admin


def test_the_last_active_admin_cannot_remove_themselves(app, client, auth, user):
    """The only active admin can neither demote nor deactivate themselves: a clear message
    says why. With a second admin, they can."""
    message = "You are the only active administrator. Make someone else an administrator first."
    for url, data in [("role", {"admin": "0"}), ("active", {"active": "0"})]:
        client.post(f"/organisation/users/{user.id}/{url}", data=data)
        assert flashes(html(client.get("/organisation/users"))) == [message]
        me = reload(user)
        assert me.is_admin and me.is_active
    # A deactivated admin does not count as a second one.
    other = factories.user(email="gone@example.org", admin=True)
    other.deactivated_at = now()
    db.session.commit()
    client.post(f"/organisation/users/{user.id}/role", data={"admin": "0"})
    assert reload(user).is_admin

    factories.user(email="second@example.org", admin=True)
    client.post(f"/organisation/users/{user.id}/role", data={"admin": "0"})
    assert not reload(user).is_admin


def test_a_coordinator_cannot_manage_users(app, user):
    """Resetting, deactivating and promoting are for admins only."""
    nina = factories.user(email="nina@example.org")
    coordinator = sign_in(app, nina.email)
    for url in ("reset-link", "active", "role"):
        assert (
            coordinator.post(
                f"/organisation/users/{user.id}/{url}", data={"admin": "1", "active": "0"}
            ).status_code
            == 403
        )
    assert reload(user).is_admin and reload(user).is_active
    assert "Deactivate" not in coordinator.get("/organisation/users").text


def test_users_screen_in_russian(client, auth, user):
    """The users screen's actions and the shown-once link speak Russian."""
    user.language = "ru"
    db.session.commit()
    nina = factories.user(email="nina@example.org", name="Нина")
    page = html(client.post(f"/organisation/users/{nina.id}/reset-link"))
    assert page.select_one(".shown-once h2").get_text() == "Ссылка для смены пароля: Нина"
    assert people(client)["nina@example.org"] == [
        "Создать ссылку для смены пароля",
        "Сделать администратором",
        "Отключить",
    ]


def test_password_link_page_in_russian(app, client, auth):
    """The page a password link opens speaks the person's language, and so does its end."""
    nina = factories.user(email="nina@example.org", name="Нина")
    nina.language = "ru"
    db.session.commit()
    page = html(client.post(f"/organisation/users/{nina.id}/reset-link"))
    url = urlsplit(page.select_one("#reset-url")["value"]).path
    anonymous = app.test_client()
    page = html(anonymous.get(url, headers=RUSSIAN))
    assert page.select_one("h1").get_text() == "Задайте новый пароль"
    assert page.select_one("main button[type=submit]").get_text() == "Сохранить пароль"
    page = html(anonymous.post(url, data={"password": "x", "confirm": "x"}, headers=RUSSIAN))
    assert error(page, "password") == "Не меньше 10 символов."
    anonymous.post(url, data={"password": NEW, "confirm": NEW})
    page = html(app.test_client().get(url, headers=RUSSIAN))
    assert page.select_one("h1").get_text() == "Ссылка больше не действует"


def test_a_sign_in_lasts_fourteen_days(app, user):
    """The session cookie expires 14 days after signing in, not 31."""
    from email.utils import parsedate_to_datetime

    response = app.test_client().post(
        "/login", data={"email": user.email, "password": factories.PASSWORD}
    )
    cookie = response.headers["Set-Cookie"]
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", cookie).group(1))
    left = expires.replace(tzinfo=None) - now()
    assert timedelta(days=13, hours=23) < left <= timedelta(days=14, minutes=1)
