"""Letters as PDF, checked the way a reader sees them: poppler's text, pages, fonts and pixels.

The PDFs come from the app's own routes; `pdftotext`, `pdfinfo`, `pdffonts` and `pdftoppm`
(Debian's poppler-utils, installed by `make test-deps`) read them back.
"""

import re
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image

from planner.enums import Direction, Language, Status
from planner.extensions import db
from planner.letters.pdf import BASE, LocalFiles
from planner.models import Organisation, Partner
from tests import factories

SENT = date(2026, 3, 9)
SIGNATURE_LABELS = {"Signatures": 1, "Name:": 2, "Title:": 2, "Signature:": 2, "Date:": 2}
RU_MONTHS = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"


# --- reading a PDF back ---------------------------------------------------------------------


def run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, check=True, text=True).stdout


def flat(raw: str) -> str:
    """Text as one line: words hyphenated at a line's end joined again, spaces collapsed."""
    joined = re.sub(r"(\w)[-\u2010\u00ad]\s*\n\s*(\w)", r"\1\2", raw)
    return " ".join(joined.replace("\u00ad", "").split())


@dataclass
class Pdf:
    path: Path

    @property
    def info(self) -> dict[str, str]:
        lines = run("pdfinfo", str(self.path)).splitlines()
        return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in lines)}

    @property
    def pages(self) -> int:
        return int(self.info["Pages"])

    def text(self, page: int | None = None) -> str:
        span = ["-f", str(page), "-l", str(page)] if page else []
        return flat(run("pdftotext", *span, str(self.path), "-"))

    def page_texts(self) -> list[str]:
        return [self.text(n) for n in range(1, self.pages + 1)]

    def fonts(self) -> list[dict[str, str]]:
        """pdffonts' table: name, type, encoding, emb, sub, uni (object and generation left out)."""
        fonts = []
        for line in run("pdffonts", str(self.path)).splitlines()[2:]:
            head, encoding, emb, sub, uni, _object, _generation = line.rsplit(maxsplit=6)
            name, kind = head.split(maxsplit=1)
            fonts.append(
                {
                    "name": name,
                    "type": kind,
                    "encoding": encoding,
                    "emb": emb,
                    "sub": sub,
                    "uni": uni,
                }
            )
        return fonts

    def images(self, folder: Path, dpi: int = 40) -> list[Image.Image]:
        prefix = folder / self.path.stem
        run("pdftoppm", "-r", str(dpi), "-png", str(self.path), str(prefix))
        files = sorted(folder.glob(f"{self.path.stem}-*.png"))
        assert len(files) == self.pages
        return [Image.open(f).convert("L") for f in files]


def ink(image: Image.Image, box=None) -> int:
    """How many pixels are not (nearly) white."""
    region = image.crop(box) if box else image
    return sum(region.histogram()[:245])  # a greyscale image: one bucket per level


def fetch_pdf(client, url: str, folder: Path, name: str) -> Pdf:
    response = client.get(url)
    assert response.status_code == 200, response.text[:500]
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    path = folder / f"{name}.pdf"
    path.write_bytes(response.data)
    return Pdf(path)


def letter_pdf(client, letter, folder: Path) -> Pdf:
    return fetch_pdf(client, f"/letters/{letter.id}.pdf", folder, letter.reference)


# --- letters to print -----------------------------------------------------------------------


@pytest.fixture
def org(user):
    org = db.session.scalar(sa.select(Organisation))
    org.address = "4 Harbour Street\nLV-1010 Riga"
    org.website = "https://warmhome.example"
    org.email = "hello@warmhome.example"
    org.signatory_name = "Ilze Berzina"
    org.signatory_title = "Director"
    db.session.commit()
    return org


def partnership_with(items: list[tuple[Direction, str]], project=None, **partner):
    p = factories.partnership(
        project=project,
        partner=factories.partner(**{"contact_person": "Anna Smirnova", **partner}),
        status=Status.NEGOTIATING,
    )
    for n, (direction, description) in enumerate(items):
        factories.commitment(
            p,
            direction=direction,
            description=description,
            quantity=n + 1,
            unit="boxes",
            due_date=date(2026, 4, 1 + n % 28),
        )
    return p


SHORT = [
    (Direction.GIVES, "Bread for forty families every week"),
    (Direction.GIVES, "A van with a driver on distribution days"),
    (Direction.GIVES, "Two bakers teaching a class for teenagers"),
    (Direction.GETS, "Logo on the winter campaign poster"),
    (Direction.GETS, "A written report on the families reached"),
]

WORDS = (
    "deliver fresh bread and pastries to the community kitchen on every weekday morning "
    "before nine and keep a signed delivery note for each visit so that both sides can "
    "check the quantities at the end of the month"
).split()


def long_items(count: int = 30) -> list[tuple[Direction, str]]:
    """Long, distinct descriptions: each starts with its own tag and wraps over lines."""
    items = []
    for n in range(1, count + 1):
        words = WORDS[n % 7 :] + WORDS[: n % 7]
        direction = Direction.GIVES if n <= 20 else Direction.GETS
        items.append((direction, f"Obligation {n:02d} {' '.join(words)} end{n:02d}"))
    return items


def short_letter(language="en", items=SHORT, **partner):
    partner = {"name": "Northern Bakery", **partner}
    return factories.letter(partnership_with(items, **partner), language, sent_on=SENT)


# --- one letter -----------------------------------------------------------------------------


def test_one_page_letter(client, auth, org, tmp_path):
    """One obligation each way: the letter, signatures included, fits on one A4 page."""
    p = factories.partnership(
        partner=factories.partner(name="Northern Bakery", contact_person="Anna Smirnova"),
        status=Status.NEGOTIATING,
    )
    factories.commitment(p, description="Bread for forty families every week")
    factories.commitment(p, direction=Direction.GETS, description="A thank-you letter")
    letter = factories.letter(p, sent_on=SENT)
    pdf = letter_pdf(client, letter, tmp_path)
    assert pdf.pages == 1
    assert pdf.info["Page size"].startswith("595.276 x 841.89")  # A4
    assert pdf.info["Title"] == f"{letter.reference} · Letter of mutual commitments"
    body = pdf.text()
    for label, count in SIGNATURE_LABELS.items():
        assert body.count(label) == count, label
    assert "Page 1 of 1" in body


def test_pdf_holds_the_whole_letter(client, auth, org, tmp_path):
    """Five obligations: the whole letter, closing and signatures included, on one page."""
    letter = short_letter()
    pdf = letter_pdf(client, letter, tmp_path)
    assert pdf.pages == 1
    body = pdf.text()
    assert "Signatures" in body
    assert "Either side may propose changes" in body
    for _, description in SHORT:
        assert description in body
    for words in (
        "Warm Home Foundation",
        "Northern Bakery",
        "Anna Smirnova",
        "Ilze Berzina",
        f"Reference {letter.reference}",
        "Riga, 9 March 2026",
        "Northern Bakery commits to:",
        "Warm Home Foundation commits to:",
        "1 boxes, by 1 April 2026",
        "Page 1 of 1",
        f"{letter.reference} · Fingerprint {letter.fingerprint}",
    ):
        assert words in body
    assert "DRAFT" not in body


def test_pdf_pages_are_not_blank_and_fonts_are_embedded(client, auth, org, tmp_path):
    letter = factories.letter(partnership_with(long_items(12)), sent_on=SENT)
    pdf = letter_pdf(client, letter, tmp_path)
    assert pdf.pages >= 2
    for image in pdf.images(tmp_path):
        width, height = image.size
        assert (width, height) == (331, 468)  # A4 at 40 dpi
        assert ink(image) > 0.01 * width * height
    fonts = pdf.fonts()
    assert {f["name"].split("+", 1)[1] for f in fonts} >= {"DejaVu-Serif", "DejaVu-Sans"}
    assert all(f["emb"] == "yes" for f in fonts), fonts


def test_a_draft_pdf_is_marked_and_follows_the_matrix(client, auth, org, tmp_path):
    p = partnership_with(SHORT[:1])
    letter = factories.letter(p)
    factories.commitment(p, description="Flour for the baking class")
    body = letter_pdf(client, letter, tmp_path).text()
    assert "DRAFT" in body
    assert "Flour for the baking class" in body
    assert "Fingerprint" not in body


def test_us_letter_paper(app, client, auth, org, tmp_path):
    app.config["LETTER_PAPER"] = "Letter"
    pdf = letter_pdf(client, short_letter(), tmp_path)
    assert pdf.info["Page size"].startswith("612 x 792")


def test_russian_pdf_has_cyrillic_text_and_fonts(client, auth, org, tmp_path):
    letter = short_letter(language="ru", name="Северная пекарня")
    pdf = letter_pdf(client, letter, tmp_path)
    body = pdf.text()
    assert "Письмо о взаимных обязательствах" in body
    assert "«Северная пекарня» обязуется:" in body
    assert "«Warm Home Foundation» обязуется:" in body
    assert RU_MONTHS.split()[SENT.month - 1] == "марта"
    assert "Riga, 9 марта 2026 г." in body
    assert "до 1 апреля 2026 г." in body
    assert "(Деньги)" in body
    assert "Подписи сторон" in body
    assert f"Исх. № {letter.reference}" in body
    assert f"Страница 1 из {pdf.pages}" in pdf.text(1)
    assert f"Отпечаток {letter.fingerprint}" in body
    for _, description in SHORT:
        assert description in body
    assert all(f["emb"] == "yes" for f in pdf.fonts())


def test_russian_pdf_names_both_parties_in_russian(client, auth, org, tmp_path):
    """An English organisation's Russian letter: its Russian name, place and project title,
    the partner's name, Russian month names and the words of ru.toml."""
    org.name_translated = "Фонд Тёплый дом"
    org.address_translated = "ул. Портовая, 4\nРига"
    org.place_translated = "Рига"
    project = factories.project(title="Winter Warmth", title_translated="Тёплая зима")
    p = partnership_with(SHORT, project=project, name="Северная пекарня")
    letter = factories.letter(p, "ru", sent_on=date(2026, 11, 23), today=date(2026, 11, 20))
    assert letter.place == "Рига"
    pdf = letter_pdf(client, letter, tmp_path)
    body = pdf.text()
    for words in (
        "Фонд Тёплый дом ул. Портовая, 4 Рига",  # the letterhead
        "Рига, 23 ноября 2026 г.",
        "КОМУ",  # beside the place and date: the addressee is read in a column of its own
        "Северная пекарня Anna Smirnova",
        "Здравствуйте, Anna Smirnova!",  # no form of address set: the neutral greeting
        "О партнёрстве в проекте «Тёплая зима»",
        "«Северная пекарня» обязуется:",
        "«Фонд Тёплый дом» обязуется:",
        "Мы рады сотрудничеству с организацией «Северная пекарня» в проекте «Тёплая зима».",
        "1 boxes, до 1 апреля 2026 г.",
        "Срок партнёрства",
        "Подписи сторон От «Фонд Тёплый дом» От «Северная пекарня»",
    ):
        assert words in body, words
    for english in ("Warm Home Foundation", "Winter Warmth", "Harbour", "November", "Dear"):
        assert english not in body


def test_english_pdf_of_a_russian_organisation(client, auth, org, tmp_path):
    """A Russian organisation's English letter uses its English names, and its Russian ones
    where no English one was written."""
    org.language = Language.RU
    org.name, org.name_translated = "Фонд «Тёплый дом»", "Warm Home Foundation"
    org.address, org.address_translated = "ул. Садовая, 5\nСанкт-Петербург", ""
    org.place, org.place_translated = "Санкт-Петербург", "St Petersburg"
    project = factories.project(title="Тёплая зима", territory="Выборг", title_translated="")
    p = partnership_with(SHORT, project=project, name="Northern Bakery")
    letter = factories.letter(p, "en", sent_on=date(2026, 11, 23))
    body = letter_pdf(client, letter, tmp_path).text()
    for words in (
        "Warm Home Foundation ул. Садовая, 5 Санкт-Петербург",  # no English address: Russian
        "St Petersburg, 23 November 2026",
        "Partnership in the project “Тёплая зима”",  # no English title: Russian
        "The project works in Выборг.",
        "Warm Home Foundation commits to:",
        "Signatures For Warm Home Foundation For Northern Bakery",
        "1 boxes, by 1 April 2026",
    ):
        assert words in body, words
    assert "Фонд" not in body
    assert "ноября" not in body


# --- pagination -----------------------------------------------------------------------------


def test_thirty_obligations_paginate_without_splitting(client, auth, org, tmp_path):
    items = long_items(30)
    letter = factories.letter(partnership_with(items), sent_on=SENT)
    pdf = letter_pdf(client, letter, tmp_path)
    total = pdf.pages
    assert total >= 3
    pages = pdf.page_texts()
    assert " ".join(pages).count("Obligation ") == 30

    # Every page is numbered, and carries the reference and fingerprint.
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in page
        assert f"{letter.reference} · Fingerprint {letter.fingerprint}" in page

    # Each obligation is whole on one page: none starts on one page and ends on the next.
    for _, description in items:
        holding = [n for n, page in enumerate(pages, start=1) if description in page]
        assert len(holding) == 1, (description, [description[:15] in p for p in pages])

    # The signature block is whole, on the last page.
    last = pages[-1]
    for label, count in SIGNATURE_LABELS.items():
        assert last.count(label) == count, label
    for page in pages[:-1]:
        assert not any(label in page for label in SIGNATURE_LABELS)
    assert "For Warm Home Foundation" in last
    assert "Ilze Berzina" in last
    assert "Thank you for your trust and your contribution." in last


def test_unbroken_long_names_wrap_inside_the_page(client, auth, org, tmp_path):
    """A name far wider than the page, with no space to break at, is wrapped within it."""
    limit = Partner.__table__.c.name.type.length
    name = ("Northernbakeryandconfectionerycooperative" * 10)[:limit]
    address = ("Industrialparkofthenorthernharbourdistrict" * 8)[:300] + "\nLV-1010 Riga"
    letter = factories.letter(
        partnership_with(SHORT, name=name, address=address, contact_person="Anna " + "X" * 150),
        sent_on=SENT,
    )
    pdf = letter_pdf(client, letter, tmp_path)
    body = pdf.text().replace(" ", "")
    assert name in body
    assert address.splitlines()[0] in body
    for n, image in enumerate(pdf.images(tmp_path), start=1):
        width, height = image.size
        strip = int(width * 0.05) + 1
        assert ink(image, (width - strip, 0, width, height)) == 0, f"right margin, page {n}"
        assert ink(image, (0, 0, strip, height)) == 0, f"left margin, page {n}"
        assert ink(image) > 0.01 * width * height


# --- a project's letters in one file --------------------------------------------------------


def test_project_batch_holds_every_letter_with_its_own_page_numbers(client, auth, org, tmp_path):
    project = factories.project(title="Winter Warmth", slug="winter-warmth")
    letters = [
        factories.letter(partnership_with(long_items(30), project=project), sent_on=SENT),
        factories.letter(partnership_with(SHORT, project=project, name="Family Circle")),
        factories.letter(
            partnership_with(SHORT[:2], project=project, name="Северная пекарня"), "ru", SENT
        ),
    ]
    other = factories.letter(partnership_with(SHORT, name="Elsewhere Ltd"), sent_on=SENT)
    single = {letter.reference: letter_pdf(client, letter, tmp_path).pages for letter in letters}
    assert single[letters[0].reference] >= 3

    batch = fetch_pdf(client, f"/projects/{project.slug}/letters.pdf", tmp_path, "batch")
    assert batch.pages == sum(single.values())
    pages = iter(batch.page_texts())
    for reference in sorted(single):  # the batch is in reference order
        count = single[reference]
        for number in range(1, count + 1):
            page = next(pages)
            assert reference in page
            label = "Page {} of {}" if not reference.endswith("003") else "Страница {} из {}"
            assert label.format(number, count) in page, (reference, number)
    body = batch.text()
    assert other.reference not in body
    assert "Elsewhere Ltd" not in body
    assert "обязуется" in body
    assert "DRAFT" in body  # the draft is included, and marked
    assert all(f["emb"] == "yes" for f in batch.fonts())

    # The sent ones alone, to print and post: no draft among them.
    sent = fetch_pdf(client, f"/projects/{project.slug}/letters.pdf?sent=1", tmp_path, "sent")
    assert sent.pages == single[letters[0].reference] + single[letters[2].reference]
    assert letters[1].reference not in sent.text() and "DRAFT" not in sent.text()


def test_project_batch_without_letters_is_404(client, auth, org):
    project = factories.project()
    assert client.get(f"/projects/{project.slug}/letters.pdf").status_code == 404
    assert client.get("/projects/no-such-project/letters.pdf").status_code == 404


# --- what the renderer may load -------------------------------------------------------------


def test_renderer_loads_only_the_apps_static_files(app):
    fetcher = LocalFiles(Path(app.static_folder))
    css = fetcher.fetch(BASE + "static/letter.css")
    assert b"@page" in css.read()
    assert css.content_type == "text/css"
    for url in (
        "file:///etc/passwd",
        "http://127.0.0.1/secret",
        "https://example.org/logo.png",
        BASE + "static/../pyproject.toml",
        BASE + "static/no-such-file.css",
        BASE + "letters/1/scan",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"


def test_markup_in_the_data_is_printed_not_fetched(client, auth, org, tmp_path):
    p = partnership_with(
        [(Direction.GIVES, '<img src="file:///etc/hostname"> Bread & <b>butter</b>')],
        name="<script>Bakery</script>",
    )
    body = letter_pdf(client, factories.letter(p, sent_on=SENT), tmp_path).text()
    assert '<img src="file:///etc/hostname"> Bread & <b>butter</b>' in body
    assert "<script>Bakery</script>" in body
