"""Browser fixtures: Debian's Chromium driven by Playwright, against a live server.

The live server runs the real app (CSRF on, as a browser sends tokens) in a thread, on the
suite's migrated database. Tests that use `live_server` run inside the same app's context,
so they can build rows with tests/factories.py; the database is emptied after each of them.
Screenshots go to test-artifacts/<test>/ at the repository's root.
"""

import re
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from planner import create_app
from planner.extensions import db
from tests import factories

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium: Playwright cannot download its own browsers here."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(live_url):
    """Open pages relative to the live server, in a window wide enough for the board.

    This replaces pytest-playwright's fixture instead of extending it: that one asks for the
    plugin's fallback `base_url` fixture, a session fixture written as a method, which pytest 9
    deprecates with a warning (and this suite turns warnings into errors).
    """
    return {"base_url": live_url, "viewport": {"width": 1440, "height": 900}}


@pytest.fixture(scope="session")
def live_app(migrated):
    """The app the browser talks to: the test configuration, but with CSRF checks on."""
    return create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": migrated,
            "SECRET_KEY": "test",
            "WTF_CSRF_ENABLED": True,
        }
    )


class QuietHandler(WSGIRequestHandler):
    """Log errors, not every request: a failing test's output stays readable."""

    def log_request(self, code="-", size="-"):
        pass


@pytest.fixture(scope="session")
def _server(live_app):
    server = make_server("127.0.0.1", 0, live_app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield server
    server.shutdown()
    thread.join()
    server.server_close()
    with live_app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def server_port(_server):
    """The port the live server listens on, on 127.0.0.1."""
    return _server.server_port


@pytest.fixture(scope="session")
def live_url(server_port):
    return f"http://127.0.0.1:{server_port}"


@pytest.fixture
def live_server(live_app, live_url):
    """The live server's address; the test runs in its app's context, emptied afterwards."""
    from tests.conftest import wipe

    with live_app.app_context():
        try:
            yield live_url
        finally:
            db.session.remove()
            wipe()


@pytest.fixture
def signed_in(live_server, page):
    """An admin of a set-up organisation, signed in through the login form."""
    factories.organisation()
    admin = factories.user(email="admin@example.org", name="Ada Admin", admin=True)
    page.goto("/login")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Dashboard", level=1).wait_for()
    return admin


@pytest.fixture
def screenshot(page, request):
    """Save numbered full-page screenshots under test-artifacts/<test>/; one more on failure."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "-", request.node.name).strip("-")
    shutil.rmtree(folder, ignore_errors=True)
    taken = []

    def take(step: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{len(taken) + 1:02d}-{step}.png"
        page.screenshot(path=path, full_page=True)
        taken.append(path)
        return path

    yield take
    report = getattr(request.node, "browser_call_report", None)
    if report is not None and report.failed and not page.is_closed():
        take("failure")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_call_report = report
    return report
