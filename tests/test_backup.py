"""Backup and restore: one archive holds the whole organisation and loads into an empty database."""

import hashlib
import json
import stat
import threading
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from planner import ROOT, create_app
from planner.backup.dump import tables
from planner.backup.load import SEEDED
from planner.demo import load_demo
from planner.enums import Language
from planner.extensions import db, init_migrations
from planner.letters.compose import fingerprint
from planner.letters.printed import kept_path
from planner.models import Letter, Organisation, Partner, Partnership, Photo
from planner.stamps import clear_caches
from tests import factories

CREATED = "2026-01-31T18:00:00Z"


def side_app(instance: Path, url: str):
    """An app of its own, on its own database and instance folder."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PLANNER_INSTANCE_PATH", str(instance))
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test", "TESTING": True})
    init_migrations(app)
    return app


def invoke(app, *args: str):
    with app.app_context():
        clear_caches()  # the caches are per process; each app here has its own data
        result = app.test_cli_runner().invoke(args=list(args))
        db.session.remove()
    return result


def row_counts(app) -> dict[str, int]:
    with app.app_context(), db.engine.connect() as conn:
        if not sa.inspect(conn).get_table_names():
            return {}
        return {
            t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in tables()
        }


def files_of(instance: Path) -> dict[str, bytes]:
    return {
        p.relative_to(instance).as_posix(): p.read_bytes()
        for folder in ("uploads", "letters")
        for p in sorted((instance / folder).rglob("*"))
        if p.is_file()
    }


def fingerprints(app) -> dict[str, str]:
    """Each sent letter's fingerprint, as the letters code computes it from its snapshot."""
    with app.app_context():
        letters = db.session.scalars(sa.select(Letter).where(Letter.snapshot.is_not(None)))
        found = {}
        for letter in letters:
            assert fingerprint(letter.snapshot) == letter.fingerprint, letter.reference
            found[letter.reference] = letter.fingerprint
        db.session.remove()
        return found


def dispose(app) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def demo_source(root: Path, language: Language):
    """The demo organisation on SQLite, with a kept letter PDF, and its archive."""
    app = side_app(root / "instance", f"sqlite:///{root / 'planner.sqlite'}")
    with app.app_context():
        upgrade()
        clear_caches()
        load_demo(language=language)
        db.session.commit()
        sent = db.session.scalars(sa.select(Letter).where(Letter.snapshot.is_not(None))).first()
        kept = kept_path(sent)
        kept.parent.mkdir(parents=True)
        kept.write_bytes(b"%PDF-1.7\n% the PDF kept when the letter was sent\n")
        db.session.remove()
    archive = root / "demo.zip"
    result = invoke(app, "backup", str(archive), "--created", CREATED)
    assert result.exit_code == 0, result.output
    return SimpleNamespace(app=app, archive=archive, instance=root / "instance")


@pytest.fixture(scope="module")
def source(tmp_path_factory, instance_path):
    """The English demo organisation on SQLite, and its archive."""
    made = demo_source(tmp_path_factory.mktemp("source"), Language.EN)
    yield made
    dispose(made.app)


@pytest.fixture(scope="module")
def source_ru(tmp_path_factory, instance_path):
    """The Russian demo organisation on SQLite (Cyrillic, roubles), and its archive."""
    made = demo_source(tmp_path_factory.mktemp("source-ru"), Language.RU)
    yield made
    dispose(made.app)


@pytest.fixture
def target(app, tmp_path):
    """Where to restore: the suite's database (SQLite or PostgreSQL, emptied after the test)
    with an instance folder of its own."""
    side = side_app(tmp_path / "instance", app.config["SQLALCHEMY_DATABASE_URI"])
    yield SimpleNamespace(app=side, instance=tmp_path / "instance")
    dispose(side)


@pytest.fixture
def fresh(tmp_path):
    """A new SQLite database with no tables yet, and an empty instance folder."""
    side = side_app(tmp_path / "fresh", f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    yield SimpleNamespace(app=side, instance=tmp_path / "fresh")
    dispose(side)


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rewrite(path: Path, out: Path, change) -> Path:
    """A copy of the archive as a valid ZIP, its members changed by `change(members)`."""
    content = members(path)
    change(content)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in content.items():
            archive.writestr(name, body)
    return out


def edit_manifest(**fields):
    def change(content):
        manifest = json.loads(content["manifest.json"])
        manifest.update(fields)
        content["manifest.json"] = json.dumps(manifest).encode()

    return change


def test_the_demo_archive_holds_every_table_and_file(source):
    """The archive lists every table of the models with its rows, and every upload and kept PDF."""
    manifest = json.loads(members(source.archive)["manifest.json"])
    assert manifest["format"] == 1
    assert manifest["created"] == CREATED
    assert [t["name"] for t in manifest["tables"]] == [t.name for t in tables()]
    assert "alembic_version" not in {t["name"] for t in manifest["tables"]}
    assert manifest["alembic_revision"]
    assert {t["name"]: t["rows"] for t in manifest["tables"]} == row_counts(source.app)
    paths = [f["path"] for f in manifest["files"]]
    assert paths == sorted(files_of(source.instance))
    assert any(p.startswith("letters/") for p in paths)
    assert any(p.startswith("uploads/") for p in paths)


def test_every_file_the_data_names_is_in_the_archive(source):
    """Each logo, photo and scan a row names is in the archive, with its bytes."""
    with source.app.app_context():
        named = {
            f"uploads/{name}"
            for column in (Photo.file, Partner.logo_file, Organisation.logo_file, Letter.scan_file)
            for name in db.session.scalars(sa.select(column).where(column.is_not(None)))
        }
        db.session.remove()
    content = members(source.archive)
    assert any(n.startswith("uploads/") for n in named)
    for name in named:
        assert content[f"files/{name}"] == (source.instance / name).read_bytes()


def test_a_backup_says_which_named_files_are_missing(app, tmp_path):
    """A photo whose file was lost is reported by name; the backup is still written."""
    report = factories.report()
    photo = factories.photo(report)
    (Path(app.instance_path) / "uploads" / photo.file).unlink()
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "lost.zip")])
    assert result.exit_code == 0, result.output
    assert f"not in the archive either: uploads/{photo.file}" in result.output
    assert (tmp_path / "lost.zip").exists()


def test_values_are_written_as_documented(source):
    """Money is a string at the column's scale, dates ISO 8601, enum sets as stored, NULL null."""
    body = json.loads(members(source.archive)["tables/commitment.json"])
    rows = [dict(zip(body["columns"], row, strict=True)) for row in body["rows"]]
    valued = next(r for r in rows if r["value"] is not None)
    assert valued["value"].split(".")[1].isdigit() and len(valued["value"].split(".")[1]) == 2
    assert isinstance(valued["internal"], bool)
    assert any(r["due_date"] and len(r["due_date"]) == 10 for r in rows)
    body = json.loads(members(source.archive)["tables/partnership.json"])
    rows = [dict(zip(body["columns"], row, strict=True)) for row in body["rows"]]
    assert {"material", "organisational"} & {r["support"] for r in rows}
    assert all(r["created_at"][10] == "T" for r in rows)
    assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_round_trip_gives_the_same_archive(kind, language, request, target, fresh, tmp_path):
    """SQLite → archive → empty database → archive: the same bytes, rows, fingerprints, files."""
    source = request.getfixturevalue("source_ru" if language == "ru" else "source")
    if kind == "postgresql":
        with target.app.app_context():
            if db.engine.dialect.name != "postgresql":
                pytest.skip("runs with --postgres")
        into = target
    else:
        into = fresh
    restored = invoke(into.app, "restore", str(source.archive))
    assert restored.exit_code == 0, restored.output
    assert "Restored" in restored.output

    again = tmp_path / "again.zip"
    result = invoke(into.app, "backup", str(again), "--created", CREATED)
    assert result.exit_code == 0, result.output
    assert again.read_bytes() == source.archive.read_bytes()
    assert row_counts(into.app) == row_counts(source.app)
    before = fingerprints(source.app)
    assert before and fingerprints(into.app) == before
    assert files_of(into.instance) == files_of(source.instance)


def test_new_rows_after_a_restore_get_fresh_ids(source, target):
    """After a restore, a new partner and partnership are saved with ids of their own."""
    assert invoke(target.app, "restore", str(source.archive)).exit_code == 0
    with target.app.app_context():
        highest = db.session.scalar(sa.select(sa.func.max(Partner.id)))
        partner = factories.partner(name="Joined after the move")
        link = factories.partnership(partner=partner)
        assert partner.id > highest
        assert link.id > 0
        db.session.remove()


def refused(app, archive: Path, *words: str) -> None:
    result = invoke(app, "restore", str(archive))
    assert result.exit_code != 0
    for word in words:
        assert word in result.output, result.output


def nothing_written(place) -> None:
    """No row (but the change stamp a migration seeds) and no file."""
    counts = row_counts(place.app)
    assert not any(n for name, n in counts.items() if name not in SEEDED), counts
    assert files_of(place.instance) == {}


def test_a_newer_format_is_refused(source, fresh, tmp_path):
    """An archive in a format newer than this code reads is refused; nothing is written."""
    newer = rewrite(source.archive, tmp_path / "newer.zip", edit_manifest(format=2))
    refused(fresh.app, newer, "backup format 2", "Upgrade Partnership Planner")
    nothing_written(fresh)


@pytest.mark.parametrize(
    ("revision", "advice"),
    [
        ("fbeea121f91a", "Restore it with the version that made it"),
        ("0123456789ab", "Upgrade Partnership Planner to that version"),
    ],
)
def test_an_archive_of_another_migration_is_refused(revision, advice, source, fresh, tmp_path):
    """An archive made at an older or unknown migration is refused with what to do."""
    change = edit_manifest(alembic_revision=revision)
    other = rewrite(source.archive, tmp_path / "other.zip", change)
    refused(fresh.app, other, revision, advice)
    nothing_written(fresh)


def flip(body: bytes) -> bytes:
    middle = len(body) // 2
    return body[:middle] + bytes([body[middle] ^ 0xFF]) + body[middle + 1 :]


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (flip, "damaged"),
        (lambda body: body[: len(body) // 2], "not a readable ZIP file"),
        (lambda body: b"", "not a readable ZIP file"),
    ],
    ids=["flipped byte", "truncated", "empty"],
)
def test_a_damaged_file_is_refused(damage, message, source, fresh, tmp_path):
    """A flipped byte or a cut-off archive is refused as damaged; nothing is written."""
    broken = tmp_path / "broken.zip"
    broken.write_bytes(damage(source.archive.read_bytes()))
    refused(fresh.app, broken, message)
    nothing_written(fresh)


def test_a_changed_member_is_refused_by_its_checksum(source, fresh, tmp_path):
    """A table changed inside an otherwise sound ZIP no longer matches its SHA-256."""

    def change(content):
        content["tables/partner.json"] = content["tables/partner.json"].replace(b"a", b"b", 1)

    changed = rewrite(source.archive, tmp_path / "changed.zip", change)
    refused(fresh.app, changed, "tables/partner.json does not match its SHA-256")
    nothing_written(fresh)


def replace_table(content: dict, name: str, body: bytes) -> None:
    """Put other bytes in a table's member, with the checksum made to match them."""
    content[f"tables/{name}.json"] = body
    manifest = json.loads(content["manifest.json"])
    for entry in manifest["tables"]:
        if entry["name"] == name:
            entry["sha256"] = hashlib.sha256(body).hexdigest()
    content["manifest.json"] = json.dumps(manifest).encode()


def test_a_changed_file_is_refused_by_its_checksum(source, fresh, tmp_path):
    """A photo changed inside an otherwise sound ZIP is refused; nothing is written."""

    def change(content):
        name = next(n for n in content if n.startswith("files/uploads/"))
        content[name] = content[name][:-1] + b"\x00"

    changed = rewrite(source.archive, tmp_path / "changed.zip", change)
    refused(fresh.app, changed, "does not match its SHA-256")
    nothing_written(fresh)


def test_cut_off_json_is_refused(source, fresh, tmp_path):
    """A table whose JSON is cut off is refused, even when its checksum was made to match."""

    def change(content):
        replace_table(content, "letter", content["tables/letter.json"][:-40])

    cut = rewrite(source.archive, tmp_path / "cut.zip", change)
    refused(fresh.app, cut, "tables/letter.json is not complete JSON")
    nothing_written(fresh)


def test_rows_that_do_not_fit_are_refused_whole(source, fresh, tmp_path):
    """A partnership naming a partner the archive lacks stops the restore; no row stays."""

    def change(content):
        data = json.loads(content["tables/partnership.json"])
        data["rows"][-1][data["columns"].index("partner_id")] = 999_999
        replace_table(content, "partnership", json.dumps(data).encode())

    unfit = rewrite(source.archive, tmp_path / "unfit.zip", change)
    refused(fresh.app, unfit, "do not fit this database, so nothing was restored")
    nothing_written(fresh)


def test_a_manifest_of_another_shape_is_refused(source, fresh, tmp_path):
    """A manifest whose table list is not what a backup writes is refused as damaged."""
    odd = rewrite(source.archive, tmp_path / "odd.zip", edit_manifest(tables=["partner"]))
    refused(fresh.app, odd, "damaged or not a Partnership Planner backup")
    nothing_written(fresh)


def test_a_file_outside_the_instance_is_refused(source, fresh, tmp_path):
    """A member named to land outside the instance's folders (../) is refused; nothing written."""

    def change(content):
        body = b"not yours"
        content["files/../../escaped.txt"] = body
        manifest = json.loads(content["manifest.json"])
        manifest["files"].append(
            {
                "path": "uploads/../../escaped.txt",
                "member": "files/../../escaped.txt",
                "bytes": len(body),
                "sha256": hashlib.sha256(body).hexdigest(),
            }
        )
        content["manifest.json"] = json.dumps(manifest).encode()

    hostile = rewrite(source.archive, tmp_path / "hostile.zip", change)
    refused(fresh.app, hostile, "outside the instance")
    nothing_written(fresh)
    assert not (tmp_path / "escaped.txt").exists()
    assert not (tmp_path.parent / "escaped.txt").exists()


def test_a_database_with_rows_is_refused(source, target):
    """Restoring into a database that already holds an organisation is refused; it is untouched."""
    with target.app.app_context():
        factories.partner(name="Already here")
        db.session.remove()
    before = row_counts(target.app)
    refused(target.app, source.archive, "The database is not empty", "partner")
    assert row_counts(target.app) == before
    assert files_of(target.instance) == {}


def test_a_missing_file_is_refused(fresh, tmp_path):
    """Restoring from a file that is not there says so."""
    refused(fresh.app, tmp_path / "nowhere.zip", "There is no file")


def test_the_backup_is_one_moment_while_another_connection_writes(app, tmp_path):
    """A partner and its partnership saved during a backup are both in it or both not."""
    for _ in range(3):
        factories.partnership()
    project_id = db.session.scalar(sa.select(Partnership.project_id).limit(1))
    engine = db.engine
    errors: list[BaseException] = []

    def write_meanwhile() -> None:
        try:
            with engine.begin() as conn:
                partner = conn.execute(
                    Partner.__table__.insert().values(name="Saved meanwhile", sector="ngo")
                ).inserted_primary_key[0]
                conn.execute(
                    Partnership.__table__.insert().values(
                        project_id=project_id, partner_id=partner, support=set()
                    )
                )
        except BaseException as error:  # reported by the test below
            errors.append(error)

    writer = threading.Thread(target=write_meanwhile)

    def between_tables(conn, cursor, statement, *args) -> None:
        # Once the partners are read and before the partnerships are, the other connection
        # writes both (on SQLite without WAL its commit waits for the backup to finish).
        reads_partnerships = " FROM partnership " in f" {' '.join(statement.split())} "
        if reads_partnerships and writer.ident is None:
            writer.start()
            writer.join(timeout=1)

    archive = tmp_path / "during.zip"
    sa.event.listen(engine, "before_cursor_execute", between_tables)
    try:
        result = app.test_cli_runner().invoke(args=["backup", str(archive)])
    finally:
        sa.event.remove(engine, "before_cursor_execute", between_tables)
        writer.join(timeout=10)
    assert result.exit_code == 0, result.output
    assert not errors
    content = members(archive)
    manifest = json.loads(content["manifest.json"])
    data = {t["name"]: json.loads(content[t["member"]]) for t in manifest["tables"]}
    for entry in manifest["tables"]:
        assert len(data[entry["name"]]["rows"]) == entry["rows"]
    names = {row[data["partner"]["columns"].index("name")] for row in data["partner"]["rows"]}
    partners = {row[data["partner"]["columns"].index("id")] for row in data["partner"]["rows"]}
    linked = data["partnership"]["columns"].index("partner_id")
    assert {row[linked] for row in data["partnership"]["rows"]} <= partners
    assert "Saved meanwhile" not in names
    assert len(data["partnership"]["rows"]) == 3
    # The write was not lost: it is in the database, just after the backup's moment.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Partnership)) == 4


def test_both_commands_explain_themselves(runner):
    """`planner backup --help` and `planner restore --help` say what they do."""
    assert "Write the whole organisation" in runner.invoke(args=["backup", "--help"]).output
    assert "into an empty database" in runner.invoke(args=["restore", "--help"]).output


def test_the_format_and_the_move_to_postgresql_are_documented():
    """The README shows both commands and the move to PostgreSQL; the format has its document."""
    readme = (ROOT / "README.md").read_text()
    assert "`planner backup" in readme and "`planner restore" in readme
    assert "Backup and restore" in readme
    assert "DATABASE_URL" in readme.split("## Backup and restore")[1]
    described = (ROOT / "docs" / "backup-format.md").read_text()
    for word in ("format", "alembic_revision", "sha256", "Decimal", "ISO 8601", "--created"):
        assert word in described


def test_the_archive_is_readable_by_its_owner_only(source):
    """The archive holds password hashes: it is created with mode 0600."""
    assert stat.S_IMODE(source.archive.stat().st_mode) == 0o600


def test_a_database_at_another_migration_is_not_backed_up(app, tmp_path):
    """A database not at this version's migration is refused, with the command that fixes it."""
    factories.partner()
    with db.engine.begin() as conn:
        head = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
        conn.execute(sa.text("UPDATE alembic_version SET version_num = 'fbeea121f91a'"))
    try:
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "old.zip")])
    finally:
        with db.engine.begin() as conn:
            conn.execute(sa.text("UPDATE alembic_version SET version_num = :v"), {"v": head})
    assert result.exit_code != 0
    assert "run `planner db upgrade` first" in result.output
    assert not (tmp_path / "old.zip").exists()
    assert list(tmp_path.iterdir()) == []


def test_a_created_time_that_is_not_iso_is_refused(app, tmp_path):
    """`--created` takes an ISO 8601 time and says so otherwise."""
    result = app.test_cli_runner().invoke(
        args=["backup", str(tmp_path / "x.zip"), "--created", "yesterday"]
    )
    assert result.exit_code != 0
    assert "is not an ISO 8601 time" in result.output


def test_a_database_at_another_migration_is_not_restored_into(source, target):
    """Restoring into a database behind this version's migration says to upgrade it first."""
    with target.app.app_context(), db.engine.begin() as conn:
        head = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
        conn.execute(sa.text("UPDATE alembic_version SET version_num = 'fbeea121f91a'"))
    try:
        refused(target.app, source.archive, "run `planner db upgrade`, then restore")
    finally:
        with target.app.app_context(), db.engine.begin() as conn:
            conn.execute(sa.text("UPDATE alembic_version SET version_num = :v"), {"v": head})
    nothing_written(target)


def test_an_archive_can_be_checked_without_restoring(source, fresh, tmp_path):
    """`restore --check` says a sound archive is sound, refuses a damaged one, writes nothing."""
    result = invoke(fresh.app, "restore", "--check", str(source.archive))
    assert result.exit_code == 0, result.output
    rows = sum(row_counts(source.app).values())
    assert f"is sound: {rows} rows in {len(tables())} tables" in result.output
    broken = tmp_path / "broken.zip"
    broken.write_bytes(flip(source.archive.read_bytes()))
    assert invoke(fresh.app, "restore", "--check", str(broken)).exit_code != 0
    assert row_counts(fresh.app) == {}
    assert files_of(fresh.instance) == {}
