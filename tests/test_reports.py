"""Post-project reports, the coordinator's side: the editor, results, photos, thanks and
consent per partner, the preview, publishing, follow-up and the mailing list."""

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask import current_app
from PIL import Image

from planner.enums import Answer, ItemStatus, Satisfaction, Sector, Status
from planner.extensions import db
from planner.models import KeyResult, Partner, Partnership, Photo, Report, Thanks
from tests import factories

HOSTILE_MARKDOWN = """\
Hello **partners**.

<script>alert('script')</script>

<img src="x" onerror="alert('img')">

<a href="javascript:alert('a')" onclick="alert('click')">raw link</a>

[a markdown link](javascript:alert('md'))

[shouting](JAVASCRIPT:alert('upper'))

[entities](&#106;avascript:alert('entity'))

<javascript:alert('autolink')>

![an image](javascript:alert('image'))

[a good link](https://example.org/ok)
"""


# --- helpers --------------------------------------------------------------------------------


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


def flashes(page) -> list[str]:
    return [text(p) for p in page.select(".flashes .flash")]


def textarea(page, id_: str) -> str:
    """A textarea's value as a browser reads it (the newline after the tag is not content)."""
    return page.find("textarea", id=id_).get_text().removeprefix("\r\n").removeprefix("\n")


def stored_report(project) -> Report | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(Report).where(Report.project_id == project.id))


def assert_no_active_content(node) -> None:
    """No script element, no on* attribute, no javascript: address survives."""
    assert node.find("script") is None
    for element in node.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), f"{element.name} has {name}"
            if name.lower() in ("href", "src"):
                assert not str(value).strip().lower().startswith("javascript:"), element


def jpeg(size=(2400, 1800), exif: bool = True) -> bytes:
    """A real JPEG from Pillow, with camera metadata unless told otherwise."""
    image = Image.new("RGB", size, (200, 80, 40))
    out = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCam Inc."  # Make
        data[0x0110] = "Model X"  # Model
        data[0x0131] = "GPS-leaking firmware"  # Software
        image.save(out, "JPEG", exif=data.tobytes())
    else:
        image.save(out, "JPEG")
    return out.getvalue()


def upload(client, project, data: bytes | None, alt: str = "Volunteers at work", name="a.jpg"):
    """Press "Add the photo" in the editor's one form."""
    form = {"action": "add-photo", "alt": alt, "credit": "Anna"}
    if data is not None:
        form["photo"] = (io.BytesIO(data), name)
    return client.post(
        f"/projects/{project.slug}/report/", data=form, content_type="multipart/form-data"
    )


def add_result(client, project, headers=None, **fields):
    """Press "Add the result" in the editor's one form."""
    return client.post(
        f"/projects/{project.slug}/report/",
        data={"action": "add-result", **fields},
        headers=headers,
    )


def save_sections(client, project, *sections: dict, headers=None, follow_redirects=False):
    """Press Save in the editor with these partners' sections (and nothing else) sent."""
    data = {"action": "save"}
    for fields in sections:
        data.update(fields)
    return client.post(
        f"/projects/{project.slug}/report/",
        data=data,
        headers=headers,
        follow_redirects=follow_redirects,
    )


def section(pid: int, **fields) -> dict:
    """The form data of one partner's section (prefixed p<id>-); unchecked boxes are absent."""
    data = {"made_possible": "", "thank_you": "", "quote": ""}
    data.update(fields)
    return {f"p{pid}-{k}": ("y" if v is True else v) for k, v in data.items() if v is not False}


@pytest.fixture
def project(app):
    return factories.project(title="Winter Warmth", slug="winter-warmth", territory="North")


@pytest.fixture
def took_part(project):
    """Two partners that took part, one that never got past candidate."""
    bakery = factories.partnership(
        project,
        factories.partner(name="North Bakery", sector=Sector.BUSINESS, email="olga@bakery.test"),
        status=Status.COMPLETED,
    )
    shop = factories.partnership(
        project,
        factories.partner(name="Quiet Shop", sector=Sector.BUSINESS, email="ivan@shop.test"),
        status=Status.ACTIVE,
    )
    candidate = factories.partnership(
        project, factories.partner(name="Maybe Radio", sector=Sector.MEDIA)
    )
    for p in (bakery, shop):
        factories.commitment(p, status=ItemStatus.DELIVERED, value=Decimal(500))
    return bakery, shop, candidate


# --- the editor: summary and story ------------------------------------------------------


def test_report_page_needs_sign_in(client, user, project):
    response = client.get(f"/projects/{project.slug}/report/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_create_and_edit_the_report(client, auth, project):
    """The first save creates the report; the next one edits it, nothing else is created."""
    page = html(client.get(f"/projects/{project.slug}/report/"))
    assert "Report on “Winter Warmth”" in text(page.find("h1"))
    assert stored_report(project) is None

    response = client.post(
        f"/projects/{project.slug}/report/",
        data={"summary": "Forty elders ate warm meals.", "narrative": "It *worked*."},
    )
    assert response.status_code == 302
    report = stored_report(project)
    assert report.summary == "Forty elders ate warm meals."
    assert report.published_at is None

    page = html(
        client.post(
            f"/projects/{project.slug}/report/",
            data={"summary": "Sixty elders ate warm meals.", "narrative": "It worked **well**."},
            follow_redirects=True,
        )
    )
    assert "The report is saved." in flashes(page)
    assert textarea(page, "summary") == "Sixty elders ate warm meals."
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)) == 1
    assert stored_report(project).narrative == "It worked **well**."


def test_too_long_summary_is_refused_beside_the_field(client, auth, project):
    page = html(
        client.post(
            f"/projects/{project.slug}/report/", data={"summary": "x" * 2001, "narrative": "kept"}
        )
    )
    assert page.select_one("#summary-field .error") is not None
    assert textarea(page, "narrative") == "kept"
    assert stored_report(project) is None


def test_markdown_story_is_rendered_without_active_content(client, auth, project):
    """Raw HTML shows as text, javascript: links are not links: in the preview and the site."""
    client.post(
        f"/projects/{project.slug}/report/",
        data={"summary": "Warm meals.", "narrative": HOSTILE_MARKDOWN},
    )
    preview = html(client.get(f"/projects/{project.slug}/report/preview"))
    story = preview.select_one("section.narrative")
    assert story.find("strong").get_text() == "partners"
    assert [a["href"] for a in story.find_all("a")] == ["https://example.org/ok"]
    assert story.find("img") is None
    assert "<script>alert('script')</script>" in story.get_text()
    assert_no_active_content(preview)

    client.post(f"/projects/{project.slug}/report/publish")
    auth.logout()
    public = html(client.get(f"/site/reports/{project.slug}/"))
    assert_no_active_content(public)
    assert_no_active_content(public.select_one("section.narrative"))
    assert "&lt;script&gt;" in str(public.select_one("section.narrative"))


def test_a_story_shows_no_image_from_another_server(client, auth, project):
    """An image in a story becomes a link: no reader's browser fetches it from elsewhere."""
    client.post(
        f"/projects/{project.slug}/report/",
        data={
            "summary": "Warm meals.",
            "narrative": "The van: ![our van](http://elsewhere.example/van.png).",
            "action": "publish",
        },
    )
    auth.logout()
    story = html(client.get(f"/site/reports/{project.slug}/")).select_one("section.narrative")
    assert story.find("img") is None
    link = story.find("a")
    assert (link["href"], text(link)) == ("http://elsewhere.example/van.png", "our van")


def test_a_story_shows_the_reports_own_photos(client, project):
    """`![text](photo-2)` shows the report's second photo in the story, with that text as
    its alt; a number the report has no photo for stays a link."""
    report = factories.report(
        project,
        published=True,
        narrative="The van: ![our van at the door](photo-2). Later: ![gone](photo-9).",
    )
    factories.photo(report, alt="The kitchen")
    van = factories.photo(report, alt="A van", size=(640, 480))
    story = html(client.get(f"/site/reports/{project.slug}/")).select_one("section.narrative")
    img = story.find("img")
    assert (img["src"], img["alt"]) == (f"/site/media/{van.file}", "our van at the door")
    assert (img["width"], img["height"]) == ("640", "480")
    assert [(a["href"], text(a)) for a in story.find_all("a")] == [("photo-9", "gone")]


def test_editor_shows_the_story_as_typed_without_running_it(client, auth, project):
    factories.report(project, narrative=HOSTILE_MARKDOWN, summary="<b onmouseover=x>hi</b>")
    page = html(client.get(f"/projects/{project.slug}/report/"))
    assert_no_active_content(page.find("main"))
    assert textarea(page, "narrative") == HOSTILE_MARKDOWN.strip()


# --- key results ----------------------------------------------------------------------------


def test_key_results_are_added_listed_and_removed(client, auth, project):
    response = add_result(client, project, label="elders ate warm meals", value="60", unit="people")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("#results")
    add_result(client, project, label="meals served", value="1 250", unit="")
    results = db.session.scalars(sa.select(KeyResult).order_by(KeyResult.id)).all()
    assert [(r.label, r.value, r.unit) for r in results] == [
        ("elders ate warm meals", Decimal(60), "people"),
        ("meals served", Decimal(1250), ""),
    ]
    page = html(client.get(f"/projects/{project.slug}/report/"))
    assert [text(li) for li in page.select("#results li")] == [
        "60 people elders ate warm meals Remove",
        "1,250 meals served Remove",
    ]

    response = client.post(
        f"/projects/{project.slug}/report/", data={"remove_result": str(results[0].id)}
    )
    assert response.headers["Location"].endswith("#results")
    assert db.session.scalars(sa.select(KeyResult.label)).all() == ["meals served"]


def test_key_result_needs_a_label_and_a_figure(client, auth, project):
    page = html(add_result(client, project, label="", value="lots"))
    assert page.select_one("#label-field .error") is not None
    assert page.select_one("#value-field .error") is not None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(KeyResult)) == 0


# --- photos ---------------------------------------------------------------------------------


def test_large_photo_is_stored_resized_without_camera_data(client, auth, project):
    original = jpeg((2400, 1800))
    assert Image.open(io.BytesIO(original)).getexif()  # the test photo does carry EXIF
    response = upload(client, project, original)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("#photos")

    photo = db.session.scalar(sa.select(Photo))
    assert (photo.width, photo.height) == (1600, 1200)
    assert photo.alt == "Volunteers at work"
    assert photo.credit == "Anna"
    path = Path(current_app.instance_path) / "uploads" / photo.file
    stored = path.read_bytes()
    assert b"SecretCam" not in stored
    assert b"Exif" not in stored[:4096]
    with Image.open(path) as image:
        assert image.format == "JPEG"
        assert max(image.size) <= 1600
        assert image.size == (1600, 1200)
        assert not image.getexif()
        assert "exif" not in image.info

    page = html(client.get(f"/projects/{project.slug}/report/"))
    img = page.select_one("#photos .photo-grid img")
    assert img["alt"] == "Volunteers at work"
    with client.get(img["src"]) as response:
        assert response.status_code == 200
        assert response.data == stored


def test_tall_photo_keeps_its_proportions(client, auth, project):
    upload(client, project, jpeg((1000, 3200), exif=False))
    photo = db.session.scalar(sa.select(Photo))
    assert (photo.width, photo.height) == (500, 1600)


def test_small_photo_is_not_enlarged(client, auth, project):
    upload(client, project, jpeg((640, 480)))
    photo = db.session.scalar(sa.select(Photo))
    assert (photo.width, photo.height) == (640, 480)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"%PDF-1.7\n%fake pdf\n", "photo.jpg"),
        (b"just some text, not a picture", "photo.jpg"),
        (b"\xff\xd8\xff\xe0 truncated jpeg", "broken.jpg"),
    ],
)
def test_non_image_is_refused_beside_the_field(client, auth, project, data, name):
    uploads = Path(current_app.instance_path) / "uploads"
    before = set(uploads.glob("*"))
    response = upload(client, project, data, name=name)
    assert response.status_code == 200
    page = html(response)
    error = page.select_one("#photo-field .error")
    assert error is not None
    assert "JPEG" in text(error) or "could not be read" in text(error)
    assert page.select_one("#photo")["aria-invalid"] == "true"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Photo)) == 0
    assert set(uploads.glob("*")) == before


def test_a_huge_image_is_refused_from_its_header(client, auth, project):
    """An image of more than 40 megapixels (a small file that would take seconds and a
    gigabyte to decode) is refused with its size, before anything is decoded or stored."""
    out = io.BytesIO()
    Image.new("1", (7000, 7000)).save(out, "PNG")  # 49 megapixels in a few kilobytes
    assert len(out.getvalue()) < 100_000
    page = html(upload(client, project, out.getvalue(), name="bomb.png"))
    assert text(page.select_one("#photo-field .error")) == (
        "The image is 7000 × 7000 pixels: upload one of up to 40 megapixels"
        " (a photo resized for the web is plenty)."
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Photo)) == 0


def test_photo_needs_a_description(client, auth, project):
    page = html(upload(client, project, jpeg((800, 600)), alt=""))
    assert "Every photo needs a description." in text(page.select_one("#alt-field .error"))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Photo)) == 0


def test_photo_needs_a_file(client, auth, project):
    page = html(upload(client, project, None))
    assert "Choose a photo." in text(page.select_one("#photo-field .error"))


def test_photo_is_removed(client, auth, project):
    upload(client, project, jpeg((800, 600)))
    photo = db.session.scalar(sa.select(Photo))
    client.post(f"/projects/{project.slug}/report/", data={"remove_photo": str(photo.id)})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Photo)) == 0


# --- thanks and consent per partner -----------------------------------------------------


def test_a_section_per_partner_that_took_part(client, auth, project, took_part):
    bakery, shop, _candidate = took_part
    page = html(client.get(f"/projects/{project.slug}/report/"))
    sections = page.select("#report-form .partner-section")
    assert [f["id"] for f in sections] == [f"partner-{bakery.id}", f"partner-{shop.id}"]
    assert [f["aria-label"] for f in sections] == [
        "Section: North Bakery",
        "Section: Quiet Shop",
    ]
    assert "Maybe Radio" not in text(page.find("main"))
    # nothing is consented to until the coordinator records it
    assert not page.select(".partner-section input[type=checkbox][checked]")


def test_thanks_and_consent_are_saved_per_partner(client, auth, project, took_part):
    bakery, shop, _ = took_part
    response = save_sections(
        client,
        project,
        section(
            bakery.id,
            made_possible="Bread for sixty elders.",
            thank_you="Thank you, Olga!",
            consent_name=True,
            consent_quote=True,
            quote="We were glad to help.",
        ),
        follow_redirects=True,
    )
    assert "The report is saved." in flashes(html(response))
    db.session.expire_all()
    thanks = db.session.scalar(sa.select(Thanks).where(Thanks.partnership_id == bakery.id))
    assert (thanks.made_possible, thanks.thank_you) == (
        "Bread for sixty elders.",
        "Thank you, Olga!",
    )
    saved = db.session.get(Partnership, bakery.id)
    assert (saved.consent_name, saved.consent_logo, saved.consent_quote) == (True, False, True)
    assert saved.quote == "We were glad to help."
    untouched = db.session.get(Partnership, shop.id)
    assert (untouched.consent_name, untouched.consent_logo, untouched.consent_quote) == (
        False,
        False,
        False,
    )

    # saved again without the boxes ticked: consent is withdrawn, the thanks stay one row
    save_sections(
        client, project, section(bakery.id, made_possible="Bread.", quote="We were glad to help.")
    )
    db.session.expire_all()
    saved = db.session.get(Partnership, bakery.id)
    assert (saved.consent_name, saved.consent_logo, saved.consent_quote) == (False, False, False)
    assert db.session.scalars(sa.select(Thanks.made_possible)).all() == ["Bread."]

    page = html(client.get(f"/projects/{project.slug}/report/"))
    assert textarea(page, f"p{bakery.id}-made_possible") == "Bread."


def test_each_section_shows_its_own_partners_texts_and_boxes(client, auth, project, took_part):
    """Sections filled from one pattern show each partner's own words and ticks, as typed."""
    bakery, shop, _ = took_part
    typed = '<b>Bread</b> & "{quote}" for {id} elders'
    save_sections(
        client,
        project,
        section(bakery.id, made_possible=typed, consent_logo=True, quote="Glad {name}"),
        section(shop.id, thank_you="Thanks, shop!", consent_name=True, consent_quote=True),
    )
    page = html(client.get(f"/projects/{project.slug}/report/"))
    assert textarea(page, f"p{bakery.id}-made_possible") == typed
    assert textarea(page, f"p{bakery.id}-quote") == "Glad {name}"
    assert textarea(page, f"p{bakery.id}-thank_you") == ""
    assert textarea(page, f"p{shop.id}-thank_you") == "Thanks, shop!"
    assert textarea(page, f"p{shop.id}-made_possible") == ""
    ticked = [box["id"] for box in page.select(".partner-section input[type=checkbox][checked]")]
    assert ticked == [
        f"p{bakery.id}-consent_logo",
        f"p{shop.id}-consent_name",
        f"p{shop.id}-consent_quote",
    ]
    bakery_form = page.select_one(f"#partner-{bakery.id}")
    assert text(bakery_form.h3).startswith("North Bakery")
    assert bakery_form.find("button") is None  # the report's one Save saves every section
    label = bakery_form.select_one(f"label[for=p{bakery.id}-made_possible]")
    assert text(label) == "What its help made possible"


def test_section_of_another_projects_partnership_is_ignored(client, auth, project, took_part):
    """Fields sent for a partnership of another project change nothing of it."""
    other = factories.partnership(status=Status.ACTIVE)
    response = save_sections(client, project, section(other.id, consent_name=True))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Partnership, other.id).consent_name is False


# --- preview and publishing -----------------------------------------------------------------


def test_preview_shows_exactly_what_the_public_page_shows(client, auth, project, took_part):
    bakery, shop, _ = took_part
    client.post(
        f"/projects/{project.slug}/report/",
        data={"summary": "Sixty elders, one winter.", "narrative": "We *did* it."},
    )
    add_result(client, project, label="elders", value="60", unit="people")
    upload(client, project, jpeg((900, 600)))
    save_sections(
        client,
        project,
        section(bakery.id, made_possible="Bread for all.", consent_name=True),
        section(shop.id, made_possible="Blankets for all."),
    )
    preview = html(client.get(f"/projects/{project.slug}/report/preview")).find("main")
    assert "North Bakery" in text(preview)
    assert "Quiet Shop" not in text(preview)
    assert "A local business" in text(preview)
    # not published yet: the public page does not exist
    assert client.get(f"/site/reports/{project.slug}/").status_code == 404

    response = client.post(f"/projects/{project.slug}/report/publish", follow_redirects=True)
    assert any("published" in f for f in flashes(html(response)))
    auth.logout()
    public = html(client.get(f"/site/reports/{project.slug}/")).find("main")
    assert str(public) == str(preview)


def test_publish_and_unpublish(client, auth, project, took_part):
    factories.report(project, summary="Sixty elders, one winter.")
    client.post(f"/projects/{project.slug}/report/publish")
    first = stored_report(project).published_at
    assert first is not None
    # publishing again keeps the first date
    client.post(f"/projects/{project.slug}/report/publish")
    assert stored_report(project).published_at == first
    editor = html(client.get(f"/projects/{project.slug}/report/"))
    assert "Published" in text(editor.find("h1"))
    assert editor.find("button", string="Unpublish") is not None

    auth.logout()
    home = html(client.get("/site/"))
    assert [text(a) for a in home.select(".report-list h2 a")] == ["Winter Warmth"]
    assert client.get(f"/site/reports/{project.slug}/").status_code == 200

    auth.login()
    response = client.post(f"/projects/{project.slug}/report/unpublish", follow_redirects=True)
    assert "The report is unpublished." in flashes(html(response))
    assert stored_report(project).published_at is None
    auth.logout()
    assert client.get(f"/site/reports/{project.slug}/").status_code == 404
    assert html(client.get("/site/")).select(".report-list") == []


def test_publish_without_a_report_is_404(client, auth, project):
    assert client.post(f"/projects/{project.slug}/report/publish").status_code == 404
    assert client.get(f"/projects/{project.slug}/report/preview").status_code == 404


# --- follow-up and the mailing list ---------------------------------------------------------


def follow_up(client, project, pid, headers=None, **fields):
    data = {
        "satisfaction": "",
        "again_us": "",
        "again_them": "",
        "follow_up_note": "",
        "updates_consent_on": "",
        "updates_consent_how": "",
    }
    data.update(fields)
    return client.post(
        f"/projects/{project.slug}/report/follow-up",
        data={f"f{pid}-{k}": ("y" if v is True else v) for k, v in data.items() if v is not False},
        headers=headers,
        follow_redirects=True,
    )


def test_follow_up_is_recorded(client, auth, project, took_part):
    bakery, shop, _ = took_part
    page = html(client.get(f"/projects/{project.slug}/report/follow-up"))
    assert [r["id"] for r in page.select("#follow-up-form tbody tr")] == [
        f"follow-{bakery.id}",
        f"follow-{shop.id}",
    ]
    assert len(page.select("#follow-up-form button[type=submit]")) == 1
    response = follow_up(
        client,
        project,
        bakery.id,
        satisfaction="very_satisfied",
        again_us="yes",
        again_them="yes",
        follow_up_note="Wants to sponsor the summer camp.",
        updates_consent=True,
        updates_consent_on="2026-03-31",
        updates_consent_how="signed form",
    )
    assert "The follow-up is saved." in flashes(html(response))
    db.session.expire_all()
    saved = db.session.get(Partnership, bakery.id)
    assert saved.satisfaction is Satisfaction.VERY_SATISFIED
    assert (saved.again_us, saved.again_them) == (Answer.YES, Answer.YES)
    assert saved.follow_up_note == "Wants to sponsor the summer camp."
    partner = db.session.get(Partner, saved.partner_id)
    assert partner.updates_consent is True
    assert partner.updates_consent_on == date(2026, 3, 31)
    assert partner.updates_consent_how == "signed form"

    page = html(client.get(f"/projects/{project.slug}/report/follow-up"))
    assert (
        page.find("select", id=f"f{bakery.id}-satisfaction").find("option", selected=True)["value"]
        == "very_satisfied"
    )


def test_mailing_list_holds_only_partners_with_updates_consent(client, auth, project, took_part):
    bakery, shop, candidate = took_part
    follow_up(
        client,
        project,
        bakery.id,
        updates_consent=True,
        updates_consent_on="2026-03-31",
        updates_consent_how="signed form",
    )
    follow_up(client, project, shop.id, satisfaction="mixed", updates_consent=False)
    # a partner with consent but outside this project's partnerships is not on it either
    elsewhere = factories.partner(name="Other Org", email="x@other.test", updates_consent=True)
    factories.partnership(partner=elsewhere, status=Status.COMPLETED)
    candidate.partner.updates_consent = True
    candidate.partner.email = "radio@maybe.test"
    db.session.commit()

    response = client.get(f"/projects/{project.slug}/report/mailing-list.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert rows == [
        {
            "organisation": "North Bakery",
            "contact": "",
            "email": "olga@bakery.test",
            "consent_on": "2026-03-31",
            "consent_how": "signed form",
            "sector": "business",
        }
    ]

    # withdrawn consent takes the partner off the list
    follow_up(client, project, bakery.id, updates_consent=False)
    response = client.get(f"/projects/{project.slug}/report/mailing-list.csv")
    assert list(csv.DictReader(io.StringIO(response.get_data(as_text=True)))) == []


def test_mailing_list_cells_cannot_run_formulas(client, auth, project):
    p = factories.partnership(
        project,
        factories.partner(name='=HYPERLINK("http://evil")', email="a@b.test", updates_consent=True),
        status=Status.COMPLETED,
    )
    assert p.id
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(f"/projects/{project.slug}/report/mailing-list.csv").get_data(
                    as_text=True
                )
            )
        )
    )
    assert not rows[1][0].startswith("=")


# --- in Russian -----------------------------------------------------------------------------

RUSSIAN = {"Accept-Language": "ru"}


def test_editor_speaks_russian_to_a_russian_browser(client, auth, project, took_part):
    """The report editor's headings, labels, buttons and counts in Russian."""
    factories.key_result(factories.report(project), label="обедов", value=1500)
    page = html(client.get(f"/projects/{project.slug}/report/", headers=RUSSIAN))
    assert page.html["lang"] == "ru"
    assert text(page.h1).startswith("Отчёт для партнёров: «Winter Warmth»")
    assert [text(h) for h in page.select("main h2")] == [
        "Кратко и подробно",
        "Ключевые результаты",
        "Фотографии",
        "Раздел для каждого партнёра",
    ]
    assert text(page.find("label", attrs={"for": "label"})) == "Чего удалось добиться"
    result = page.select_one("#results li")
    assert result.strong.get_text().strip() == "1\u00a0500" and "обедов" in text(result)
    assert "Участвовали 2 партнёра." in text(page)
    bakery = page.find("section", id=f"partner-{took_part[0].id}")
    assert text(bakery.legend) == "Согласие"
    assert bakery["aria-label"] == "Раздел: North Bakery"
    assert text(page.select_one(".save-bar button")) == "Сохранить отчёт"
    assert text(page.select_one("#publish-why")) == (
        "Публиковать пока рано. В отчёте ещё нет краткого описания — напишите его и сохраните."
    )
    assert "Save the report" not in page.text and "Key results" not in page.text


@pytest.mark.parametrize(
    ("count", "shown"),
    [
        (1, "1 ключевой результат"),
        (2, "2 ключевых результата"),
        (5, "5 ключевых результатов"),
        (21, "21 ключевой результат"),
    ],
)
def test_key_results_are_counted_in_russian(client, auth, project, count, shown):
    """The count of key results takes the Russian form for its number."""
    report = factories.report(project)
    for _ in range(count):
        factories.key_result(report)
    page = html(client.get(f"/projects/{project.slug}/report/", headers=RUSSIAN))
    assert text(page.select_one("#results .meta")) == shown


def test_russian_field_error_and_flash(client, auth, project, took_part):
    """A missing figure is refused in Russian beside its field; saving flashes in Russian."""
    response = add_result(client, project, headers=RUSSIAN, label="обедов", value="")
    page = html(response)
    assert text(page.find(id="value-error")) == "Укажите число."

    saved = client.post(
        f"/projects/{project.slug}/report/",
        data={"summary": "Шестьдесят пожилых людей.", "narrative": ""},
        headers=RUSSIAN,
        follow_redirects=True,
    )
    assert flashes(html(saved)) == ["Отчёт сохранён."]
    bakery = took_part[0]
    refused = save_sections(client, project, section(bakery.id, quote="ы" * 2001), headers=RUSSIAN)
    assert text(html(refused).select_one(".error-summary li")).startswith(
        "Раздел: North Bakery, «Цитата»:"
    )


def test_follow_up_and_mailing_list_in_russian(client, auth, project, took_part):
    """The follow-up screen and the mailing list's headers speak the reader's language."""
    page = html(client.get(f"/projects/{project.slug}/report/follow-up", headers=RUSSIAN))
    assert text(page.h1) == "После проекта"
    bakery = took_part[0]
    choice = page.find("select", id=f"f{bakery.id}-satisfaction").find("option")
    assert text(choice) == "— не спрашивали —"
    assert text(page.find("label", attrs={"for": f"f{bakery.id}-again_them"})) == (
        "Хочет ли партнёр работать вместе снова?"
    )
    saved = follow_up(client, project, bakery.id, headers=RUSSIAN, updates_consent=True)
    assert flashes(html(saved)) == ["Итоги работы с партнёрами сохранены."]
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    f"/projects/{project.slug}/report/mailing-list.csv", headers=RUSSIAN
                ).get_data(as_text=True)
            )
        )
    )
    assert rows[0] == [
        "Организация",
        "Контактное лицо",
        "Эл. почта",
        "Дата согласия",
        "Как получено согласие",
        "Сектор",
    ]


def test_preview_speaks_the_sites_language_not_the_coordinators(client, auth, project, took_part):
    """A Russian-speaking coordinator previews an English organisation's report in English."""
    factories.report(project, summary="Sixty elders.")
    page = html(client.get(f"/projects/{project.slug}/report/preview", headers=RUSSIAN))
    assert page.html["lang"] == "en"
    assert text(page.select_one("#partners-h")) == "Our partners"
