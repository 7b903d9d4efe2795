"""Which database migration an archive, a database and this code are at.

An archive loads only into a database at the migration it was made at: its tables are
the models of that migration. Alembic's own table is not data; its revision goes in the
manifest instead.
"""

import sqlalchemy as sa

MIGRATIONS_TABLE = "alembic_version"


def scripts():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from planner import ROOT

    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    return ScriptDirectory.from_config(config)


def code_revision() -> str:
    """The migration this version of the code expects the database to be at."""
    return " ".join(sorted(scripts().get_heads()))


def is_known_revision(revision: object) -> bool:
    """Whether `revision` is one of this code's migrations (an older one, then)."""
    from alembic.util import CommandError

    if not isinstance(revision, str):
        return False
    try:
        return scripts().get_revision(revision) is not None
    except (CommandError, KeyError, ValueError):
        return False


def database_revision(conn: sa.Connection) -> str | None:
    if not sa.inspect(conn).has_table(MIGRATIONS_TABLE):
        return None
    rows = conn.execute(sa.text(f"SELECT version_num FROM {MIGRATIONS_TABLE}")).scalars()  # noqa: S608
    return " ".join(sorted(rows)) or None
