"""The Flask extensions, created once and bound to the app in `create_app`."""

import sqlite3

from flask_frozen import Freezer
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    # Named constraints let Alembic alter them later, SQLite's batch mode included.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
freezer = Freezer()


def init_migrations(app) -> None:
    """Bind Flask-Migrate (the `planner db` commands and `flask_migrate.upgrade`).

    Only the command line and the tests need it: Alembic is not imported when the app
    starts to serve pages.
    """
    from flask_migrate import Migrate

    from planner import ROOT
    from planner.models import render_migration_item

    Migrate(
        app,
        db,
        directory=str(ROOT / "migrations"),
        render_as_batch=True,
        render_item=render_migration_item,
    )


# How long a connection waits for another's write to finish before "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 5000


@event.listens_for(Engine, "connect")
def configure_sqlite(dbapi_connection, connection_record):
    """Set up each SQLite connection; other databases are left as they are.

    SQLite ignores foreign keys (and ON DELETE CASCADE) unless asked per connection. In WAL
    mode readers never wait for a writer nor a writer for readers, so gunicorn's workers serve
    pages while another saves; the busy timeout makes a second writer wait its turn.
    """
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
