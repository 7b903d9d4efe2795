"""Letters in two languages: each letter in its own, whatever language the screens speak.

The wording files keep the same keys; names come in the letter's language (else the other);
a new letter speaks the partner's language, else the organisation's; the letters screens
themselves speak the reader's language.
"""

import json
import tomllib
from datetime import date

import pytest
import sqlalchemy as sa
from babel.dates import format_date as babel_date

from planner.enums import Direction, Language, LetterStatus, Status
from planner.extensions import db
from planner.letters.compose import (
    canonical,
    fingerprint,
    in_language,
    live_data,
    names_in,
)
from planner.letters.wording import LETTERS
from planner.models import Letter, Organisation, Partner, Project
from planner.partners.rules import writing_language
from tests import factories
from tests.test_letters import create, flashes, html, send, shown, stored, text

RU = {"Accept-Language": "ru"}


def day(value: date, format: str, locale: str) -> str:
    """A date as Babel writes it, its narrow no-break spaces as the page's text reads them."""
    return " ".join(babel_date(value, format, locale=locale).split())


def keys(table: dict, prefix: str = "") -> set[str]:
    """Every key of a TOML table, nested ones as dotted paths: categories.money."""
    found = set()
    for key, value in table.items():
        found.add(prefix + key)
        if isinstance(value, dict):
            found |= keys(value, f"{prefix}{key}.")
    return found


def organisation() -> Organisation:
    return db.session.scalar(sa.select(Organisation))


@pytest.fixture
def russian_org(user) -> Organisation:
    """A Russian organisation that also wrote its name and place in English (not its address)."""
    org = organisation()
    org.language = Language.RU
    org.name = "Фонд Тёплый дом"
    org.name_translated = "Warm Home Foundation"
    org.address = "ул. Садовая, 5\nСанкт-Петербург"
    org.address_translated = ""
    org.place = "Санкт-Петербург"
    org.place_translated = "St Petersburg"
    db.session.commit()
    return org


def partnership(partner_language: Language | None = None, **project):
    item = factories.partnership(
        project=factories.project(**{"title": "Тёплая зима", "slug": "winter", **project}),
        partner=factories.partner(
            name="Северная пекарня", contact_person="Анна Смирнова", language=partner_language
        ),
        status=Status.NEGOTIATING,
    )
    factories.commitment(item, description="Хлеб для сорока семей", quantity=1500, unit="кг")
    factories.commitment(item, direction=Direction.GETS, description="Логотип на плакате")
    return item


# --- the wording files ----------------------------------------------------------------------


def test_wording_files_have_the_same_keys():
    """en.toml and ru.toml have the same keys, nested tables included: none is missing in one."""
    tables = {}
    for path in sorted(LETTERS.glob("*.toml")):
        with path.open("rb") as f:
            tables[path.stem] = keys(tomllib.load(f))
    assert set(tables) >= {"en", "ru"}
    every = set().union(*tables.values())
    missing = {name: sorted(every - found) for name, found in tables.items() if every - found}
    assert missing == {}
    assert "categories.money" in every
    assert not {"months", "date_format"} & every  # dates are Babel's, not the files'


def test_key_comparison_sees_a_nested_key():
    """The comparison above notices a key missing inside a table, not only at the top."""
    assert keys({"title": "", "categories": {"money": ""}}) != keys({"title": "", "categories": {}})


# --- names in the letter's language ---------------------------------------------------------


def test_in_language_takes_the_letters_version_and_falls_back():
    """A name in the letter's language is used; when it is empty, the other one is."""
    ru, en = Language.RU, Language.EN
    assert in_language("Фонд", "Foundation", own_language=ru, language=ru) == "Фонд"
    assert in_language("Фонд", "Foundation", own_language=ru, language=en) == "Foundation"
    assert in_language("Фонд", "", own_language=ru, language=en) == "Фонд"
    assert in_language("", "Foundation", own_language=ru, language=ru) == "Foundation"
    assert in_language("Foundation", "Фонд", own_language=en, language=ru) == "Фонд"
    assert in_language("", "", own_language=en, language=ru) == ""


def test_names_of_an_english_letter_of_a_russian_organisation(russian_org):
    """English names where they were written, the Russian ones where they were not."""
    project = Project(title="Тёплая зима", territory="Выборг", title_translated="Warm Winter")
    names = names_in(Language.EN, russian_org, project)
    assert names.organisation == "Warm Home Foundation"
    assert names.project == "Warm Winter"
    assert names.address == "ул. Садовая, 5\nСанкт-Петербург"  # no English address: falls back
    assert names.territory == "Выборг"
    russian = names_in(Language.RU, russian_org, project)
    assert (russian.organisation, russian.project) == ("Фонд Тёплый дом", "Тёплая зима")


# --- which language a new letter speaks -----------------------------------------------------


def test_writing_language_is_the_partners_else_the_organisations():
    """The partner's preferred language wins; without one, the organisation's."""
    english_org = Organisation(name="Warm Home", language=Language.EN)
    russian_org = Organisation(name="Тёплый дом", language=Language.RU)
    assert writing_language(Partner(language=Language.RU), english_org) is Language.RU
    assert writing_language(Partner(language=Language.EN), russian_org) is Language.EN
    assert writing_language(Partner(language=None), russian_org) is Language.RU
    assert writing_language(Partner(language=None), english_org) is Language.EN
    assert writing_language(Partner(language=None), None) is Language.EN


def test_a_drafted_letter_speaks_the_partners_language(client, auth):
    """Drafted without a language, a letter to a Russian-speaking partner is Russian."""
    item = partnership(partner_language=Language.RU)
    page = html(client.get(f"/partnerships/{item.id}/"))
    assert page.select_one("#letter-language option[selected]")["value"] == "ru"
    response = client.post(f"/partnerships/{item.id}/letters/new", data={})
    letter = stored(int(response.location.rstrip("/").rsplit("/", 1)[1]))
    assert letter.language is Language.RU
    assert "Письмо о взаимных обязательствах" in shown(client, letter.id)


def test_a_drafted_letter_speaks_the_organisations_language_by_default(client, auth, russian_org):
    """A partner without a preferred language gets a letter in the organisation's language."""
    item = partnership(partner_language=None)
    response = client.post(f"/partnerships/{item.id}/letters/new", data={})
    letter = stored(int(response.location.rstrip("/").rsplit("/", 1)[1]))
    assert letter.language is Language.RU
    assert letter.place == "Санкт-Петербург"
    body = shown(client, letter.id)
    assert "«Фонд Тёплый дом» обязуется" in body
    assert f"Санкт-Петербург, {day(date.today(), 'long', 'ru')}" in body


def test_a_chosen_language_overrides_the_default(client, auth, russian_org):
    """Choosing English drafts an English letter with the organisation's English names."""
    item = partnership(partner_language=Language.RU, title_translated="")
    letter = create(client, item, language="en")
    assert letter.language is Language.EN
    assert letter.place == "St Petersburg"
    body = shown(client, letter.id)
    assert "Warm Home Foundation commits to" in body
    assert "Фонд Тёплый дом" not in body
    assert "Partnership in the project “Тёплая зима”" in body  # no English title: falls back
    assert f"St Petersburg, {day(date.today(), 'long', 'en_GB')}" in body


def test_switching_the_language_switches_the_default_place(client, auth, russian_org):
    """A draft's place follows its language unless someone wrote their own."""
    letter = create(client, partnership(), language="ru")
    client.post(f"/letters/{letter.id}/edit", data={"language": "en", "place": "Санкт-Петербург"})
    assert stored(letter.id).place == "St Petersburg"
    client.post(f"/letters/{letter.id}/edit", data={"language": "ru", "place": "Пушкин"})
    assert stored(letter.id).place == "Пушкин"


# --- the letter's language, not the page's --------------------------------------------------


def test_a_russian_interface_shows_an_english_letter_in_english(client, auth, user):
    """A coordinator reading in Russian sees the screens in Russian and the letter in English."""
    user.language = Language.RU
    db.session.commit()
    letter = create(client, partnership(), language="en")
    page = html(client.get(f"/letters/{letter.id}/"))
    assert text(page.select_one("h1")).startswith(f"Письмо {letter.reference}")
    sheet = text(page.select_one(".sheet article.letter"))
    assert page.select_one(".sheet article.letter")["lang"] == "en"
    assert "Letter of mutual commitments" in sheet
    assert "Северная пекарня commits to: Хлеб для сорока семей — 1,500 кг (Money)" in sheet
    assert "Warm Home Foundation commits to: Логотип на плакате" in sheet
    assert day(date.today(), "long", "en_GB") in sheet
    assert "Письмо о взаимных" not in sheet
    printed = client.get(f"/letters/{letter.id}/print").text
    assert '<html lang="en">' in printed
    assert "Letter of mutual commitments" in printed


def test_an_english_interface_shows_a_russian_letter_in_russian(client, auth):
    """The other way round: English screens, a Russian letter with Russian dates and numbers."""
    letter = create(client, partnership(), language="ru")
    page = html(client.get(f"/letters/{letter.id}/"))
    assert text(page.select_one("h1")).startswith(f"Letter {letter.reference}")
    sheet = text(page.select_one(".sheet article.letter"))
    assert "«Северная пекарня» обязуется: Хлеб для сорока семей — 1 500 кг (Деньги)" in sheet
    assert day(date.today(), "long", "ru") in sheet


# --- the fingerprint follows what is printed ------------------------------------------------


def test_fingerprint_changes_with_the_language_and_the_translated_names(app, russian_org):
    """Whatever changes the printed letter changes its fingerprint; what is not printed does not."""
    letter = factories.letter(partnership(), "en")

    def digest() -> str:
        return fingerprint(canonical(live_data(letter, russian_org, date(2026, 11, 23))))

    first = digest()
    russian_org.name_translated = "Warm House Fund"  # printed in an English letter
    assert digest() != first
    second = digest()
    letter.partnership.project.title_translated = "Warm Winter"
    assert digest() != second
    third = digest()
    russian_org.address = "ул. Садовая, 7\nСанкт-Петербург"  # no English address: printed
    assert digest() != third
    fourth = digest()
    letter.language = Language.RU
    assert digest() != fourth
    fifth = digest()
    russian_org.name_translated = "Something Else"  # not printed in a Russian letter
    assert digest() == fifth
    assert json.loads(canonical(live_data(letter, russian_org, date.today())))["language"] == "ru"


# --- the letters screens in Russian ---------------------------------------------------------


def test_letters_screens_in_russian(client, auth):
    """Headings, labels, buttons and flash messages of the letters screens are in Russian."""
    item = partnership()
    response = client.post(
        f"/partnerships/{item.id}/letters/new",
        data={"language": "en"},
        headers=RU,
        follow_redirects=True,
    )
    assert "Черновик письма готов. До отправки он следует за матрицей вкладов и выгод." in (
        flashes(response)
    )
    page = html(response)
    letter = db.session.scalar(sa.select(Letter))
    assert text(page.select_one("h1")) == f"Письмо {letter.reference} Черновик"
    assert page.select_one("html")["lang"] == "ru"
    assert page.select_one("aside")["aria-label"] == "Что сделать с письмом"
    labels = [text(label) for label in page.select("aside label")]
    assert labels == [
        "Язык письма",
        "Место составления",
        "Вступительный абзац",
        "Заключительный абзац",
    ]
    buttons = [text(button) for button in page.select("aside button")]
    assert buttons == [
        "Сохранить черновик",
        "Да, отметить как отправленное и зафиксировать текст",
        "Отправить партнёру",
    ]
    assert text(page.select_one("aside details summary")) == "Отметить как отправленное"
    assert "Распечатать" in text(page.select_one(".actions"))
    assert "Версия 1 · Английский" in text(page.select_one("p.meta"))

    saved = client.post(
        f"/letters/{letter.id}/edit", data={"language": "en"}, headers=RU, follow_redirects=True
    )
    assert "Черновик сохранён." in flashes(saved)

    sent = client.post(f"/letters/{letter.id}/send", headers=RU, follow_redirects=True)
    assert f"Письмо {letter.reference} отправлено; его текст больше не меняется." in flashes(sent)
    page = html(sent)
    assert [text(h) for h in page.select("aside h2")] == [
        "Письмо подписано?",
        "Отправить партнёру",
        "Подписанный экземпляр",
        "Обязательства изменились?",
    ]
    buttons = [text(button) for button in page.select("aside button")]
    assert buttons == [
        "Отметить подписание",
        "Партнёр отказался",
        "Отправить партнёру",
        "Приложить подписанный экземпляр",
        "Составить дополнение",
    ]
    meta = text(page.select_one("p.meta"))
    assert f"отправлено {day(date.today(), 'medium', 'ru')}" in meta
    assert f"отпечаток {stored(letter.id).fingerprint}" in meta

    refused = client.post(
        f"/letters/{letter.id}/sign",
        data={"signed_on": "", "partner_signatory": ""},
        headers=RU,
        follow_redirects=True,
    )
    assert "Укажите дату подписания." in flashes(refused)
    assert "Кто подписал?" in flashes(refused)

    signed = client.post(
        f"/letters/{letter.id}/sign",
        data={"signed_on": "2026-11-23", "partner_signatory": "Анна Смирнова"},
        headers=RU,
        follow_redirects=True,
    )
    assert "Подписание отмечено: обязательства партнёрства подписаны." in flashes(signed)
    assert "подписано 23 нояб. 2026 г. (Анна Смирнова)" in text(html(signed).select_one("p.meta"))
    assert stored(letter.id).status is LetterStatus.SIGNED


def test_a_sent_letter_refuses_edits_in_russian(client, auth):
    """The refusal to change a sent letter is given in the reader's language."""
    letter = create(client, partnership())
    send(client, letter)
    response = client.post(f"/letters/{letter.id}/edit", data={"language": "en"}, headers=RU)
    assert response.status_code == 409
    assert "Это письмо уже отправил(а)" in response.text
    assert "Ваш запрос ничего не изменил." in response.text
