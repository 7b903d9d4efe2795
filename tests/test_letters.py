"""Commitment letters: a draft follows the matrix, sending freezes it, signing commits.

Also the signed copy: what is accepted (by its bytes, not its name), where it is kept,
and who can download it.
"""

import io
import json
import subprocess
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from babel.dates import format_date
from bs4 import BeautifulSoup
from PIL import Image
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from planner.enums import Direction, ItemStatus, LetterStatus, Status
from planner.extensions import db
from planner.letters.compose import fingerprint
from planner.models import (
    Commitment,
    Letter,
    LetterScan,
    Organisation,
    Partner,
    Partnership,
    StatusChange,
)
from planner.uploads import MAX_BYTES
from tests import factories

# --- helpers --------------------------------------------------------------------------------


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


def flashes(response) -> list[str]:
    return [text(p) for p in html(response).select(".flashes .flash")]


def shown(client, letter_id: int) -> str:
    """The letter as the detail page shows it (the sheet, without the app around it)."""
    response = client.get(f"/letters/{letter_id}/")
    assert response.status_code == 200
    return text(html(response).select_one(".sheet article.letter"))


def printed(client, letter_id: int) -> str:
    """The print view: the letter's own document, with its page CSS (footer) included."""
    response = client.get(f"/letters/{letter_id}/print")
    assert response.status_code == 200
    return response.text


def pdf_text(client, letter_id: int, tmp_path: Path) -> str:
    response = client.get(f"/letters/{letter_id}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    path = tmp_path / f"letter-{letter_id}.pdf"
    path.write_bytes(response.data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True)
    return " ".join(out.stdout.split())


def download(client, url: str):
    """GET a file response and close it (send_file keeps the file open until then)."""
    with client.get(url) as response:
        response.data  # noqa: B018 (read before closing)
        return response


def stored(letter_id: int) -> Letter:
    """The letter as the database holds it now, not as this session remembers it."""
    db.session.expire_all()
    return db.session.get(Letter, letter_id)


def frozen(letter_id: int) -> tuple:
    """The raw stored snapshot and fingerprint, read straight from the table."""
    db.session.expire_all()
    return db.session.execute(
        sa.select(Letter.snapshot, Letter.fingerprint).where(Letter.id == letter_id)
    ).one()


def create(client, partnership, language="en") -> Letter:
    response = client.post(
        f"/partnerships/{partnership.id}/letters/new", data={"language": language}
    )
    assert response.status_code == 302
    letter_id = int(response.location.rstrip("/").rsplit("/", 1)[1])
    return stored(letter_id)


def send(client, letter) -> None:
    response = client.post(f"/letters/{letter.id}/send")
    assert response.status_code == 302


def add_item(client, partnership, description, direction="gives", category="money"):
    """Add a commitment through the matrix form, as a coordinator does."""
    response = client.post(
        f"/partnerships/{partnership.id}/items/new?direction={direction}",
        data={
            "direction": direction,
            "category": category,
            "description": description,
            "status": "planned",
            "need_id": "0",
            "grant_call_id": "0",
        },
    )
    assert response.status_code == 302, response.text


@pytest.fixture
def partnership(user):
    org = db.session.scalar(sa.select(Organisation))
    org.address = "4 Harbour Street\nRiga"
    org.signatory_name = "Ilze Berzina"
    org.signatory_title = "Director"
    db.session.commit()
    item = factories.partnership(
        project=factories.project(title="Winter Warmth", slug="winter-warmth"),
        partner=factories.partner(name="Northern Bakery", contact_person="Anna Smirnova"),
        status=Status.NEGOTIATING,
        partner_contact="Anna Smirnova",
    )
    factories.commitment(item, description="Bread for forty families every week")
    factories.commitment(
        item, direction=Direction.GETS, description="Logo on the winter campaign poster"
    )
    return item


# --- a draft follows the matrix -------------------------------------------------------------


def test_new_draft_lists_the_matrix_and_default_wording(client, auth, partnership):
    letter = create(client, partnership)
    assert letter.status is LetterStatus.DRAFT
    assert letter.reference == f"WW-{date.today().year}-001"
    assert letter.version == 1
    assert letter.place == "Riga"
    body = shown(client, letter.id)
    assert "Letter of mutual commitments" in body
    assert "Northern Bakery commits to: Bread for forty families every week (Money)" in body
    assert "Warm Home Foundation commits to: Logo on the winter campaign poster" in body
    assert "We are glad to work together with Northern Bakery" in body
    assert "Dear Anna Smirnova," in body
    assert "DRAFT" in printed(client, letter.id)


def test_draft_follows_the_matrix(client, auth, partnership, tmp_path):
    """A commitment added after the draft was made is in the draft's view, print and PDF."""
    letter = create(client, partnership)
    assert "Sandwiches for the volunteers" not in shown(client, letter.id)
    add_item(client, partnership, "Sandwiches for the volunteers")
    add_item(
        client,
        partnership,
        "Thank-you post on our website",
        direction="gets",
        category="recognition",
    )
    body = shown(client, letter.id)
    assert "Sandwiches for the volunteers" in body
    assert "Thank-you post on our website" in body
    assert "Sandwiches for the volunteers" in printed(client, letter.id)
    assert "Sandwiches for the volunteers" in pdf_text(client, letter.id, tmp_path)


def test_draft_leaves_out_what_was_not_delivered(client, auth, partnership):
    letter = create(client, partnership)
    factories.commitment(
        partnership, description="Van that never came", status=ItemStatus.NOT_DELIVERED
    )
    assert "Van that never came" not in shown(client, letter.id)


# --- sending freezes ------------------------------------------------------------------------


def test_sending_freezes_view_print_and_pdf(client, auth, partnership, tmp_path):
    """After sending, neither the matrix, the profile nor the partner's name changes the letter."""
    letter = create(client, partnership)
    send(client, letter)
    letter = stored(letter.id)
    assert letter.status is LetterStatus.SENT
    assert letter.sent_on == date.today()
    assert letter.fingerprint == fingerprint(letter.snapshot)
    before = (
        shown(client, letter.id),
        printed(client, letter.id),
        pdf_text(client, letter.id, tmp_path),
    )
    assert letter.fingerprint in before[2]  # the footer: "Fingerprint XXXX-XXXX-XXXX"
    assert f"Fingerprint {letter.fingerprint}" in before[2]
    assert "DRAFT" not in before[1]
    snapshot = frozen(letter.id)

    # The matrix changes: one item added, one rewritten.
    add_item(client, partnership, "A second delivery of flour")
    db.session.execute(
        sa.update(Commitment)
        .where(Commitment.description == "Bread for forty families every week")
        .values(description="Bread for four families, once")
    )
    # The organisation's profile changes, through its form.
    response = client.post(
        "/organisation/",
        data={
            "org_name": "Cold House Trust",
            "address": "9 Other Road\nTallinn",
            "signatory_name": "Someone Else",
            "signatory_title": "Chair",
            "language": "en",
            "currency": "EUR",
        },
    )
    assert response.status_code == 302
    # The partner is renamed and the contact changes.
    partner = db.session.get(Partner, partnership.partner_id)
    partner.name = "Southern Patisserie"
    db.session.get(Partnership, partnership.id).partner_contact = "Boris"
    db.session.commit()

    assert frozen(letter.id) == snapshot
    after = (
        shown(client, letter.id),
        printed(client, letter.id),
        pdf_text(client, letter.id, tmp_path),
    )
    assert after == before
    for words in ("Cold House Trust", "Southern Patisserie", "flour", "four families", "Tallinn"):
        assert words not in after[0]
        assert words not in after[2]
    assert "Warm Home Foundation" in after[2]
    assert "Northern Bakery" in after[2]
    assert "Ilze Berzina" in after[2]


def test_sent_letter_cannot_change_by_any_request(client, auth, partnership):
    letter = create(client, partnership)
    send(client, letter)
    snapshot, digest = frozen(letter.id)
    assert snapshot and digest

    edit = client.post(
        f"/letters/{letter.id}/edit",
        data={"language": "en", "place": "Elsewhere", "opening": "New words", "closing": "Bye"},
    )
    assert edit.status_code == 409
    assert client.post(f"/letters/{letter.id}/edit", data={"language": "ru"}).status_code == 409
    assert client.post(f"/letters/{letter.id}/send").status_code == 409
    assert frozen(letter.id) == (snapshot, digest)
    assert stored(letter.id).sent_on == date.today()

    # What a sent letter may still get (signature, scan, amendment) leaves its snapshot as it was.
    assert client.post(f"/letters/{letter.id}/scan", data={}).status_code == 302
    client.post(f"/letters/{letter.id}/sign", data={"signed_on": "", "partner_signatory": ""})
    assert frozen(letter.id) == (snapshot, digest)
    client.post(
        f"/letters/{letter.id}/sign",
        data={"signed_on": date.today().isoformat(), "partner_signatory": "Anna Smirnova"},
    )
    assert (
        client.post(f"/letters/{letter.id}/decline", data={"declined_on": "2030-01-01"}).status_code
        == 409
    )
    assert (
        client.post(
            f"/letters/{letter.id}/sign", data={"signed_on": "2030-01-01", "partner_signatory": "X"}
        ).status_code
        == 409
    )
    assert client.post(f"/letters/{letter.id}/edit", data={"language": "en"}).status_code == 409
    assert client.post(f"/letters/{letter.id}/send").status_code == 409
    assert client.post(f"/letters/{letter.id}/amend").status_code == 302
    assert frozen(letter.id) == (snapshot, digest)
    assert fingerprint(snapshot) == digest
    signed = stored(letter.id)
    assert (signed.status, signed.signed_on) == (LetterStatus.SIGNED, date.today())
    assert json.loads(snapshot)["opening"].startswith("We are glad")


def test_sign_records_the_signature_and_commits_the_partnership(client, auth, partnership, user):
    letter = create(client, partnership)
    send(client, letter)
    assert db.session.get(Partnership, partnership.id).status is Status.AGREED
    response = client.post(
        f"/letters/{letter.id}/sign",
        data={"signed_on": "2026-03-14", "partner_signatory": "Anna Smirnova"},
    )
    assert response.status_code == 302
    letter = stored(letter.id)
    assert letter.status is LetterStatus.SIGNED
    assert letter.signed_on == date(2026, 3, 14)
    assert letter.partner_signatory == "Anna Smirnova"
    assert db.session.get(Partnership, partnership.id).status is Status.COMMITTED
    steps = db.session.execute(
        sa.select(StatusChange.old_status, StatusChange.new_status, StatusChange.user_id)
        .where(StatusChange.partnership_id == partnership.id)
        .order_by(StatusChange.id)
    ).all()
    assert steps[-2:] == [
        (Status.NEGOTIATING, Status.AGREED, user.id),
        (Status.AGREED, Status.COMMITTED, user.id),
    ]
    meta = text(html(client.get(f"/letters/{letter.id}/")).select_one("p.meta"))
    assert "by Anna Smirnova" in meta
    assert "2026" in meta


def test_sign_needs_a_date_and_a_signatory(client, auth, partnership):
    letter = create(client, partnership)
    send(client, letter)
    response = client.post(
        f"/letters/{letter.id}/sign",
        data={"signed_on": "", "partner_signatory": ""},
        follow_redirects=True,
    )
    assert "Give the date of signing." in flashes(response)
    assert "Who signed?" in flashes(response)
    assert stored(letter.id).status is LetterStatus.SENT
    assert db.session.get(Partnership, partnership.id).status is Status.AGREED


def test_signing_or_declining_a_draft_is_refused(client, auth, partnership):
    letter = create(client, partnership)
    data = {"signed_on": "2026-03-14", "partner_signatory": "Anna Smirnova"}
    assert client.post(f"/letters/{letter.id}/sign", data=data).status_code == 409
    assert (
        client.post(f"/letters/{letter.id}/decline", data={"declined_on": "2026-03-14"}).status_code
        == 409
    )
    assert client.post(f"/letters/{letter.id}/amend").status_code == 409
    letter = stored(letter.id)
    assert letter.status is LetterStatus.DRAFT
    assert letter.signed_on is None
    assert letter.snapshot is None
    assert db.session.get(Partnership, partnership.id).status is Status.NEGOTIATING


def test_decline(client, auth, partnership):
    letter = create(client, partnership)
    send(client, letter)
    response = client.post(
        f"/letters/{letter.id}/decline", data={"declined_on": "2026-04-01"}, follow_redirects=True
    )
    assert "The letter is marked as declined." in flashes(response)
    letter = stored(letter.id)
    assert (letter.status, letter.declined_on) == (LetterStatus.DECLINED, date(2026, 4, 1))
    assert "declined" in text(html(response).select_one("p.meta"))
    assert (
        client.post(
            f"/letters/{letter.id}/sign", data={"signed_on": "2026-04-02", "partner_signatory": "X"}
        ).status_code
        == 409
    )


def test_amendment_is_a_new_version_that_replaces_the_previous(client, auth, partnership):
    first = create(client, partnership)
    send(client, first)
    client.post(
        f"/letters/{first.id}/sign",
        data={"signed_on": date.today().isoformat(), "partner_signatory": "Anna Smirnova"},
    )
    first_text = shown(client, first.id)
    add_item(client, partnership, "Twenty hours of volunteer baking")

    response = client.post(f"/letters/{first.id}/amend")
    assert response.status_code == 302
    second = stored(int(response.location.rstrip("/").rsplit("/", 1)[1]))
    assert second.id != first.id
    assert (second.status, second.version, second.amends_id) == (LetterStatus.DRAFT, 2, first.id)
    assert second.reference == f"WW-{date.today().year}-002"
    body = shown(client, second.id)
    day = " ".join(format_date(date.today(), "long", locale="en_GB").split())
    assert f"This letter amends and replaces letter {first.reference} of {day}." in body
    assert "Twenty hours of volunteer baking" in body

    send(client, second)
    third = stored(
        int(client.post(f"/letters/{second.id}/amend").location.rstrip("/").rsplit("/", 1)[1])
    )
    assert third.version == 3
    assert f"amends and replaces letter {second.reference}" in shown(client, third.id)

    # Every version stays readable, each with its own text.
    assert shown(client, first.id) == first_text
    assert "Twenty hours" not in first_text
    assert "amends and replaces" not in first_text
    for letter in (first, second, third):
        page = html(client.get(f"/letters/{letter.id}/"))
        versions = [text(li) for li in page.select("ol.history li")]
        assert [v.split(" · ")[0] for v in versions] == [
            first.reference,
            second.reference,
            third.reference,
        ]
        assert client.get(f"/letters/{letter.id}/print").status_code == 200
        assert client.get(f"/letters/{letter.id}.pdf").status_code == 200
    assert stored(first.id).status is LetterStatus.SIGNED
    assert stored(second.id).status is LetterStatus.SENT


def test_a_letter_is_amended_once_and_a_second_request_goes_to_its_amendment(
    client, auth, partnership
):
    """Amending an already amended letter is refused (409) with a link to the existing
    amendment, who started it and when; never a second version 2."""
    first = create(client, partnership)
    send(client, first)
    amendment = client.post(f"/letters/{first.id}/amend").location
    again = client.post(f"/letters/{first.id}/amend")
    assert again.status_code == 409
    page = html(again)
    assert text(page.select_one(".letter-conflict h1")) == "Someone else was first"
    newer = db.session.scalar(sa.select(Letter).where(Letter.amends_id == first.id))
    assert f"already has an amendment, {newer.reference}, started on" in text(page)
    assert "by Coordinator" in text(page.select_one(".letter-conflict .lead"))
    links = [a["href"] for a in page.select(".letter-conflict a")]
    assert amendment in links and f"/letters/{first.id}/" in links
    amendments = sa.select(sa.func.count()).where(Letter.amends_id == first.id)
    assert db.session.scalar(amendments) == 1


def test_russian_amendment_wording(client, auth, partnership):
    first = create(client, partnership, language="ru")
    send(client, first)
    second = stored(
        int(client.post(f"/letters/{first.id}/amend").location.rstrip("/").rsplit("/", 1)[1])
    )
    assert second.language.value == "ru"
    assert f"Настоящее письмо дополняет и заменяет письмо {first.reference} от" in shown(
        client, second.id
    )


# --- editing a draft ------------------------------------------------------------------------


def test_editing_a_draft_changes_its_paragraphs_and_place(client, auth, partnership):
    letter = create(client, partnership)
    response = client.post(
        f"/letters/{letter.id}/edit",
        data={
            "language": "en",
            "place": "Jurmala",
            "opening": "Thank you for the bread last winter.",
            "closing": "With warm regards from the whole team.",
        },
        follow_redirects=True,
    )
    assert "The draft is saved." in flashes(response)
    body = shown(client, letter.id)
    assert "Thank you for the bread last winter." in body
    assert "With warm regards from the whole team." in body
    assert "We are glad to work together" not in body
    assert body.count("Jurmala, ") == 1


def test_switching_language_resets_the_paragraphs(client, auth, partnership):
    letter = create(client, partnership)
    client.post(
        f"/letters/{letter.id}/edit",
        data={"language": "en", "opening": "Custom opening.", "closing": "Custom closing."},
    )
    response = client.post(
        f"/letters/{letter.id}/edit",
        data={"language": "ru", "opening": "Custom opening.", "closing": "Custom closing."},
        follow_redirects=True,
    )
    assert "The paragraphs were reset to the new language's wording." in flashes(response)
    letter = stored(letter.id)
    assert letter.language.value == "ru"
    assert letter.opening.startswith("Мы рады сотрудничеству с организацией «Northern Bakery»")
    assert letter.closing.startswith("Любая из сторон может предложить изменения")
    body = shown(client, letter.id)
    assert "Custom" not in body
    assert "Письмо о взаимных обязательствах" in body
    assert "«Northern Bakery» обязуется" in body
    today = date.today()
    month = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря"][today.month - 1]  # fmt: skip
    assert f"{today.day} {month} {today.year} г." in body  # Babel's Russian month, in the genitive

    client.post(f"/letters/{letter.id}/edit", data={"language": "en"})
    assert stored(letter.id).opening.startswith("We are glad to work together with Northern Bakery")


# --- references -----------------------------------------------------------------------------


def test_references_count_within_the_project(client, auth, partnership):
    other = factories.partnership(project=partnership.project, status=Status.NEGOTIATING)
    first = create(client, partnership)
    second = create(client, other)
    assert [first.reference, second.reference] == [
        f"WW-{date.today().year}-001",
        f"WW-{date.today().year}-002",
    ]


def test_projects_with_the_same_initials_get_distinct_references(client, auth, partnership):
    """winter-warmth and wide-world share the code WW; references must still be unique."""
    create(client, partnership)
    wide = factories.partnership(
        project=factories.project(title="Wide World", slug="wide-world"),
        status=Status.NEGOTIATING,
    )
    letter = create(client, wide)
    assert letter.reference.startswith(f"WW-{date.today().year}-")
    assert letter.reference != f"WW-{date.today().year}-001"
    assert client.get(f"/letters/{letter.id}/").status_code == 200


# --- the signed copy ------------------------------------------------------------------------


def png_bytes() -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (60, 40), "white")
    image.paste((200, 30, 30), (10, 10, 50, 30))
    image.save(out, "PNG")
    return out.getvalue()


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (30, 90, 200)).save(out, "JPEG", quality=80)
    return out.getvalue()


def upload(client, letter, data: bytes, name: str, **kwargs):
    """Post a file as a browser does; the body is built in memory (no spooled temp file)."""
    boundary, body = encode_multipart({"scan": FileStorage(io.BytesIO(data), filename=name)})
    return client.post(
        f"/letters/{letter.id}/scan",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
        **kwargs,
    )


@pytest.fixture
def sent_letter(client, auth, partnership):
    letter = create(client, partnership)
    send(client, letter)
    return stored(letter.id)


def uploads_folder(app) -> Path:
    return Path(app.instance_path) / "uploads"


def uploaded_files(app) -> set[str]:
    folder = uploads_folder(app)
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


@pytest.mark.parametrize(
    ("kind", "name", "mimetype"),
    [
        ("pdf", "signed letter.pdf", "application/pdf"),
        ("png", "photo.png", "image/png"),
        ("jpg", "photo.JPEG", "image/jpeg"),
    ],
)
def test_signed_copy_upload_and_download(app, client, sent_letter, kind, name, mimetype):
    data = {
        "pdf": lambda: client.get(f"/letters/{sent_letter.id}.pdf").data,
        "png": png_bytes,
        "jpg": jpeg_bytes,
    }[kind]()
    response = upload(client, sent_letter, data, name, follow_redirects=True)
    assert "The signed copy is attached." in flashes(response)
    letter = stored(sent_letter.id)
    assert letter.scan_name == name
    assert letter.scan_file.endswith(f".{kind}")

    # Kept in the instance folder under a random name, never in the web root.
    path = uploads_folder(app) / letter.scan_file
    assert path.read_bytes() == data
    assert path.resolve().is_relative_to(Path(app.instance_path).resolve())
    assert not path.resolve().is_relative_to(Path(app.static_folder).resolve())
    assert Path(name).stem not in letter.scan_file
    assert not any(Path(app.static_folder).rglob(letter.scan_file))

    link = html(response).find("a", string=name)
    assert link is not None and link["href"] == f"/letters/{letter.id}/scan"
    got = download(client, f"/letters/{letter.id}/scan")
    assert got.status_code == 200
    assert got.data == data
    assert got.mimetype == mimetype
    assert f"{letter.reference}-signed.{kind}" in got.headers["Content-Disposition"]
    # Saved, never shown by the browser as a page of this site, whatever its bytes look like.
    assert got.headers["Content-Disposition"].startswith("attachment;")
    assert got.headers["X-Content-Type-Options"] == "nosniff"


def test_replacing_the_signed_copy_keeps_the_earlier_one(app, client, user, sent_letter):
    """A second signed copy becomes the current one; the first stays on disk and in the
    letter's history, with who attached it and when, and can still be downloaded (as a file,
    with nosniff)."""
    first, second = png_bytes(), jpeg_bytes()
    upload(client, sent_letter, first, "first scan.png")
    response = upload(client, sent_letter, second, "second scan.jpg", follow_redirects=True)
    assert "The signed copy is replaced; the earlier one is kept." in flashes(response)
    letter = stored(sent_letter.id)
    assert letter.scan_name == "second scan.jpg"
    assert download(client, f"/letters/{letter.id}/scan").data == second
    scans = db.session.scalars(sa.select(LetterScan).order_by(LetterScan.id)).all()
    assert [s.name for s in scans] == ["first scan.png", "second scan.jpg"]
    assert {s.uploaded_by_id for s in scans} == {user.id}
    assert (uploads_folder(app) / scans[0].file).read_bytes() == first

    history = html(response).select_one(".scan-history")
    assert text(history.select_one("summary")) == "1 earlier copy"
    (item,) = history.select("li")
    assert "first scan.png" in text(item)
    assert f"attached on {format_date(date.today(), 'd MMM y', locale='en')}, " in text(item)
    assert f"by {user.name}" in text(item)
    earlier = download(client, item.find("a")["href"])
    assert earlier.data == first
    assert earlier.headers["Content-Disposition"].startswith("attachment;")
    assert (
        f"{letter.reference}-signed-{date.today().isoformat()}.png"
        in earlier.headers["Content-Disposition"]
    )
    assert earlier.headers["X-Content-Type-Options"] == "nosniff"
    # Another letter's scan is not reachable through this letter's address.
    other = factories.letter(letter.partnership, sent_on=date.today())
    assert client.get(f"/letters/{other.id}/scans/{scans[0].id}").status_code == 404


def test_earlier_signed_copies_in_russian(client, user, sent_letter):
    """The history of signed copies in Russian, its count in all three plural forms."""
    headers = {"Accept-Language": "ru"}
    for count, summary in (
        (2, "1 прежний экземпляр"),
        (3, "2 прежних экземпляра"),
        (6, "5 прежних экземпляров"),
    ):
        while db.session.scalar(sa.select(sa.func.count(LetterScan.id))) < count:
            upload(client, sent_letter, png_bytes(), "скан.png")
        page = html(client.get(f"/letters/{sent_letter.id}/", headers=headers))
        assert text(page.select_one(".scan-history summary")) == summary
    item = page.select_one(".scan-history li")
    assert f"приложил(а) {user.name}" in text(item)
    assert " ".join(format_date(date.today(), "medium", locale="ru").split()) in text(item)
    response = upload(client, sent_letter, png_bytes(), "скан.png", headers=headers)
    shown_next = client.get(response.location, headers=headers)
    assert "Подписанный экземпляр заменён; прежний сохранён." in flashes(shown_next)


def test_signed_copy_download_needs_sign_in(app, client, auth, sent_letter):
    data = png_bytes()
    upload(client, sent_letter, data, "photo.png")
    assert download(client, f"/letters/{sent_letter.id}/scan").data == data
    auth.logout()
    response = client.get(f"/letters/{sent_letter.id}/scan")
    assert response.status_code == 302
    assert response.location.startswith("/login")
    assert data not in response.data
    assert client.get(f"/letters/{sent_letter.id}.pdf").status_code == 302
    assert client.get(f"/letters/{sent_letter.id}/print").status_code == 302


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(4000), "signed.pdf"),
        (b"I signed it, honestly.\n" * 20, "signed.pdf"),
        (b"<html><script>alert(1)</script></html>", "scan.png"),
        (b"GIF89a" + bytes(100), "scan.jpg"),
    ],
    ids=["exe-as-pdf", "text-as-pdf", "html-as-png", "gif-as-jpg"],
)
def test_signed_copy_is_checked_by_its_bytes_not_its_name(app, client, sent_letter, data, name):
    before = uploaded_files(app)
    response = upload(client, sent_letter, data, name, follow_redirects=True)
    assert "Upload a JPG, PDF, PNG file." in flashes(response)
    assert stored(sent_letter.id).scan_file is None
    assert uploaded_files(app) == before


def test_signed_copy_over_10_mb_is_refused(app, client, sent_letter):
    before = uploaded_files(app)
    big = b"%PDF-1.7\n" + bytes(MAX_BYTES)
    response = upload(client, sent_letter, big, "huge.pdf", follow_redirects=True)
    assert response.status_code == 200
    assert "The file is larger than 10 MB." in flashes(response)
    assert stored(sent_letter.id).scan_file is None
    # Beyond what a request may carry at all, the server answers 413 before any form code.
    huge = upload(client, sent_letter, b"%PDF-1.7\n" + bytes(17 * 1024 * 1024), "huge.pdf")
    assert huge.status_code == 413
    assert stored(sent_letter.id).scan_file is None
    assert uploaded_files(app) == before


def test_exactly_10_mb_is_accepted(app, client, sent_letter):
    data = b"%PDF-1.7\n" + bytes(MAX_BYTES - 9)
    assert len(data) == MAX_BYTES
    response = upload(client, sent_letter, data, "scan.pdf", follow_redirects=True)
    assert "The signed copy is attached." in flashes(response)
    assert download(client, f"/letters/{sent_letter.id}/scan").data == data


def test_no_signed_copy_for_a_draft_and_no_download_without_one(client, auth, partnership):
    letter = create(client, partnership)
    assert upload(client, letter, png_bytes(), "photo.png").status_code == 409
    assert stored(letter.id).scan_file is None
    assert client.get(f"/letters/{letter.id}/scan").status_code == 404


def test_missing_letter_is_404(client, auth):
    for url in ("/letters/999/", "/letters/999/print", "/letters/999.pdf", "/letters/999/scan"):
        assert client.get(url).status_code == 404
    assert client.post("/letters/999/send").status_code == 404


# --- the demo -------------------------------------------------------------------------------


def test_demo_letters_render_at_every_stage(app, client):
    from planner.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo
    from planner.demo.en import LETTERS

    load_demo()
    db.session.commit()
    client.post("/login", data={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
    letters = db.session.scalars(sa.select(Letter).order_by(Letter.id)).all()
    assert len(letters) == len(LETTERS) + 1  # one of them is amended
    assert {letter.status for letter in letters} == {
        LetterStatus.DRAFT,
        LetterStatus.SENT,
        LetterStatus.SIGNED,
    }
    for letter in letters:
        if letter.snapshot:
            assert letter.fingerprint == fingerprint(letter.snapshot)
        assert client.get(f"/letters/{letter.id}/").status_code == 200
        assert client.get(f"/letters/{letter.id}/print").status_code == 200
