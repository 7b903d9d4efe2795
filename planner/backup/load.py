"""Check an archive whole, then load it into an empty database and the instance folder.

Nothing is written until every check has passed: the format is one this code reads, the
archive's migration is this code's, every member is intact (ZIP CRC and the manifest's
SHA-256), every table parses and matches the models, and the database is empty. The rows go
in in one transaction; the files are written beside their places meanwhile and put in place
once the rows are committed.
"""

import hashlib
import json
import os
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import sqlalchemy as sa

from planner.backup.dump import FILE_FOLDERS, tables
from planner.backup.migrations import code_revision, database_revision, is_known_revision
from planner.backup.values import FORMAT, BackupError, decode, storage_type
from planner.models import ChangeStamp

# Tables the migrations fill themselves (the caches' change stamp): a database holding only
# these rows is still empty, and the archive's rows replace them.
SEEDED = frozenset({ChangeStamp.__table__.name})
CHUNK = 1024 * 1024


def damaged(why: str) -> BackupError:
    return BackupError(f"The archive is damaged or not a Partnership Planner backup ({why}).")


@dataclass
class Archive:
    path: Path
    manifest: dict
    tables: dict[str, dict] = field(default_factory=dict)
    # path in the instance -> its manifest entry (member, sha256); the bytes stay in the
    # ZIP until they are written, so a folder of PDFs need not fit in memory.
    files: dict[str, dict] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(len(t["rows"]) for t in self.tables.values())


def safe_path(path: object) -> str:
    """A file's path inside the instance, refused if it could land anywhere else."""
    if not isinstance(path, str) or "\\" in path or "\x00" in path:
        raise damaged(f"a file is named {path!r}")
    parts = PurePosixPath(path).parts
    if (
        PurePosixPath(path).is_absolute()
        or len(parts) < 2
        or parts[0] not in FILE_FOLDERS
        or any(part in ("", ".", "..") for part in parts)
    ):
        raise damaged(f"the file {path!r} would be written outside the instance's file folders")
    return path


def copy_member(archive: zipfile.ZipFile, entry: dict, write: Callable[[bytes], object]) -> None:
    """Pass a member's bytes to `write`, chunk by chunk, and check them against its SHA-256."""
    name = entry.get("member")
    digest = hashlib.sha256()
    try:
        with archive.open(name) as source:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                write(chunk)
    except KeyError as error:
        raise damaged(f"{name} is missing") from error
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise damaged(f"{name} cannot be read: {error}") from error
    if digest.hexdigest() != entry.get("sha256"):
        raise damaged(f"{name} does not match its SHA-256 in the manifest")


def read_member(archive: zipfile.ZipFile, entry: dict) -> bytes:
    chunks: list[bytes] = []
    copy_member(archive, entry, chunks.append)
    return b"".join(chunks)


def read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except KeyError as error:
        raise damaged("it has no manifest.json") from error
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as error:
        raise damaged(f"manifest.json cannot be read: {error}") from error
    if not isinstance(manifest, dict) or not isinstance(manifest.get("format"), int):
        raise damaged("manifest.json has no format version")
    return manifest


def check_version(manifest: dict) -> None:
    made_by = manifest.get("app_version", "unknown")
    if manifest["format"] > FORMAT:
        raise BackupError(
            f"The archive is in backup format {manifest['format']}, written by Partnership "
            f"Planner {made_by}; this version reads formats up to {FORMAT}. Upgrade "
            "Partnership Planner, then restore."
        )
    expected, revision = code_revision(), manifest.get("alembic_revision")
    if revision == expected:
        return
    if is_known_revision(revision):
        raise BackupError(
            f"The archive was made at database migration {revision} (Partnership Planner "
            f"{made_by}); this version is at {expected}. Restore it with the version that made "
            "it, run `planner db upgrade` after installing this one, and make a new backup; "
            "or downgrade Partnership Planner to that version."
        )
    raise BackupError(
        f"The archive was made at database migration {revision}, which this version "
        f"(at {expected}) does not know: it comes from a newer Partnership Planner "
        f"({made_by}). Upgrade Partnership Planner to that version, then restore."
    )


def read_archive(path: Path) -> Archive:
    """Read and check the whole archive; raise BackupError on anything amiss."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError as error:
        raise BackupError(f"There is no file {path}.") from error
    except (zipfile.BadZipFile, OSError) as error:
        raise damaged(f"not a readable ZIP file: {error}") from error
    with archive:
        manifest = read_manifest(archive)
        check_version(manifest)
        try:
            return read_content(archive, manifest)
        except (AttributeError, KeyError, TypeError) as error:
            raise damaged(f"manifest.json is not as a backup writes it: {error!r}") from error


def read_content(archive: zipfile.ZipFile, manifest: dict) -> Archive:
    """Every table and file the manifest lists, each checked against it."""
    result = Archive(Path(archive.filename), manifest)
    models = {t.name: t for t in tables()}
    listed = manifest.get("tables")
    if not isinstance(listed, list) or sorted(e.get("name") for e in listed) != sorted(models):
        raise damaged("its tables are not the ones of this version")
    for entry in listed:
        table = models[entry["name"]]
        try:
            data = json.loads(read_member(archive, entry))
        except ValueError as error:
            raise damaged(f"{entry['member']} is not complete JSON: {error}") from error
        if not isinstance(data, dict) or data.get("columns") != [c.name for c in table.c]:
            raise damaged(f"{entry['member']} does not have the columns of {table.name}")
        if not isinstance(data.get("rows"), list) or len(data["rows"]) != entry.get("rows"):
            raise damaged(f"{entry['member']} does not have the rows the manifest counts")
        result.tables[table.name] = data
    for entry in manifest.get("files", []):
        copy_member(archive, entry, lambda chunk: None)  # checked now, copied later
        result.files[safe_path(entry.get("path"))] = entry
    return result


def rows_to_insert(table: sa.Table, data: dict) -> list[dict]:
    types = [storage_type(c.type) for c in table.c]
    try:
        return [
            {f"v{i}": decode(v, t) for i, (v, t) in enumerate(zip(row, types, strict=True))}
            for row in data["rows"]
        ]
    except (TypeError, ValueError) as error:
        raise damaged(f"a row of {table.name} cannot be read: {error}") from error


@dataclass
class Restored:
    tables: int
    rows: int
    files: int


def restore(engine: sa.Engine, instance: Path, archive: Archive, migrate) -> Restored:
    """Load a checked archive into the empty database behind `engine`, then its files.

    `migrate` builds the schema when the database has no tables yet.
    """
    models = tables()
    prepared = {t.name: rows_to_insert(t, archive.tables[t.name]) for t in models}
    with engine.connect() as conn:
        names = set(sa.inspect(conn).get_table_names())
    if not names & {t.name for t in models}:
        migrate()
        # The migrations turn SQLite's foreign key checks off on their connection: let no
        # pooled connection carry that into the restore.
        engine.dispose()
    with engine.begin() as conn:
        revision = database_revision(conn)
        if revision != archive.manifest["alembic_revision"]:
            raise BackupError(
                f"The database is at migration {revision or '(none)'}, the archive at "
                f"{archive.manifest['alembic_revision']}: run `planner db upgrade`, then restore."
            )
        filled = [
            t.name
            for t in models
            if t.name not in SEEDED and conn.execute(sa.select(1).select_from(t).limit(1)).first()
        ]
        if filled:
            raise BackupError(
                "The database is not empty (rows in " + ", ".join(filled) + "); restore only "
                "into an empty database: create a new one, or point DATABASE_URL at one."
            )
        # The files are written beside their places before the rows go in (a full disk
        # stops the restore here) and put in place only once the rows are committed.
        staged = stage_files(instance, archive)
        try:
            insert_rows(conn, models, prepared)
        except sa.exc.StatementError as error:
            # The transaction is rolled back: not one row stays.
            unstage(staged)
            raise BackupError(
                "The archive's rows do not fit this database, so nothing was restored: "
                f"{error.orig or error}"
            ) from error
        except BaseException:
            unstage(staged)
            raise
    for temporary, target in staged:
        os.replace(temporary, target)
    return Restored(len(models), archive.rows, len(archive.files))


def insert_rows(conn: sa.Connection, models: list[sa.Table], prepared: dict) -> None:
    for table in models:
        if table.name in SEEDED:
            conn.execute(table.delete())
        rows = prepared[table.name]
        if rows:
            # Bound as the stored types, so values go in exactly as the archive has them.
            values = {
                c.name: sa.bindparam(f"v{i}", type_=storage_type(c.type))
                for i, c in enumerate(table.c)
            }
            conn.execute(table.insert().values(values), rows)
    if conn.dialect.name == "postgresql":
        reset_sequences(conn, models)


def reset_sequences(conn: sa.Connection, models: list[sa.Table]) -> None:
    """Move each id sequence past the restored rows, so new rows get fresh ids."""
    for table in models:
        key = list(table.primary_key.columns)
        if len(key) != 1 or not isinstance(key[0].type, sa.Integer):
            continue
        quoted = conn.dialect.identifier_preparer.format_table(table)
        column = conn.dialect.identifier_preparer.quote(key[0].name)
        # setval is strict: an empty table (MAX is NULL) or a key without a sequence is
        # left as it is.
        conn.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), MAX({column})) "  # noqa: S608
                f"FROM {quoted}"
            ),
            {"table": quoted, "column": key[0].name},
        )


def stage_files(instance: Path, archive: Archive) -> list[tuple[Path, Path]]:
    """Write each file under a temporary name in its folder; return (temporary, target)."""
    staged: list[tuple[Path, Path]] = []
    try:
        with zipfile.ZipFile(archive.path) as opened:
            for relative, entry in sorted(archive.files.items()):
                # The path was checked by `safe_path`: no "..", no absolute path. A folder of
                # the instance may be a symbolic link (uploads on another disk): followed.
                target = instance / safe_path(relative)
                target.parent.mkdir(parents=True, exist_ok=True)
                handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
                staged.append((Path(temporary), target))
                with os.fdopen(handle, "wb") as file:
                    # Checked again as it is copied: the archive may have changed since.
                    copy_member(opened, entry, file.write)
                os.chmod(temporary, 0o644)  # as the app writes uploads, not mkstemp's 0600
    except (OSError, zipfile.BadZipFile, BackupError) as error:
        unstage(staged)
        if isinstance(error, BackupError):
            raise
        raise BackupError(
            f"The files could not be written into {instance}, so nothing was restored: {error}"
        ) from error
    return staged


def unstage(staged: list[tuple[Path, Path]]) -> None:
    for temporary, _ in staged:
        temporary.unlink(missing_ok=True)
