import os

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from planner import ROOT, create_app
from planner.extensions import db, init_migrations
from tests import factories

pytest_plugins = ["tests.browser"]


def pytest_configure(config):
    """Compile the catalogues the tests read, as `make test` does (for a bare `pytest`)."""
    if hasattr(config, "workerinput"):
        return  # the controller compiled them before the workers started
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in (ROOT / "planner" / "translations").glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as source, mo.open("wb") as target:
                write_mo(target, read_po(source))


def pytest_addoption(parser):
    parser.addoption(
        "--postgres",
        action="store_true",
        help="Run against a throwaway PostgreSQL cluster instead of SQLite.",
    )


@pytest.fixture(scope="session")
def database_url(request, tmp_path_factory):
    """Where the suite's database lives: SQLite in a temp folder, or a throwaway PostgreSQL."""
    if request.config.getoption("--postgres"):
        from tests.postgres import throwaway_cluster

        with throwaway_cluster() as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'planner.sqlite'}"


@pytest.fixture(scope="session")
def instance_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("instance")
    os.environ["PLANNER_INSTANCE_PATH"] = str(path)
    return path


@pytest.fixture(scope="session")
def migrated(database_url, instance_path):
    """Build the schema once per run, through the committed migrations."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "test"})
    init_migrations(app)
    with app.app_context():
        upgrade()
        db.session.remove()
        db.engine.dispose()
    return database_url


@pytest.fixture(scope="session")
def session_app(migrated):
    """One app for the whole run: building an app per test would cost more than most tests."""
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": migrated,
            "SECRET_KEY": "test",
            "WTF_CSRF_ENABLED": False,
        }
    )
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(session_app):
    """The app in its context, on an empty database; settings a test changes are put back."""
    config = dict(session_app.config)
    with session_app.app_context():
        try:
            yield session_app
        finally:
            db.session.remove()
            wipe()
            session_app.config.clear()
            session_app.config.update(config)


@pytest.fixture(autouse=True)
def quick_password_hashing(request, monkeypatch):
    """Hash passwords cheaply: scrypt's deliberate cost would dominate the run.

    A test marked `real_password_hashing` keeps production's scrypt.
    """
    if request.node.get_closest_marker("real_password_hashing") is None:
        factories.hash_passwords_quickly(monkeypatch)


def wipe():
    """Empty every table, so that each test starts from a blank database (and no cache
    keeps what was in it)."""
    from planner.stamps import clear_caches

    clear_caches()
    tables = [t for t in db.metadata.sorted_tables]
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                conn.execute(table.delete())


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def user(app):
    """An admin of a set-up organisation."""
    factories.organisation()
    return factories.user(email="admin@example.org", admin=True)


@pytest.fixture
def auth(client, user):
    """Sign the test client in as `user`."""

    class Auth:
        def login(self, email=user.email, password=factories.PASSWORD):
            return client.post("/login", data={"email": email, "password": password})

        def logout(self):
            return client.post("/logout")

    helper = Auth()
    helper.login()
    return helper


@pytest.fixture
def count_queries(app):
    """Count the SQL statements a block of code sends."""
    from contextlib import contextmanager

    @contextmanager
    def counting():
        statements = []

        def record(conn, cursor, statement, *args):
            statements.append(statement)

        sa.event.listen(db.engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", record)

    return counting
