"""A sent letter's PDF is made once and kept; a project's letters join the kept PDFs.

Also what the wording files' placeholders become, and that the app starts without WeasyPrint.
"""

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from planner import ROOT
from planner.letters.wording import fill
from tests import factories
from tests.test_letters import create, send, stored
from tests.test_letters_pdf import (
    SHORT,
    Pdf,
    fetch_pdf,
    letter_pdf,
    long_items,
    org,  # noqa: F401 (a fixture)
    partnership_with,
)

SENT = date(2026, 3, 9)


@pytest.fixture
def kept(app) -> Path:
    """The folder of kept letter PDFs on A4, emptied (the instance folder lasts the whole run)."""
    folder = Path(app.instance_path) / "letters"
    shutil.rmtree(folder, ignore_errors=True)
    return folder / "a4"


def kept_files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.glob("*")) if folder.is_dir() else []


def test_sending_keeps_the_pdf_named_by_its_fingerprint(client, auth, org, kept, tmp_path):  # noqa: F811
    """Sending writes the PDF under its fingerprint; every download is that same file."""
    letter = create(client, partnership_with(SHORT, name="Kept Bakery"))
    assert kept_files(kept) == []
    send(client, letter)
    letter = stored(letter.id)
    assert kept_files(kept) == [f"{letter.fingerprint}.pdf"]
    on_disk = (kept / f"{letter.fingerprint}.pdf").read_bytes()

    first = client.get(f"/letters/{letter.id}.pdf").data
    second = client.get(f"/letters/{letter.id}.pdf").data
    assert first == second == on_disk
    pdf = letter_pdf(client, letter, tmp_path)
    assert f"{letter.reference} · Fingerprint {letter.fingerprint}" in pdf.text()
    assert "Kept Bakery" in pdf.text()
    assert "DRAFT" not in pdf.text()


def test_signing_and_declining_keep_the_sent_pdf(client, auth, org, kept):  # noqa: F811
    """What the partner signed or declined is the PDF that was sent, byte for byte."""
    signed = create(client, partnership_with(SHORT, name="Signing Bakery"))
    declined = create(client, partnership_with(SHORT, name="Declining Bakery"))
    sent_pdfs = {}
    for letter in (signed, declined):
        send(client, letter)
        sent_pdfs[letter.id] = client.get(f"/letters/{letter.id}.pdf").data
    day = date.today().isoformat()
    client.post(f"/letters/{signed.id}/sign", data={"signed_on": day, "partner_signatory": "Anna"})
    client.post(f"/letters/{declined.id}/decline", data={"declined_on": day})
    amended = client.post(f"/letters/{signed.id}/amend")
    assert amended.status_code == 302
    for letter in (signed, declined):
        assert client.get(f"/letters/{letter.id}.pdf").data == sent_pdfs[letter.id]
    assert len(kept_files(kept)) == 2  # the amendment is a draft: nothing kept for it


def test_a_missing_kept_pdf_is_made_again(client, auth, org, kept, tmp_path):  # noqa: F811
    """A kept PDF that was deleted comes back, with the same pages and text."""
    letter = create(client, partnership_with(long_items(12), name="Forgetful Bakery"))
    send(client, letter)
    letter = stored(letter.id)
    path = kept / f"{letter.fingerprint}.pdf"
    before = Pdf(path)
    before_pages, before_text = before.pages, before.page_texts()
    path.unlink()

    again = letter_pdf(client, letter, tmp_path)
    assert path.is_file()
    assert again.pages == before_pages >= 2
    assert again.page_texts() == before_text
    assert again.path.read_bytes() == path.read_bytes()
    assert [name for name in kept_files(kept) if not name.endswith(".pdf")] == []


def test_a_kept_pdf_made_again_for_a_russian_reader_is_the_english_letter(
    client,
    auth,
    org,  # noqa: F811
    kept,
    tmp_path,
):
    """The letter's language, not the reader's, writes a kept PDF made again: same bytes."""
    letter = create(client, partnership_with(SHORT, name="Northern Bakery"), language="en")
    send(client, letter)
    letter = stored(letter.id)
    path = kept / f"{letter.fingerprint}.pdf"
    sent = path.read_bytes()
    path.unlink()

    response = client.get(f"/letters/{letter.id}.pdf", headers={"Accept-Language": "ru"})
    assert response.data == sent == path.read_bytes()
    body = Pdf(path).text()
    assert "Letter of mutual commitments" in body
    assert f"Fingerprint {letter.fingerprint}" in body
    assert "Письмо" not in body


def test_letters_in_two_languages_keep_two_pdfs(client, auth, org, kept):  # noqa: F811
    """The same partnership's English and Russian letters are kept apart, each in its words."""
    p = partnership_with(SHORT, name="Northern Bakery")
    english = create(client, p, language="en")
    russian = create(client, p, language="ru")
    for letter in (english, russian):
        send(client, letter)
    english, russian = stored(english.id), stored(russian.id)
    assert english.fingerprint != russian.fingerprint
    assert kept_files(kept) == sorted(f"{x.fingerprint}.pdf" for x in (english, russian))
    assert "Reference" in Pdf(kept / f"{english.fingerprint}.pdf").text()
    assert "Исх. №" in Pdf(kept / f"{russian.fingerprint}.pdf").text()


def test_a_draft_is_rendered_fresh_and_not_kept(client, auth, org, kept, tmp_path):  # noqa: F811
    """A draft's PDF follows the matrix on every download and leaves nothing behind."""
    p = partnership_with(SHORT[:1], name="Drafting Bakery")
    letter = create(client, p)
    assert "Bread for forty families" in letter_pdf(client, letter, tmp_path).text()
    factories.commitment(p, description="Flour for the baking class")
    body = letter_pdf(client, letter, tmp_path).text()
    assert "Flour for the baking class" in body
    assert "DRAFT" in body
    assert kept_files(kept) == []


def test_project_batch_is_the_letters_one_after_another(client, auth, org, kept, tmp_path):  # noqa: F811
    """The batch holds each letter's own PDF in reference order, drafts included."""
    project = factories.project(title="Winter Warmth", slug="winter-warmth")
    letters = [
        factories.letter(partnership_with(long_items(20), project=project), sent_on=SENT),
        factories.letter(partnership_with(SHORT, project=project, name="Family Circle")),
        factories.letter(
            partnership_with(SHORT[:2], project=project, name="Северная пекарня"), "ru", SENT
        ),
        factories.letter(partnership_with(SHORT[:3], project=project, name="Late Bakery")),
    ]
    singles = [letter_pdf(client, letter, tmp_path) for letter in letters]
    assert len(kept_files(kept)) == 2  # the two sent letters, made on their first download

    batch = fetch_pdf(client, f"/projects/{project.slug}/letters.pdf", tmp_path, "batch")
    expected = [page for pdf in singles for page in pdf.page_texts()]
    assert batch.pages == sum(pdf.pages for pdf in singles) == len(expected) >= 5
    assert batch.page_texts() == expected
    assert batch.info["Title"] == "Winter Warmth"
    assert batch.text().count("DRAFT") == sum(pdf.pages for pdf in singles[1::2])
    assert all(font["emb"] == "yes" for font in batch.fonts())


def test_a_batch_makes_missing_kept_pdfs(client, auth, org, kept, tmp_path):  # noqa: F811
    """A batch of sent letters whose PDFs were never made keeps them for the next time."""
    project = factories.project(title="Summer Reading", slug="summer-reading")
    letters = [
        factories.letter(
            partnership_with(SHORT, project=project, name=f"Library {n}"), sent_on=SENT
        )
        for n in range(3)
    ]
    first = fetch_pdf(client, f"/projects/{project.slug}/letters.pdf", tmp_path, "first")
    assert kept_files(kept) == sorted(f"{letter.fingerprint}.pdf" for letter in letters)
    second = fetch_pdf(client, f"/projects/{project.slug}/letters.pdf", tmp_path, "second")
    assert second.page_texts() == first.page_texts()
    for n in range(3):
        assert f"Library {n} commits to:" in first.text()


# --- the words ------------------------------------------------------------------------------


def test_wording_placeholders_are_filled_and_mistakes_shown():
    """Known placeholders are filled; unknown ones and stray braces stay visible as typed."""
    text = "Dear {contact}, about {projekt}, a { brace} and {contact"
    assert fill(text, contact="Anna", project="Winter") == (
        "Dear Anna, about {projekt}, a { brace} and {contact"
    )


# --- start-up -------------------------------------------------------------------------------


def test_starting_the_app_does_not_load_the_pdf_renderer(tmp_path):
    """WeasyPrint (most of a second to import) is loaded by the first PDF, not at start-up."""
    script = (
        "import sys, planner; planner.create_app();"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('weasyprint', 'pypdf')))"
    )
    env = {**os.environ, "PLANNER_INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "test"}
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        check=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert out.stdout.strip() == "[]"
