"""Calendar tokens are kept as hashes and shown once; secret tokens in URLs are masked in
the development server's and gunicorn's access logs."""

import hashlib
import logging
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from werkzeug.serving import make_server

from planner.extensions import db
from planner.models import User

ROOT = Path(__file__).resolve().parent.parent


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def new_feed_url(client) -> str:
    client.post("/asks/calendar/token")
    return urlsplit(html(client.get("/asks/")).select_one("#feed-url")["value"]).path


def test_calendar_token_is_stored_as_a_hash_and_shown_once(app, client, auth, user):
    """The database holds only the token's SHA-256; the address is shown on the page after
    it is made and never again, and still serves the feed."""
    url = new_feed_url(client)
    token = url.removeprefix("/asks/calendar/").removesuffix(".ics")
    stored = db.session.scalar(sa.select(User.calendar_token).where(User.id == user.id))
    assert stored != token
    assert stored == hashlib.sha256(token.encode()).hexdigest()
    again = html(client.get("/asks/"))
    assert again.select_one("#feed-url") is None
    assert token not in again.text
    assert "It was shown once" in again.select_one("#calendar").get_text()
    assert app.test_client().get(url).status_code == 200


def test_a_deactivated_users_feed_stops(app, client, auth, user):
    """Deactivating someone revokes their calendar address."""
    from tests import factories

    nina = factories.user(email="nina@example.org")
    ninas = app.test_client()
    ninas.post("/login", data={"email": nina.email, "password": factories.PASSWORD})
    url = new_feed_url(ninas)
    client.post(f"/organisation/users/{nina.id}/active", data={"active": "0"})
    assert app.test_client().get(url).status_code == 404


def test_dev_server_log_masks_the_calendar_token(app, client, auth, caplog):
    """The development server's request log shows the feed's address with its token hidden."""
    url = new_feed_url(client)
    token = url.removeprefix("/asks/calendar/").removesuffix(".ics")
    server = make_server("127.0.0.1", 0, app, threaded=False)
    thread = threading.Thread(target=server.handle_request)
    thread.start()
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}{url}") as response:
            assert response.status == 200
        thread.join(5)
    server.server_close()
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert any('"GET /asks/calendar/[hidden].ics HTTP/1.1" 200' in line for line in lines), lines
    assert token not in caplog.text


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(sys.platform == "win32", reason="gunicorn runs on Unix only")
def test_gunicorn_access_log_masks_secret_tokens(migrated, tmp_path):
    """gunicorn with the documented logger class writes feed and reset addresses masked in
    its access log, the Referer too."""
    port = free_port()
    log = tmp_path / "access.log"
    env = os.environ | {
        "DATABASE_URL": migrated,
        "SECRET_KEY": "test",
        "PLANNER_INSTANCE_PATH": str(tmp_path),
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--logger-class",
            "planner.logs.MaskingGunicornLogger",
            "--access-logfile",
            str(log),
            "--access-logformat",
            '%(r)s %(s)s "%(f)s"',
            "--bind",
            f"127.0.0.1:{port}",
            "planner:create_app()",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    token = "Abc_def-" * 5
    try:
        for _ in range(100):
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/asks/calendar/{token}.ics",
                    headers={"Referer": f"http://127.0.0.1:{port}/reset/{token}"},
                )
                urllib.request.urlopen(request)  # noqa: S310 (http on loopback)
            except urllib.error.HTTPError:
                break  # 404: the server answered
            except OSError:
                time.sleep(0.1)
        for _ in range(50):
            if log.exists() and log.read_text():
                break
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(10)
    text = log.read_text()
    assert (
        f'GET /asks/calendar/[hidden].ics HTTP/1.1 404 "http://127.0.0.1:{port}/reset/[hidden]"'
        in text
    )
    assert token not in text


def test_migration_hashes_existing_calendar_tokens_in_place(tmp_path):
    """Upgrading a database whose calendar tokens were stored in plain text keeps every
    subscribed address working, and the plain token is no longer in the database."""
    from flask_migrate import upgrade

    from planner import create_app
    from planner.extensions import init_migrations

    token = "Old_plain-token" * 3
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.sqlite'}",
            "SECRET_KEY": "test",
        }
    )
    init_migrations(app)
    with app.app_context():
        upgrade(revision="bd9748afccee")
        db.session.execute(
            sa.text(
                'INSERT INTO "user" (email, name, password_hash, is_admin, calendar_token, '
                "created_at) VALUES ('a@example.org', 'A', 'x', true, :token, '2026-01-01')"
            ),
            {"token": token},
        )
        db.session.commit()
        upgrade()
        stored = db.session.scalar(sa.text('SELECT calendar_token FROM "user"'))
        assert stored == hashlib.sha256(token.encode()).hexdigest()
        assert app.test_client().get(f"/asks/calendar/{token}.ics").status_code == 200
        db.session.remove()
        db.engine.dispose()
