"""Sign-in throttling: five failures lock an account and an address for 15 minutes, in the
database (so every server process sees it); a right password clears the account's count;
an unknown e-mail takes as long as a known one."""

import statistics
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask_babel import force_locale

from planner.auth.routes import locked_message
from planner.auth.throttle import record_failure
from planner.extensions import db
from planner.models import LoginFailure, now
from tests import factories

LOCKED = "Too many failed sign-ins. Try again in 15 minutes."


def attempt(app, email: str, password: str, address: str = "10.0.0.1", headers=None):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    response = client.post(
        "/login", data={"email": email, "password": password}, headers=headers or {}
    )
    return client, response


def password_error(response) -> str | None:
    found = BeautifulSoup(response.text, "html.parser").select_one("#password-error")
    return found.get_text(strip=True) if found else None


def test_sixth_attempt_is_locked_even_with_the_right_password(app, user):
    """After five wrong passwords, the right one is refused for 15 minutes, with a message
    saying when to try again."""
    for n in range(5):
        _, response = attempt(app, user.email, f"wrong guess {n}")
    assert password_error(response) == LOCKED
    client, response = attempt(app, user.email, factories.PASSWORD, address="10.0.0.2")
    assert response.status_code == 429
    assert password_error(response) == LOCKED
    assert client.get("/").status_code == 302


def test_fourth_failure_is_only_a_wrong_password(app, user):
    """Fewer than five failures say only that the password is wrong."""
    for n in range(4):
        _, response = attempt(app, user.email, f"wrong guess {n}")
    assert password_error(response) == "That email and password do not match an account."
    client, response = attempt(app, user.email, factories.PASSWORD)
    assert client.get("/").status_code == 200


def test_an_address_is_locked_across_different_emails(app, user):
    """Five failures from one address, each on a different e-mail, lock that address even
    for a real account's right password; another address still signs in."""
    for n in range(5):
        attempt(app, f"guess{n}@example.org", "some password", address="10.9.9.9")
    client, response = attempt(app, user.email, factories.PASSWORD, address="10.9.9.9")
    assert password_error(response) == LOCKED
    assert client.get("/").status_code == 302
    client, _ = attempt(app, user.email, factories.PASSWORD, address="10.1.1.1")
    assert client.get("/").status_code == 200


def test_a_success_resets_the_accounts_count(app, user):
    """A right password clears the account's failures: four more later do not lock it."""
    for n in range(4):
        attempt(app, user.email, f"wrong {n}", address="10.0.0.1")
    client, _ = attempt(app, user.email, factories.PASSWORD, address="10.0.0.1")
    assert client.get("/").status_code == 200
    for n in range(4):
        attempt(app, user.email, f"wrong again {n}", address="10.0.0.2")
    client, _ = attempt(app, user.email, factories.PASSWORD, address="10.0.0.3")
    assert client.get("/").status_code == 200


def test_the_lock_ends_after_fifteen_minutes(app, user):
    """Failures older than the lock no longer count."""
    for n in range(5):
        attempt(app, user.email, f"wrong {n}")
    for failure in db.session.scalars(sa.select(LoginFailure)):
        failure.at -= timedelta(minutes=16)
    db.session.commit()
    client, _ = attempt(app, user.email, factories.PASSWORD)
    assert client.get("/").status_code == 200


def test_old_failures_are_deleted(app, user):
    """A failure older than a day is removed when the next one is counted."""
    db.session.add(
        LoginFailure(email="old@example.org", address="1.2.3.4", at=now() - timedelta(days=2))
    )
    db.session.commit()
    record_failure("new@example.org", "1.2.3.4")
    db.session.commit()
    assert db.session.scalars(sa.select(LoginFailure.email)).all() == ["new@example.org"]


def test_locked_message_in_russian(app, user):
    """The lock speaks Russian, with the minutes' plural right at 1, 2, 5 and 21."""
    for n in range(5):
        attempt(app, user.email, f"wrong {n}")
    _, response = attempt(app, user.email, factories.PASSWORD, headers={"Accept-Language": "ru"})
    assert password_error(response) == (
        "Слишком много неудачных попыток входа. Попробуйте снова через 15 минут."
    )
    with force_locale("ru"):
        words = [
            locked_message(now() + timedelta(minutes=m, seconds=-5)).split()[-1]
            for m in (1, 2, 5, 21)
        ]
    assert words == ["минуту.", "минуты.", "минут.", "минуту."]


@pytest.mark.real_password_hashing
def test_an_unknown_email_takes_as_long_as_a_known_one(app):
    """Checking an unknown e-mail hashes the password too (with the same method), so the
    answer's time does not tell whether an account exists."""
    factories.organisation()
    known = factories.user(email="known@example.org")
    assert known.password_hash.startswith("scrypt:")

    def timed(email: str, n: int) -> float:
        # The work this thread does (the hashing), not the wall clock: on a busy machine other
        # processes' turns would swamp the comparison.
        start = time.thread_time()
        # A new address each time: throttling must not cut the check short.
        attempt(app, email, "a wrong password", address=f"10.5.0.{n}")
        return time.thread_time() - start

    timed("nobody@example.org", 0)  # the dummy hash is made once
    known_times = [timed(known.email, n) for n in range(1, 4)]
    db.session.execute(sa.delete(LoginFailure))
    db.session.commit()
    unknown_times = [timed(f"nobody{n}@example.org", n) for n in range(4, 7)]
    ratio = statistics.median(unknown_times) / statistics.median(known_times)
    assert 0.5 < ratio < 2, (known_times, unknown_times)


def test_forwarded_for_counts_only_behind_a_configured_proxy(app, user):
    """X-Forwarded-For cannot dodge the address lock unless PROXIES says a proxy sets it;
    then the forwarded address is the one locked."""
    from planner import create_app

    def fail(application, n: int, forwarded: str):
        application.test_client().post(
            "/login",
            data={"email": f"guess{n}@example.org", "password": "some password"},
            headers={"X-Forwarded-For": forwarded},
            environ_base={"REMOTE_ADDR": "10.0.0.7"},
        )

    for n in range(5):
        fail(app, n, f"203.0.113.{n}")
    _, response = attempt(app, user.email, factories.PASSWORD, address="10.0.0.7")
    assert password_error(response) == LOCKED

    db.session.execute(sa.delete(LoginFailure))
    db.session.commit()
    proxied = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SECRET_KEY": "test",
            "WTF_CSRF_ENABLED": False,
            "PROXIES": 1,
        }
    )
    for n in range(5):
        fail(proxied, n, f"203.0.113.{n}")
    client = proxied.test_client()
    client.post(
        "/login",
        data={"email": user.email, "password": factories.PASSWORD},
        headers={"X-Forwarded-For": "203.0.113.99"},
        environ_base={"REMOTE_ADDR": "10.0.0.7"},
    )
    assert client.get("/").status_code == 200
    assert set(db.session.scalars(sa.select(LoginFailure.address))) == {
        f"203.0.113.{n}" for n in range(5)
    }
    with proxied.app_context():
        db.engine.dispose()
