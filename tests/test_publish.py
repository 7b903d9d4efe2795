"""Publishing the public site from the app: what a publication would change, the ZIP equal to
`planner freeze`'s output, the site swapped into PLANNER_PUBLISH_DIR whole, failures that keep
the old site and say why, one publication at a time, the history, in English and Russian."""

import io
import os
import socket
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from planner.enums import Language
from planner.extensions import db
from planner.models import Publication, Report, User
from planner.publishing import publish
from planner.publishing.freeze import freeze_site
from tests import factories
from tests.test_site import build_site

# Pages that list a report beside its own: an edit to the report changes them too.
LISTS = {"index.html", "feed.atom", "sitemap.xml", "partners/index.html"}


@pytest.fixture
def instance(app, tmp_path, monkeypatch):
    """A fresh instance folder: publications keep their ZIPs and previews there."""
    folder = tmp_path / "instance"
    folder.mkdir()
    monkeypatch.setattr(app, "instance_path", str(folder))
    return folder


@pytest.fixture
def site(app, instance):
    return build_site()


@pytest.fixture
def coordinator(client, site):
    """The client signed in as the site's coordinator."""
    client.post(
        "/login",
        data={"email": "coordinator-private@warmhome.test", "password": factories.PASSWORD},
    )
    return db.session.scalar(db.select(User).filter_by(email="coordinator-private@warmhome.test"))


def publish_now(app, user_id=None) -> Publication:
    return publish.run(app, publish.claim(user_id))


def zipped(publication: Publication) -> dict[str, bytes]:
    with zipfile.ZipFile(publish.zip_path(publication)) as packed:
        return {name: packed.read(name) for name in packed.namelist()}


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_the_zip_holds_exactly_what_planner_freeze_writes(app, site, tmp_path):
    """A publication's ZIP has the same files, byte for byte, as `planner freeze` into a folder
    (nothing in either depends on the clock), and no working folder is left behind."""
    done = publish_now(app)
    assert done.status == publish.Status.DONE, done.error
    freeze_site(app, tmp_path / "frozen")
    assert zipped(done) == tree(tmp_path / "frozen")
    assert done.files == len(done.manifest) == len(tree(tmp_path / "frozen"))
    assert done.pages_added == done.files and done.pages_updated == done.pages_removed == 0
    assert not (publish.folder() / f"site-{done.id}").exists()
    # the same site packs to the same bytes
    again = publish_now(app)
    assert publish.zip_path(again).read_bytes() == publish.zip_path(done).read_bytes()
    assert (again.pages_added, again.pages_updated, again.pages_removed) == (0, 0, 0)


def test_after_one_report_edit_only_its_pages_and_the_lists_change(app, site, client, coordinator):
    """The page says which pages publishing now would change; after one report's edit that is
    its page and the lists that show it (home, feed, sitemap, directory at most), and the next
    publication counts the same."""
    other = factories.project(title="Spring Clean", slug="spring-clean")
    spring = factories.report(other, published=True, summary="Bags for all.")
    first = publish_now(app, coordinator.id)

    page = soup(client.get("/publishing/"))
    assert "up to date" in page.select_one(".publication-changes").text

    spring.summary = "Three hundred bags."
    db.session.commit()
    changes = publish.preview(app)
    assert changes.added == changes.removed == []
    assert "reports/spring-clean/index.html" in changes.updated
    assert set(changes.updated) <= {"reports/spring-clean/index.html", *LISTS}
    page = soup(client.get("/publishing/"))
    listed = {code.text for code in page.select(".publication-paths code")}
    assert listed == set(changes.updated)

    second = publish_now(app, coordinator.id)
    assert second.pages_updated == len(changes.updated)
    assert second.pages_added == second.pages_removed == 0
    changed = {k for k in second.manifest if second.manifest[k] != first.manifest.get(k)}
    assert changed == set(changes.updated)
    assert b"Three hundred bags." in zipped(second)["reports/spring-clean/index.html"]


def test_unpublishing_a_report_counts_its_pages_removed(app, site):
    """A report taken off the site shows as removed pages in the next publication."""
    publish_now(app)
    for report in db.session.scalars(db.select(Report)):
        report.published_at = None
    db.session.commit()
    changes = publish.preview(app)
    assert "reports/winter-warmth/index.html" in changes.removed
    done = publish_now(app)
    assert done.pages_removed == len(changes.removed)


def test_the_publish_folder_gets_the_new_site_in_one_swap(app, site, tmp_path):
    """With PLANNER_PUBLISH_DIR, `current` points to the newest complete site; the one before
    stays (a visitor may be reading it), older ones go, no partial folder is left."""
    target = tmp_path / "www"
    target.mkdir()
    app.config["PUBLISH_DIR"] = str(target)
    first = publish_now(app)
    assert os.readlink(target / "current") == f"site-{first.id}"
    assert tree(target / "current") == zipped(first)
    second = publish_now(app)
    third = publish_now(app)
    assert os.readlink(target / "current") == f"site-{third.id}"
    assert sorted(p.name for p in target.iterdir()) == [
        "current",
        f"site-{second.id}",
        f"site-{third.id}",
    ]


def test_a_failed_publication_keeps_the_old_site_and_says_why(
    app, site, tmp_path, client, coordinator
):
    """A publish folder that cannot be written fails the publication: `current` still serves
    the last good site, the page shows the error's last lines, the history says Failed."""
    target = tmp_path / "www"
    target.mkdir()
    app.config["PUBLISH_DIR"] = str(target)
    good = publish_now(app, coordinator.id)
    before = tree(target / "current")

    app.config["PUBLISH_DIR"] = str(target / "current" / "index.html")  # a file, not a folder
    failed = publish_now(app, coordinator.id)
    assert failed.status == publish.Status.FAILED and failed.running is None
    assert os.readlink(target / "current") == f"site-{good.id}"
    assert tree(target / "current") == before

    page = soup(client.get("/publishing/"))
    result = page.select_one(".publication-result")
    assert result.h2.text == "The last publication failed"
    assert "Not a directory" in result.select_one("pre").text
    assert "stays as it was" in result.text
    rows = page.select("table.publications tbody tr")
    assert [row.select("td")[2].text for row in rows] == ["Failed", "Published"]
    # the next publication compares with the last good one
    app.config["PUBLISH_DIR"] = str(target)
    assert publish.last_published().id == good.id


def test_a_configured_failure_fails_without_touching_anything(app, site):
    """PUBLISH_FAILURE (for trying the page) fails a publication with that message."""
    app.config["PUBLISH_FAILURE"] = "The host is down for maintenance."
    failed = publish_now(app)
    assert failed.status == publish.Status.FAILED
    assert failed.error.splitlines()[-1] == "RuntimeError: The host is down for maintenance."
    assert not publish.zip_path(failed).exists()


def test_one_publication_at_a_time(app, site, client, coordinator):
    """While one runs, a second press says so and shows its progress; a publication whose
    process died is marked failed, and the next may start."""
    running = publish.claim(coordinator.id)
    running.pid, running.host = os.getpid(), socket.gethostname()
    db.session.commit()
    with pytest.raises(publish.Busy):
        publish.claim(None)

    response = client.post("/publishing/", follow_redirects=True)
    page = soup(response)
    assert "A publication is already running" in page.select_one(".flashes").text
    progress = page.select_one("#publication")
    assert progress.h2.text == "Publishing the site…"
    assert progress["hx-trigger"] == "every 1s"
    assert "Started by Cora." in progress.text
    assert db.session.scalar(db.select(db.func.count(Publication.id))) == 1

    fragment = client.get(f"/publishing/{running.id}/progress", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<h1" not in fragment.get_data(as_text=True)

    running.pid = 2**22 + 12345  # no such process
    db.session.commit()
    done = client.get(f"/publishing/{running.id}/progress", headers={"HX-Request": "true"})
    assert done.status_code == 204 and done.headers["HX-Refresh"] == "true"
    db.session.refresh(running)
    assert running.status == publish.Status.FAILED
    assert "stopped before it finished" in running.error
    assert publish.claim(None).status == publish.Status.RUNNING


def test_the_zip_downloads_from_the_page_and_the_history_says_who(app, site, client, coordinator):
    """After a publication the page offers its ZIP and lists it: when, by whom, how many
    pages changed."""
    done = publish_now(app, coordinator.id)
    page = soup(client.get("/publishing/"))
    link = page.select_one(".publication-result a.button")
    assert link.text == "Download the site (ZIP)"
    with client.get(link["href"]) as response:
        assert response.mimetype == "application/zip"
        assert zipfile.ZipFile(io.BytesIO(response.data)).namelist() == sorted(done.manifest)
    row = page.select_one("table.publications tbody tr").select("td")
    assert [cell.text for cell in row[1:4]] == ["Cora", "Published", str(done.pages_added)]
    assert client.get("/publishing/999/site.zip").status_code == 404


def test_publishing_a_report_points_to_the_public_site_page(app, site, client, coordinator):
    """The report's Publish no longer asks for a command: it links to the Public site page."""
    project = factories.project(title="Spring Clean", slug="spring-clean")
    factories.report(project, summary="Bags.", narrative="Bags for all.")
    response = client.post("/projects/spring-clean/report/publish", follow_redirects=True)
    flashes = soup(response).select_one(".flashes")
    assert flashes.text.strip() == (
        "The report is published. To put it on the public site, publish the site on the"
        " Public site page."
    )
    assert flashes.select_one("a")["href"] == "/publishing/"


def test_the_page_in_russian(app, site, client, coordinator):
    """The page, its counts (1, 2, 5, 21 files), the button and the history speak Russian."""
    coordinator.language = Language.RU
    db.session.commit()
    page = soup(client.get("/publishing/"))
    assert page.h1.text == "Публичный сайт"
    assert page.select_one(".publication-changes button").text == "Опубликовать"
    assert "Ещё ничего не публиковалось" in page.select_one(".publication-changes").text
    publish_now(app, coordinator.id)
    page = soup(client.get("/publishing/"))
    assert page.select_one(".publication-result a.button").text == "Скачать сайт (ZIP)"
    assert page.select_one("#history-heading").text == "Публикации"
    assert "ничего не изменится" in page.select_one(".publication-changes").text
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        from flask_babel import ngettext

        says = [
            ngettext("The site has %(num)d file.", "The site has %(num)d files.", n)
            for n in (1, 2, 5, 21)
        ]
    assert says == [
        "На сайте 1 файл.",
        "На сайте 2 файла.",
        "На сайте 5 файлов.",
        "На сайте 21 файл.",
    ]


def test_the_progress_in_russian(app, site, client, coordinator):
    """A running publication's progress speaks Russian, its seconds in the right plural."""
    coordinator.language = Language.RU
    running = publish.claim(coordinator.id, expected=21)
    running.pid, running.host = os.getpid(), socket.gethostname()
    db.session.commit()
    fragment = soup(
        client.get(f"/publishing/{running.id}/progress", headers={"HX-Request": "true"})
    )
    assert fragment.h2.text == "Публикуем сайт…"
    assert fragment.select_one(".publication-count").text == "Записано файлов: 0 из примерно 21"
    assert "Кто запустил: Cora." in fragment.text
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        from flask_babel import ngettext

        says = [
            ngettext("Running for %(num)d second.", "Running for %(num)d seconds.", n)
            for n in (1, 2, 5, 21)
        ]
    assert says == ["Идёт 1 секунду.", "Идёт 2 секунды.", "Идёт 5 секунд.", "Идёт 21 секунду."]


def test_a_publication_elsewhere_or_just_starting_is_not_taken_for_dead(app, site):
    """A process on another machine is not judged from this one; a publication that never
    got a process is released after START_WITHIN seconds."""
    elsewhere = publish.claim(None)
    elsewhere.pid, elsewhere.host = 2**22 + 12345, "another-machine"
    db.session.commit()
    assert publish.running() == elsewhere
    elsewhere.host, elsewhere.pid = socket.gethostname(), None
    db.session.commit()
    assert publish.running() == elsewhere
    elsewhere.started_at -= timedelta(seconds=publish.START_WITHIN + 1)
    db.session.commit()
    assert publish.running() is None
    assert elsewhere.status == publish.Status.FAILED
