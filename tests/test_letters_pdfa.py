"""PLANNER_LETTER_PDF_VARIANT=pdf/a-3b makes letter PDFs archival: PDF/A-3b by their XMP,
with every font embedded and an output intent."""

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from tests import factories
from tests.test_letters_pdf import SHORT, org, partnership_with  # noqa: F401 (a fixture)


def fonts(reader: PdfReader) -> list[dict]:
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                found.append(descendant.get_object())
    return found


# WeasyPrint 70 opens its sRGB profile for PDF/A and never closes it (Pillow reads it, the file
# is dropped): an unclosed-file ResourceWarning, silent outside the tests, raised inside them.
@pytest.mark.filterwarnings("ignore:unclosed file:ResourceWarning")
def test_pdf_a_3b_letters(app, client, auth, org):  # noqa: F811
    """A sent letter's PDF declares PDF/A part 3, conformance B, in its XMP, embeds its fonts
    and carries an output intent; without the setting it is a plain PDF."""
    letter = factories.letter(
        partnership_with(SHORT, name="Northern Bakery"), sent_on=date(2026, 3, 9)
    )
    plain = PdfReader(io.BytesIO(client.get(f"/letters/{letter.id}.pdf").data))
    assert "/Metadata" not in plain.trailer["/Root"] or b"pdfaid" not in (
        plain.trailer["/Root"]["/Metadata"].get_object().get_data()
    )

    app.config["LETTER_PDF_VARIANT"] = "pdf/a-3b"
    response = client.get(f"/letters/{letter.id}.pdf")
    reader = PdfReader(io.BytesIO(response.data))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    part = re.search(r"pdfaid:part(?:>|=\")(\d)", xmp)
    conformance = re.search(r"pdfaid:conformance(?:>|=\")(\w)", xmp)
    assert (part.group(1), conformance.group(1)) == ("3", "B")
    (intent,) = reader.trailer["/Root"]["/OutputIntents"]
    assert intent.get_object()["/S"] == "/GTS_PDFA1"
    assert fonts(reader)
    for font in fonts(reader):
        descriptor = font["/FontDescriptor"].get_object()
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert letter.fingerprint in text
