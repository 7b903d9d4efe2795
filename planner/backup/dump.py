"""Write the whole organisation into one archive: every table, then the instance's files.

All tables are read inside one read-only transaction, so the archive is one moment of the
data even while people keep working; the bytes depend only on the data (and the creation
time given), so the same data gives the same archive from SQLite or PostgreSQL.
"""

import hashlib
import os
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import sqlalchemy as sa

from planner.backup.migrations import MIGRATIONS_TABLE, code_revision, database_revision
from planner.backup.values import FORMAT, BackupError, canonical_json, encode, storage_type
from planner.extensions import db

# The instance's folders of files the data refers to: uploads (logos, report photos,
# signed scans) and the PDF kept of each sent letter.
FILE_FOLDERS = ("uploads", "letters")
# Every member gets the same timestamp and mode, so that the bytes depend on the data alone.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
APPLICATION = "Partnership Planner"


def app_version() -> str:
    try:
        return version("partnership-planner")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "unknown"


def tables() -> list[sa.Table]:
    """Every table of the models, parents before children (the order they are restored in)."""
    return [t for t in db.metadata.sorted_tables if t.name != MIGRATIONS_TABLE]


@contextmanager
def snapshot(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection whose reads all see one moment of the database, and which writes nothing."""
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            # The driver would start no transaction for reads (each SELECT its own moment):
            # take the transaction into our hands and begin it explicitly.
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.exec_driver_sql("SELECT 1")
            driver = conn.connection.driver_connection
            # Unless a "begin" hook of the app's has already begun one on that statement.
            if not driver.in_transaction:
                conn.exec_driver_sql("BEGIN")
            try:
                yield conn
            finally:
                if driver.in_transaction:
                    conn.exec_driver_sql("ROLLBACK")
        else:
            if conn.dialect.name == "postgresql":
                # One snapshot for every statement, and a promise to write nothing.
                conn = conn.execution_options(
                    isolation_level="REPEATABLE READ", postgresql_readonly=True
                )
            with conn.begin():
                yield conn


def table_rows(conn: sa.Connection, table: sa.Table) -> tuple[list[str], list[list]]:
    """A table's columns and rows as written in the archive, ordered by primary key."""
    columns = list(table.columns)
    types = [storage_type(c.type) for c in columns]
    query = sa.select(
        *(sa.type_coerce(c, t).label(c.name) for c, t in zip(columns, types, strict=True))
    )
    key = list(table.primary_key.columns)
    rows = [
        [
            encode(v, t, f"{table.name}.{c.name}")
            for v, c, t in zip(row, columns, types, strict=True)
        ]
        for row in conn.execute(query.order_by(*key))
    ]
    # Ordered again here: a text key sorts by the database's collation, which differs
    # between servers; code points are the same everywhere.
    positions = [columns.index(c) for c in key] or range(len(columns))
    rows.sort(key=lambda r: [(v is None, v) for v in (r[i] for i in positions)])
    return [c.name for c in columns], rows


def instance_files(instance: Path) -> list[tuple[str, Path]]:
    """The instance's files to keep, as (path inside the instance, file), in name order."""
    found = []
    for name in FILE_FOLDERS:
        root = instance / name
        if not root.is_dir():
            continue
        for path in root.rglob("*"):
            # A name starting with "." is a file being written (see letters/printed.py).
            if path.is_file() and not path.name.startswith("."):
                found.append((path.relative_to(instance).as_posix(), path))
    return sorted(found)


def is_file_column(column: sa.Column) -> bool:
    """A column holding the name of a file in uploads/: by the models' naming, `file` or
    `…_file` (a logo, a photo, a signed scan)."""
    return isinstance(column.type, sa.String) and (
        column.name == "file" or column.name.endswith("_file")
    )


def named_files(table: sa.Table, columns: list[str], rows: list[list]) -> set[str]:
    positions = [i for i, c in enumerate(table.columns) if is_file_column(c)]
    return {f"uploads/{row[i]}" for row in rows for i in positions if row[i]}


def member(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, whichever system wrote it
    info.external_attr = 0o644 << 16
    return info


@dataclass
class Written:
    tables: int
    rows: int
    files: int
    revision: str
    # Files a row names that the instance folder does not have (lost before this backup).
    missing: list[str]


def write_backup(engine: sa.Engine, instance: Path, target: Path, created: datetime) -> Written:
    """Write the archive to `target` (whole or not at all) and say what went in."""
    expected = code_revision()
    bodies: dict[str, bytes] = {}
    listed = []
    named: set[str] = set()
    with snapshot(engine) as conn:
        revision = database_revision(conn)
        if revision != expected:
            raise BackupError(
                f"The database is at migration {revision or '(none)'}, this version of "
                f"Partnership Planner expects {expected}: run `planner db upgrade` first."
            )
        for table in tables():
            columns, rows = table_rows(conn, table)
            named |= named_files(table, columns, rows)
            body = canonical_json({"table": table.name, "columns": columns, "rows": rows})
            name = f"tables/{table.name}.json"
            bodies[name] = body
            listed.append(
                {
                    "name": table.name,
                    "member": name,
                    "rows": len(rows),
                    "sha256": hashlib.sha256(body).hexdigest(),
                }
            )

    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".zip.tmp")
    try:
        with os.fdopen(handle, "wb") as file, zipfile.ZipFile(file, "w") as archive:
            # Members in name order: files/…, manifest.json, tables/…. The files go first,
            # one at a time (a folder of PDFs need not fit in memory), their checksums
            # taken as they are written, for the manifest that follows them.
            files = [
                add(archive, f"files/{relative}", path.read_bytes()) | {"path": relative}
                for relative, path in instance_files(instance)
            ]
            manifest = {
                "format": FORMAT,
                "application": APPLICATION,
                "app_version": app_version(),
                "alembic_revision": revision,
                "created": created_text(created),
                "tables": listed,
                "files": files,
            }
            add(archive, "manifest.json", canonical_json(manifest))
            for name in sorted(bodies):
                add(archive, name, bodies[name])
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    # Files are read after the data: one uploaded meanwhile is kept too (unreferenced,
    # harmless); the app never deletes an upload a row still names.
    missing = sorted(named - {f["path"] for f in files})
    return Written(len(listed), sum(t["rows"] for t in listed), len(files), revision, missing)


def add(archive: zipfile.ZipFile, name: str, body: bytes) -> dict:
    """Write one member; return its entry for the manifest."""
    archive.writestr(member(name), body, compresslevel=9)
    return {"member": name, "bytes": len(body), "sha256": hashlib.sha256(body).hexdigest()}


def created_text(created: datetime) -> str:
    """The creation time as written in the manifest: UTC, to the second, with a Z."""
    moment = created.astimezone(UTC) if created.tzinfo else created
    return moment.replace(tzinfo=None, microsecond=0).isoformat() + "Z"
