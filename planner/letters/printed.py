"""A letter as printed: its stand-alone document and its PDF.

A sent letter never changes, so its PDF is made once, when it is sent, and kept in the
instance folder as letters/<paper>/<fingerprint>.pdf (the fingerprint of the sent snapshot,
the one printed in its footer); one that goes missing is made again. Signing, declining or
amending a letter does not change what was sent, so they keep that same file; a letter
confirmed online gets a second file, the same letter with the confirmation printed under
it. A draft follows the matrix and is rendered on every request. A project's letters in one
file join the kept PDFs rather than lay every letter out again.
"""

import io
import os
import tempfile
from datetime import date
from pathlib import Path

from flask import current_app, render_template

from planner.letters.compose import letter_locale, view_of
from planner.models import Letter, Organisation
from planner.organisation.profile import current_organisation
from planner.uploads import data_uri


def organisation() -> Organisation:
    return current_organisation() or Organisation(name="")


def paper() -> str:
    """The paper letters are printed on: "letter" (US Letter) or "a4"."""
    return "letter" if current_app.config["LETTER_PAPER"].lower() == "letter" else "a4"


def document(letter: Letter, for_pdf: bool = False) -> str:
    """The letter as a stand-alone HTML document, for print and PDF.

    For a PDF the style sheet is left out of the document: the renderer has it parsed already.
    """
    # The letter is written in its own language, whatever the language of the page asking.
    with letter_locale(letter.language):
        view = view_of(letter, organisation(), date.today())
        return render_template(
            "letters/document.html",
            letter=letter,
            view=view,
            logo_src=data_uri(view["organisation"]["logo"]),
            paper=paper(),
            for_pdf=for_pdf,
        )


def render(letter: Letter) -> bytes:
    """Lay the letter out as PDF now."""
    # WeasyPrint takes most of a second to import: only requests that make a PDF pay for it.
    from planner.letters.pdf import render_pdf

    return render_pdf(
        document(letter, for_pdf=True), Path(current_app.static_folder), variant() or None
    )


def variant() -> str:
    """The PDF variant letters are made in (`LETTER_PDF_VARIANT`, e.g. "pdf/a-3b"), or ""."""
    return (current_app.config.get("LETTER_PDF_VARIANT") or "").lower()


def kept_path(letter: Letter) -> Path:
    # A letter confirmed online prints that confirmation under its text: a file of its own.
    name = f"{letter.fingerprint}-confirmed" if letter.confirmed_at else letter.fingerprint
    # Each variant keeps its own files: an archival PDF is not the plain one.
    folder = f"{paper()}-{variant().replace('/', '')}" if variant() else paper()
    return Path(current_app.instance_path) / "letters" / folder / f"{name}.pdf"


def keep(letter: Letter) -> bytes:
    """Render a sent letter and keep its PDF; return it."""
    body = render(letter)
    path = kept_path(letter)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed into place, so a reader never sees half a file.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".pdf.tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(body)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return body


def letter_pdf(letter: Letter) -> bytes:
    """The letter's PDF: the kept one once it is sent (made again if missing); a draft's, fresh."""
    if letter.snapshot is None:
        return render(letter)
    try:
        return kept_path(letter).read_bytes()
    except FileNotFoundError:
        return keep(letter)


def letters_pdf(letters: list[Letter], title: str) -> bytes:
    """Several letters in one PDF, each with its own pages (and its own "page X of Y")."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for letter in letters:
        writer.append(PdfReader(io.BytesIO(letter_pdf(letter))))
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
