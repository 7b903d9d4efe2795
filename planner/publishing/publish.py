"""Publishing the public site from the app: one publication at a time, in a process of its
own, with a ZIP of the site and, when PLANNER_PUBLISH_DIR is set, the site swapped in whole.

A publication freezes into a new folder (never over the site visitors read), writes a
{path: sha256} manifest of it, compares that with the last successful publication's (pages
added, updated, removed), packs the folder into a ZIP and, with a publish folder, renames it
into place and points the `current` symlink at it with one os.replace (atomic on POSIX): a
visitor's server reads the old site or the new one, never half of either. A failure at any
step leaves `current` where it was and records the error's last lines.

`Publication.running` is True only while one runs, under a unique index: a second start
finds the row and is told, whichever worker or process tries.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import traceback
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, current_app

from planner.extensions import db
from planner.models import Publication, now
from planner.publishing.freeze import freeze_site

ERROR_LINES = 12  # of the traceback, shown in the page
ZIPS_KEPT = 5  # the newest publications keep their ZIP; older ones keep their history row
START_WITHIN = 60  # seconds a publication may take to get its process
# Every entry of the ZIP carries this date (ZIP's earliest), so the same site makes the same
# bytes: the archive changes only when the site does.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class Status(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Busy(Exception):
    """Another publication is running."""

    def __init__(self, running: Publication):
        super().__init__(running.id)
        self.running = running


def folder() -> Path:
    """Where publications keep their ZIPs, working folders and the preview."""
    return Path(current_app.instance_path) / "publications"


def zip_path(publication: Publication) -> Path:
    return folder() / f"site-{publication.id}.zip"


def publish_dir() -> Path | None:
    configured = current_app.config.get("PUBLISH_DIR")
    return Path(configured) if configured else None


def work_dir(publication: Publication) -> Path:
    """Where this publication freezes the site: beside the published ones when there is a
    publish folder (a rename then puts it in place), else in the instance folder."""
    target = publish_dir()
    if target is not None:
        return target / f".site-{publication.id}.partial"
    return folder() / f"site-{publication.id}"


# --- manifests and what changed ---------------------------------------------------------------


def manifest_of(site: Path, known: dict | None = None) -> dict[str, str]:
    """{path: sha256} of every file under `site`; `known` ({path: [size, mtime_ns, sha]}) is
    updated in place and saves hashing files that did not move since."""
    found = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        name = path.relative_to(site).as_posix()
        info = path.stat()
        seen = known.get(name) if known is not None else None
        if seen is not None and seen[:2] == [info.st_size, info.st_mtime_ns]:
            found[name] = seen[2]
            continue
        found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        if known is not None:
            known[name] = [info.st_size, info.st_mtime_ns, found[name]]
    return found


@dataclass
class Changes:
    added: list[str]
    updated: list[str]
    removed: list[str]
    total: int

    @property
    def any(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def compare(old: dict[str, str], new: dict[str, str]) -> Changes:
    return Changes(
        added=sorted(new.keys() - old.keys()),
        updated=sorted(p for p in new.keys() & old.keys() if new[p] != old[p]),
        removed=sorted(old.keys() - new.keys()),
        total=len(new),
    )


def last_published() -> Publication | None:
    return db.session.scalar(
        sa.select(Publication)
        .where(Publication.status == Status.DONE)
        .order_by(Publication.id.desc())
        .limit(1)
    )


@contextmanager
def locked(path: Path):
    """Hold an exclusive lock on `path` (two coordinators opening the page at once)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def preview(app: Flask) -> Changes:
    """What a publication now would change: a freeze into a folder kept for previews (the
    freeze's own manifest makes each one render only what moved), compared with the last
    published manifest."""
    base = folder()
    site, hashes = base / "preview", base / "preview.json"
    with locked(base / "preview.lock"):
        freeze_site(app, site)
        try:
            known = json.loads(hashes.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            known = {}
        manifest = manifest_of(site, known)
        known = {name: known[name] for name in manifest}
        hashes.write_text(json.dumps(known), encoding="utf-8")
    last = last_published()
    return compare(last.manifest or {} if last else {}, manifest)


# --- starting one, one at a time ------------------------------------------------------------


def running() -> Publication | None:
    """The publication under way, if any; one whose process died is marked failed."""
    found = db.session.scalar(sa.select(Publication).where(Publication.running.is_(True)))
    if found is not None and died(found):
        fail(found, "The publication's process stopped before it finished.")
        db.session.commit()
        return None
    return found


def died(publication: Publication) -> bool:
    """Whether its process is gone: known on its own machine; a publication that never got a
    process (the web worker stopped while starting it) counts as gone after a while."""
    if publication.pid is None:
        return (now() - publication.started_at).total_seconds() > START_WITHIN
    return publication.host == socket.gethostname() and not alive(publication.pid)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def claim(user_id: int | None, expected: int = 0) -> Publication:
    """A new running publication, or Busy if one is running already."""
    busy = running()
    if busy is not None:
        raise Busy(busy)
    if not expected and (last := last_published()) is not None:
        expected = last.files
    publication = Publication(user_id=user_id, expected=expected, stage="freezing")
    db.session.add(publication)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # another one started between the check and the insert
        db.session.rollback()
        busy = running()
        if busy is None:
            raise
        raise Busy(busy) from None
    return publication


def start(user_id: int | None, expected: int = 0) -> Publication:
    """Claim a publication and run it in a process of its own; return at once."""
    publication = claim(user_id, expected)
    app = current_app
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "PLANNER_INSTANCE_PATH": app.instance_path,
        "SECRET_KEY": app.config["SECRET_KEY"],
        "PLANNER_SITE_URL": app.config["SITE_URL"],
        "PLANNER_FREEZE_PROCESSES": str(app.config["FREEZE_PROCESSES"]),
    }
    env.pop("PLANNER_PUBLISH_DIR", None)
    if app.config.get("PUBLISH_DIR"):
        env["PLANNER_PUBLISH_DIR"] = str(app.config["PUBLISH_DIR"])
    command = [sys.executable, "-c", "from planner.cli import main; main()"]
    try:
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and command)
            [*command, "publish", "--publication", str(publication.id)],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # a restart of the web server does not stop it
        )
    except OSError:
        fail(publication, last_lines(traceback.format_exc()))
        db.session.commit()
        return publication
    # Reap it when it ends (no zombie, so `alive` tells the truth).
    threading.Thread(target=process.wait, name="publication", daemon=True).start()
    publication.pid, publication.host = process.pid, socket.gethostname()
    db.session.commit()
    return publication


# --- running one (in its own process) -------------------------------------------------------


def run(app: Flask, publication: Publication) -> Publication:
    """Freeze, compare, pack and (with a publish folder) swap in; record how it went."""
    publication.pid, publication.host = os.getpid(), socket.gethostname()
    db.session.commit()
    site = work_dir(publication)
    try:
        if app.config.get("PUBLISH_FAILURE"):  # a configured failure, for trying the page
            raise RuntimeError(app.config["PUBLISH_FAILURE"])
        if site.exists():
            shutil.rmtree(site)
        site.mkdir(parents=True)
        freeze_site(app, site)
        manifest = manifest_of(site)
        last = last_published()
        changes = compare(last.manifest or {} if last else {}, manifest)
        set_stage(publication, "packing")
        pack(site, zip_path(publication))
        target = publish_dir()
        if target is not None:
            set_stage(publication, "swapping")
            swap_in(site, target, publication.id)
        else:
            shutil.rmtree(site)
        publication.status = Status.DONE
        publication.manifest = manifest
        publication.files = changes.total
        publication.pages_added = len(changes.added)
        publication.pages_updated = len(changes.updated)
        publication.pages_removed = len(changes.removed)
        publication.finished_at = now()
        publication.running = None
        db.session.commit()
        prune_zips()
    except Exception:
        db.session.rollback()
        shutil.rmtree(site, ignore_errors=True)
        fail(publication, last_lines(traceback.format_exc()))
        db.session.commit()
    return publication


def set_stage(publication: Publication, stage: str) -> None:
    publication.stage = stage
    db.session.commit()


def fail(publication: Publication, error: str) -> None:
    publication.status = Status.FAILED
    publication.error = error
    publication.finished_at = now()
    publication.running = None


def last_lines(text: str) -> str:
    return "\n".join(text.strip().splitlines()[-ERROR_LINES:])


def pack(site: Path, archive: Path) -> None:
    """The whole site as a ZIP, written beside and renamed in (never half an archive)."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    partial = archive.with_suffix(".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as packed:
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            entry = zipfile.ZipInfo(path.relative_to(site).as_posix(), ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            packed.writestr(entry, path.read_bytes())
    os.replace(partial, archive)


def swap_in(site: Path, target: Path, number: int) -> None:
    """Rename the frozen folder to site-N and point target/current at it in one step; keep
    the site it replaced (a visitor may be mid-page), remove older ones."""
    final = target / f"site-{number}"
    os.replace(site, final)
    link = target / "current"
    previous = os.readlink(link) if link.is_symlink() else None
    fresh = target / "current.new"
    fresh.unlink(missing_ok=True)
    fresh.symlink_to(final.name)
    os.replace(fresh, link)
    for old in target.glob("site-*"):
        if old.name not in {final.name, previous} and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)


def prune_zips() -> None:
    kept = db.session.scalars(
        sa.select(Publication.id)
        .where(Publication.status == Status.DONE)
        .order_by(Publication.id.desc())
        .limit(ZIPS_KEPT)
    ).all()
    for archive in folder().glob("site-*.zip"):
        number = archive.stem.removeprefix("site-")
        if number.isdigit() and int(number) not in kept:
            archive.unlink(missing_ok=True)


def has_zip(publication: Publication) -> bool:
    return publication.status == Status.DONE and zip_path(publication).is_file()


def progress(publication: Publication) -> tuple[int, int]:
    """Files the running freeze has written so far, and how many the last site had."""
    site = work_dir(publication)
    done = sum(len(names) for _, _, names in os.walk(site)) if site.is_dir() else 0
    return done, max(publication.expected, done)


def elapsed(publication: Publication) -> int:
    end = publication.finished_at or now()
    return max(0, int((end - publication.started_at).total_seconds()))


def history(limit: int = 20) -> list[Publication]:
    return list(
        db.session.scalars(
            sa.select(Publication)
            .options(sa.orm.joinedload(Publication.user))
            .order_by(Publication.id.desc())
            .limit(limit)
        )
    )
