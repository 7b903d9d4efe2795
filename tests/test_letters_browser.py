"""A second opinion on the letter's layout: Chromium prints the print view, WeasyPrint the PDF.

Both read the same document and its print CSS (page size, margins, what must not break), so
they should agree on how many pages a letter takes. Both PDFs are kept under
test-artifacts/<test>/ to compare by eye.
"""

import io
import re
import shutil
from datetime import date

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from planner.enums import Direction, Status
from tests import factories
from tests.browser import ARTIFACTS
from tests.test_letters_pdf import SIGNATURE_LABELS, long_items

pytestmark = pytest.mark.browser

SHORT = [
    (Direction.GIVES, "Bread for forty families every week"),
    (Direction.GETS, "A thank-you letter"),
]


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def page_texts(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("items", [SHORT, long_items(30)], ids=["short", "thirty-obligations"])
def test_chromium_and_weasyprint_agree_on_the_page_count(signed_in, page: Page, request, items):
    partnership = factories.partnership(
        partner=factories.partner(name="Northern Bakery", contact_person="Anna Smirnova"),
        status=Status.NEGOTIATING,
    )
    for direction, description in items:
        factories.commitment(partnership, direction=direction, description=description)
    letter = factories.letter(partnership, sent_on=date(2026, 3, 9))

    page.goto(f"/letters/{letter.id}/print")
    expect(page).to_have_title(f"{letter.reference} · Letter of mutual commitments")
    expect(page.locator("article.letter")).to_contain_text(items[-1][1])
    chromium = page.pdf(prefer_css_page_size=True)

    # The same signed-in browser context downloads WeasyPrint's PDF.
    response = page.request.get(f"/letters/{letter.id}.pdf")
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    weasyprint = response.body()

    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "-", request.node.name).strip("-")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / "chromium.pdf").write_bytes(chromium)
    (folder / "weasyprint.pdf").write_bytes(weasyprint)

    expected = 1 if items is SHORT else pages(weasyprint)
    assert pages(weasyprint) == expected
    assert pages(chromium) == pages(weasyprint)

    # Chromium follows the same print CSS: page numbers in the footer, signatures kept whole.
    printed = page_texts(chromium)
    total = len(printed)
    for number, one in enumerate(printed, start=1):
        assert f"Page {number} of {total}" in one
        assert f"{letter.reference} · Fingerprint {letter.fingerprint}" in one
    for label, count in SIGNATURE_LABELS.items():
        assert printed[-1].count(label) == count, label
    everything = " ".join(printed)
    for _, description in items:
        assert description in everything


def test_letter_screens_in_russian_fit_desktop_and_phone(signed_in, page: Page, screenshot):
    """In Russian, a draft's and a sent letter's screens fit 1366 and 390 px without sideways
    scrolling, long Russian words and all."""
    from planner.enums import Language
    from planner.extensions import db

    signed_in.language = Language.RU
    db.session.commit()
    partnership = factories.partnership(
        project=factories.project(title="Тёплая зима в Выборгском районе"),
        partner=factories.partner(
            name="Межрегиональная благотворительная общественная организация «Северная пекарня»",
            contact_person="Анна Смирнова",
            language=Language.RU,
        ),
        status=Status.NEGOTIATING,
    )
    for direction, description in SHORT:
        factories.commitment(partnership, direction=direction, description=description)
    draft = factories.letter(partnership, "ru")
    sent = factories.letter(partnership, "en", sent_on=date(2026, 11, 23))
    for letter, heading in ((draft, "Черновик"), (sent, "Письмо подписано?")):
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"/letters/{letter.id}/")
            expect(page.locator(".heading h1")).to_contain_text(f"Письмо {letter.reference}")
            expect(page.get_by_role("heading", name=heading, level=2)).to_be_visible()
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            screenshot(f"{letter.status.value}-{width}")
            assert overflow <= 0, (letter.status, width, overflow)
