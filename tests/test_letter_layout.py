"""How a letter falls on its pages, read back from real PDFs page by page.

Letters of 1 to 30 obligations, with a one-line and a three-line address, in English and in
Russian, on A4 and on US Letter: how many pages, and which words each page carries. A short
letter is one page; the closing and both signature blocks stay together with the last
obligation; no page but the only one is a stub; no obligation or signature block is split.
"""

import math
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from planner.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo
from planner.enums import Category, Direction, Language, Status
from planner.extensions import db
from planner.letters.compose import greeting, quote
from planner.letters.wording import wording
from planner.models import Letter
from tests import factories
from tests.browser import ARTIFACTS
from tests.test_accessibility import assert_accessible
from tests.test_layout_browser import CUT_OFF, SIZES, sign_in
from tests.test_letters_pdf import SENT, letter_pdf, org  # noqa: F401 (org is a fixture)

ITEMS = {
    "en": [
        "Bread for forty families every week",
        "A van with a driver on distribution days",
        "Two bakers teaching a baking class for teenagers",
        "Flour and yeast for the community kitchen",
        "Space in the shop window for the campaign poster",
        "Volunteers from the staff on the spring clean-up day",
    ],
    "ru": [
        "Хлеб для сорока семей каждую неделю",
        "Фургон с водителем в дни раздачи",
        "Два пекаря проводят мастер-класс для подростков",
        "Мука и дрожжи для общественной кухни",
        "Место в витрине магазина для плаката кампании",
        "Волонтёры из сотрудников на весеннем субботнике",
    ],
}
ADDRESSES = {
    1: "Riga",
    3: "Northern Bakery Ltd\n12 Mill Road, building 2\nLV-1050 Riga, Latvia",
}
# What the last page must hold: the closing paragraph and both signature blocks.
ENDING = {
    "en": ("Thank you for your trust and your contribution.", "Signatures", "Signature:"),
    "ru": ("Благодарим вас за доверие и вклад в проект.", "Подписи сторон", "Подпись:"),
}
SIGN_LABELS = {"en": ("Name:", "Title:", "Signature:"), "ru": ("ФИО:", "Должность:", "Подпись:")}
PAPER = {"a4": (210, 297), "letter": (215.9, 279.4)}
TOP, BOTTOM = 12, 16  # the page's margins in mm, as static/letter.css sets them


def tag(language: str, n: int) -> str:
    """A word that names one obligation, to find it on its page."""
    return f"{'Пункт' if language == 'ru' else 'Item'}{n:02d}"


def make_letter(language: str, count: int, lines: int):
    """A sent letter with `count` obligations, three in five from the partner."""
    partnership = factories.partnership(
        partner=factories.partner(
            name="Северная пекарня" if language == "ru" else "Northern Bakery",
            contact_person="Анна Смирнова" if language == "ru" else "Anna Smirnova",
            address=ADDRESSES[lines],
        ),
        status=Status.NEGOTIATING,
    )
    gives = math.ceil(count * 0.6)
    for n in range(1, count + 1):
        direction = Direction.GIVES if n <= gives else Direction.GETS
        text = ITEMS[language][n % len(ITEMS[language])]
        factories.commitment(
            partnership,
            direction=direction,
            category=Category.GOODS if direction is Direction.GIVES else Category.RECOGNITION,
            description=f"{tag(language, n)} {text}",
            quantity=n,
            unit="шт." if language == "ru" else "boxes",
            value=1500 * n if direction is Direction.GIVES else None,
            due_date=date(2026, 4, 1) + timedelta(days=n),
        )
    # The letter lists the partner's obligations, then ours: the last listed is the last one.
    return factories.letter(partnership, language, sent_on=SENT), count


def filled(image, paper: str) -> float:
    """How much of the page's text area, from its top, holds ink (0 to 1)."""
    width, height = image.size
    page_height = PAPER[paper][1]
    top = round(height * TOP / page_height)
    bottom = round(height * (page_height - BOTTOM) / page_height)
    rows = [y for y in range(top, bottom) if image.crop((0, y, width, y + 1)).getextrema()[0] < 200]
    return (max(rows) - top) / (bottom - top) if rows else 0.0


CASES = [
    (count, lines, language, paper)
    for count in (1, 2, 5, 8, 12, 30)
    for lines in (1, 3)
    for language in ("en", "ru")
    for paper in ("a4", "letter")
]


@pytest.mark.parametrize(("count", "lines", "language", "paper"), CASES)
def test_pages_of_a_letter(app, client, auth, org, tmp_path, count, lines, language, paper):  # noqa: F811
    """Short letters are one page; otherwise every page is whole and the ending keeps company."""
    app.config["LETTER_PAPER"] = paper
    letter, count = make_letter(language, count, lines)
    pdf = letter_pdf(client, letter, tmp_path)
    pages = pdf.page_texts()

    if count <= 5:
        assert len(pages) == 1

    # Each obligation is whole on exactly one page, in order.
    where = []
    for n in range(1, count + 1):
        holding = [p for p, text in enumerate(pages, start=1) if tag(language, n) in text]
        assert len(holding) == 1, (n, holding)
        where.append(holding[0])
    assert where == sorted(where)

    # The last page holds the closing, both whole signature blocks and the last obligation.
    last = pages[-1]
    for words in ENDING[language]:
        assert words in last, words
    for label in SIGN_LABELS[language]:
        assert last.count(label) == 2, label
    assert where[-1] == len(pages)
    for page in pages[:-1]:
        assert not any(label in page for label in SIGN_LABELS[language])

    # No page but the only one holds less than a third of a page.
    if len(pages) > 1:
        for number, image in enumerate(pdf.images(tmp_path), start=1):
            assert filled(image, paper) >= 1 / 3, number


# --- the Russian demo's letters ----------------------------------------------------------------

LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
LINKS = re.compile(r"\S+@\S+|https?://\S+")
# Latin as Russian writes it too: the category «Публикации и PR», «pro bono».
ALLOWED = {"PR", "pro", "bono"}


def test_russian_demo_letters_are_all_russian(app, client, tmp_path):
    """Every letter of the Russian demo, PDF page by page: no English word in it."""
    load_demo(language=Language.RU)
    response = client.post("/login", data={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    letters = db.session.scalars(sa.select(Letter).order_by(Letter.id)).all()
    assert letters
    # Letter references are Latin by nature (the project's code), and a fingerprint is hex.
    own = sorted(
        [x.reference for x in letters] + [x.fingerprint for x in letters if x.fingerprint],
        key=len,
        reverse=True,
    )
    for letter in letters:
        assert letter.language is Language.RU
        pdf = letter_pdf(client, letter, tmp_path)
        for number, text in enumerate(pdf.page_texts(), start=1):
            text = LINKS.sub(" ", text)
            for word in own:
                text = text.replace(word, " ")
            english = [w for w in LATIN_WORD.findall(text) if w not in ALLOWED]
            assert not english, (letter.reference, number, english)


# --- quotes ------------------------------------------------------------------------------------

QUOTED = [
    # name, in a Russian letter, in an English letter
    ("Лента", "«Лента»", "“Лента”"),
    ("ООО «Лента»", "ООО «Лента»", "ООО “Лента”"),
    ('ООО "Лента"', "ООО «Лента»", "ООО “Лента”"),
    ("«Лента»", "«Лента»", "“Лента”"),
    ("Акция «Тёплая зима» 2026", "«Акция „Тёплая зима“ 2026»", "“Акция ‘Тёплая зима’ 2026”"),
    ('Book "Tales" club', "«Book „Tales“ club»", "“Book ‘Tales’ club”"),
    ("Joe's Bakery", "«Joe's Bakery»", "“Joe's Bakery”"),
    ("Café “O’Brien’s”", "Café «O’Brien’s»", "Café “O’Brien’s”"),
    ("", "", ""),
]


@pytest.mark.parametrize(("name", "russian", "english"), QUOTED)
def test_quotes_nest_and_are_not_doubled(name, russian, english):
    """Each language's quotes, inner ones of the inner kind, a quoted name never wrapped again."""
    assert quote(name, Language.RU) == russian
    assert quote(name, Language.EN) == english


def test_a_quoted_partner_name_in_a_russian_letter(client, auth, org, tmp_path):  # noqa: F811
    """ООО «Лента» is printed as it is written wherever the letter puts a name in quotes."""
    p = factories.partnership(
        partner=factories.partner(name="ООО «Лента»", contact_person="Павел Орлов"),
        project=factories.project(title="Акция «Тёплая зима» в Выборге"),
        status=Status.NEGOTIATING,
    )
    factories.commitment(p, description="Продуктовые наборы")
    body = letter_pdf(client, factories.letter(p, "ru", sent_on=SENT), tmp_path).text()
    for words in (
        "О партнёрстве в проекте «Акция „Тёплая зима“ в Выборге»",
        "с организацией ООО «Лента» в проекте «Акция „Тёплая зима“ в Выборге»",
        "ООО «Лента» обязуется:",
        "От ООО «Лента»: Павел Орлов",
        "От «Warm Home Foundation» От ООО «Лента»",
    ):
        assert words in body, words
    assert "««" not in body and "»»" not in body


# --- amounts -----------------------------------------------------------------------------------

VALUED = {
    "en": [
        "Donation for the winter campaign — €150,000.00",
        "Flour for the kitchen — 40 kg, valued at €1,200.50",
        "Accounting advice — 40 h × €25.00 = €1,000.00",
    ],
    "ru": [
        "Donation for the winter campaign — 150 000,00 €",
        "Flour for the kitchen — 40 kg, оценка 1 200,50 €",
        "Accounting advice — 40 ч × 25,00 € = 1 000,00 €",
    ],
}


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_valued_item_shows_its_amount(client, auth, org, tmp_path, language):  # noqa: F811
    """Money, in-kind at its value, and time as hours × rate, in the letter's language."""
    p = factories.partnership(status=Status.NEGOTIATING)
    factories.commitment(
        p, category=Category.MONEY, description="Donation for the winter campaign", value=150000
    )
    factories.commitment(
        p,
        category=Category.GOODS,
        description="Flour for the kitchen",
        quantity=40,
        unit="kg",
        value=Decimal("1200.50"),
    )
    factories.commitment(
        p,
        category=Category.PRO_BONO,
        description="Accounting advice",
        hours=40,
        hourly_rate=25,
        value=1000,
    )
    body = letter_pdf(client, factories.letter(p, language, sent_on=SENT), tmp_path).text()
    for words in VALUED[language]:
        assert words in body, words


# --- the greeting ------------------------------------------------------------------------------

GREETINGS = [
    # language, contact, form, addressed as, greeting
    ("ru", "Игорь Петрович Петров", "male", "", "Уважаемый Игорь Петрович!"),
    ("ru", "Петров Игорь Петрович", "male", "", "Уважаемый Игорь Петрович!"),
    ("ru", "Анна Сергеевна Иванова", "female", "", "Уважаемая Анна Сергеевна!"),
    ("ru", "Анна Смирнова", "female", "", "Уважаемая Анна Смирнова!"),
    ("ru", "Игорь Петров", "", "", "Здравствуйте, Игорь Петров!"),
    ("ru", "Игорь Петров", "male", "Игорь Петрович", "Уважаемый Игорь Петрович!"),
    ("ru", "", "male", "", "Уважаемые коллеги!"),
    ("en", "Igor Petrov", "male", "", "Dear Mr Petrov,"),
    ("en", "Anna Petrova", "female", "", "Dear Ms Petrova,"),
    ("en", "Igor Petrov", "", "", "Dear Igor Petrov,"),
    ("en", "Петров Игорь Петрович", "male", "", "Dear Mr Петров,"),
    ("en", "Igor Petrov", "male", "Petrov-Vodkin", "Dear Mr Petrov-Vodkin,"),
    ("en", "  ", "female", "", "Dear colleagues,"),
]


@pytest.mark.parametrize(("language", "contact", "form", "named", "expected"), GREETINGS)
def test_greeting_by_form_of_address(language, contact, form, named, expected):
    """The greeting follows the contact's form of address and the letter's language."""
    language = Language(language)
    assert greeting(language, wording(language), contact, form, named) == expected


def test_greeting_is_set_on_the_partnership_and_printed(client, auth, org, tmp_path):  # noqa: F811
    """The form of address chosen on the partnership's form (in Russian) greets in the PDF."""
    p = factories.partnership(status=Status.NEGOTIATING, partner_contact="Игорь Петрович Петров")
    russian = {"Accept-Language": "ru"}
    page = client.get(f"/partnerships/{p.id}/edit", headers=russian).text
    for words in ("Обращение в письмах", "Уважаемый …!", "Имя в обращении"):
        assert words in page, words
    response = client.post(
        f"/partnerships/{p.id}/edit",
        data={
            "need": "yes",
            "fit": "yes",
            "motivation": "yes",
            "responsible_id": "0",
            "partner_contact": "Игорь Петрович Петров",
            "contact_form": "male",
        },
        headers=russian,
    )
    assert response.status_code == 302
    assert "Уважаемый Игорь Петрович!" in letter_pdf(
        client, factories.letter(p, "ru", sent_on=SENT), tmp_path
    ).text(1)
    assert "Dear Mr Петров," in letter_pdf(
        client, factories.letter(p, "en", sent_on=SENT), tmp_path
    ).text(1)


# --- the screens that changed, in a browser -------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("language", [Language.EN, Language.RU])
def test_greeting_fields_and_letter_preview_in_a_browser(live_server, page, language):
    """The partnership form with its greeting fields and a letter's preview: no sideways
    scrolling, nothing cut off, no serious axe finding, at 1366 and 390 px, in both languages."""
    load_demo(language=language)
    sign_in(page)
    letter = db.session.scalars(sa.select(Letter).order_by(Letter.id)).first()
    paths = {
        "partnership-edit": f"/partnerships/{letter.partnership_id}/edit",
        "letter": f"/letters/{letter.id}/",
    }
    folder = ARTIFACTS / "letter-layout"
    folder.mkdir(parents=True, exist_ok=True)
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        for name, path in paths.items():
            page.goto(path)
            page.screenshot(path=folder / f"{language.value}-{size}-{name}.png", full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (size, name)
            assert not page.evaluate(CUT_OFF), (size, name)
            assert_accessible(page)
    page.goto(paths["partnership-edit"])
    label = "Обращение в письмах" if language is Language.RU else "Greeting in letters"
    page.get_by_label(label).select_option("female")
    page.locator("main form button[type=submit]").first.click()
    page.locator("h1").first.wait_for()
    db.session.expire_all()
    assert db.session.get(Letter, letter.id).partnership.contact_form == "female"
