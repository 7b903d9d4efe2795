"""`planner backup FILE` and `planner restore FILE`."""

from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app

from planner.backup.values import BackupError
from planner.extensions import db


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--created",
    metavar="TIME",
    help="The creation time written in the manifest, ISO 8601 (e.g. 2026-01-31T18:00:00Z; "
    "UTC unless it names a zone); default: now. The same data and the same time give the "
    "same bytes.",
)
def backup_command(file: Path, created: str | None) -> None:
    """Write the whole organisation into the archive FILE (a ZIP).

    Every table, in a documented JSON format (docs/backup-format.md), and the instance's
    files: uploaded logos, photos and signed scans, and the PDF of each sent letter. The
    data is read in one read-only transaction, so the app can keep running meanwhile. The
    file is readable by its owner only: it holds everything, password hashes included.
    """
    from planner.backup.dump import write_backup

    try:
        moment = datetime.now(UTC) if created is None else parse_time(created)
        written = write_backup(db.engine, Path(current_app.instance_path), file, moment)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"Wrote {file}: {written.rows} rows in {written.tables} tables and {written.files} "
        f"files (database migration {written.revision})."
    )
    if written.missing:
        click.echo(
            f"Warning: {len(written.missing)} files the data names are not in the instance "
            "folder, so not in the archive either: " + ", ".join(written.missing),
            err=True,
        )


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--check",
    is_flag=True,
    help="Only check the archive (format, migration, every member's checksum and JSON) and "
    "say what it holds; write nothing. A backup worth keeping passes this.",
)
def restore_command(file: Path, check: bool) -> None:
    """Load the archive FILE, made by `planner backup`, into an empty database.

    A database with no tables is migrated first; one with any rows is refused. The archive
    is checked whole before anything is written (format, migration, every member's
    checksum); the rows go in in one transaction, then the files into the instance folder.
    Restart the app afterwards.
    """
    from flask_migrate import upgrade

    from planner.backup.load import read_archive, restore
    from planner.extensions import init_migrations

    def migrate() -> None:
        if "migrate" not in current_app.extensions:
            init_migrations(current_app)
        upgrade()

    try:
        archive = read_archive(file)
        if check:
            click.echo(
                f"{file} is sound: {archive.rows} rows in {len(archive.tables)} tables and "
                f"{len(archive.files)} files, made {archive.manifest.get('created', '?')} at "
                f"database migration {archive.manifest['alembic_revision']}."
            )
            return
        restored = restore(db.engine, Path(current_app.instance_path), archive, migrate)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    made = archive.manifest.get("created", "?")
    click.echo(
        f"Restored {restored.rows} rows in {restored.tables} tables and {restored.files} files "
        f"from {file} (made {made} by Partnership Planner "
        f"{archive.manifest.get('app_version', '?')})."
    )


def parse_time(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError as error:
        raise BackupError(f"--created: {text!r} is not an ISO 8601 time.") from error
