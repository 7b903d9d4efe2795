"""A letter sent from its page through a real SMTP server on loopback, then confirmed by the
partner on a phone: what each of them clicks, in English and Russian, checked by axe."""

import re

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from playwright.sync_api import Page, expect

from planner.enums import Language, LetterStatus, Status
from planner.extensions import db
from planner.models import Letter, Organisation, User
from tests import factories
from tests.test_accessibility import assert_accessible
from tests.test_letters_mail import SENDER, Inbox, body_of, free_port
from tests.test_letters_pdf import SHORT, partnership_with

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}

WORDS = {
    "en": {
        "send": "Send to the partner",
        "sent": "was e-mailed to",
        "name": "Your name",
        "title": "Your position",
        "confirm": "Confirm the letter",
        "confirmed": "Confirmed online by Анна-Мария Константинопольская-Щербацкая, Director",
        "answers": "Answers from partners",
        "position": "Director",
    },
    "ru": {
        "send": "Отправить партнёру",
        "sent": "отправлено на",
        "name": "Ваше имя",
        "title": "Ваша должность",
        "confirm": "Подтвердить письмо",
        "confirmed": "Подтверждено онлайн: Анна-Мария Константинопольская-Щербацкая, "
        "Заместитель генерального директора",
        "answers": "Ответы партнёров",
        "position": "Заместитель генерального директора",
    },
}


@pytest.fixture
def smtp(live_app):
    """A real SMTP server on loopback; the live app sends through it for this test."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    saved = dict(live_app.config)
    live_app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_DEFAULT_SENDER=SENDER
    )
    try:
        yield inbox
    finally:
        controller.stop()
        live_app.config.clear()
        live_app.config.update(saved)


def fits(page: Page) -> None:
    """No sideways scrolling of the page."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide"


@pytest.mark.parametrize("language", ["en", "ru"])
def test_send_and_confirm_on_a_phone(
    signed_in, page: Page, browser, smtp, live_url, screenshot, language
):
    """The coordinator sends the letter from its page; the partner opens the e-mailed link on a
    phone, confirms, and the coordinator sees the confirmation on the letter and dashboard."""
    words = WORDS[language]
    org = db.session.scalar(sa.select(Organisation))
    org.name = "Тёплый дом" if language == "ru" else "Warm Home"
    admin = db.session.scalar(sa.select(User))
    admin.language = Language(language)
    p = partnership_with(
        SHORT, name="ООО «Северная пекарня»", email="anna@bakery.example", language=None
    )
    letter = factories.letter(p, language)
    db.session.commit()

    page.set_viewport_size(DESKTOP)
    page.goto(f"/letters/{letter.id}/")
    screenshot(f"{language}-letter-page")
    assert_accessible(page)
    page.get_by_role("button", name=words["send"]).click()
    expect(page.locator(".flashes")).to_contain_text(words["sent"])
    screenshot(f"{language}-sent")
    (message,) = smtp.messages
    link = re.search(r"https?://\S+/confirm/\S+", body_of(message)).group(0)

    phone = browser.new_context(viewport=PHONE, base_url=live_url, locale="en-GB")
    partner = phone.new_page()
    try:
        partner.goto(link)
        expect(partner.locator("html")).to_have_attribute("lang", language)
        fits(partner)
        assert_accessible(partner)
        screenshot_of(partner, screenshot, f"{language}-confirm-phone")
        partner.get_by_role("button", name=words["confirm"]).click()
        expect(partner.locator(".error").first).to_be_visible()
        fits(partner)
        assert_accessible(partner)
        partner.get_by_label(words["name"]).fill("Анна-Мария Константинопольская-Щербацкая")
        partner.get_by_label(words["title"]).fill(words["position"])
        partner.locator("input[name=authorised]").check()
        partner.get_by_role("button", name=words["confirm"]).click()
        expect(partner.locator(".confirmed-online")).to_contain_text(words["confirmed"])
        fits(partner)
        assert_accessible(partner)
        screenshot_of(partner, screenshot, f"{language}-confirmed-phone")
        partner.set_viewport_size(DESKTOP)
        partner.reload()
        screenshot_of(partner, screenshot, f"{language}-confirmed-desktop")
    finally:
        phone.close()

    db.session.expire_all()
    letter = db.session.get(Letter, letter.id)
    assert letter.status is LetterStatus.SIGNED
    assert letter.partnership.status is Status.COMMITTED
    page.reload()
    expect(page.locator(".meta .confirmed-online")).to_contain_text(words["confirmed"])
    page.set_viewport_size(PHONE)
    fits(page)
    screenshot(f"{language}-letter-confirmed-phone")
    page.goto("/")
    expect(page.get_by_role("heading", name=words["answers"])).to_be_visible()
    fits(page)
    assert_accessible(page)
    screenshot(f"{language}-dashboard-phone")


def screenshot_of(other: Page, screenshot, step: str) -> None:
    """A screenshot of another page (the partner's) beside the coordinator's, same folder."""
    path = screenshot(step)  # names the file in the test's folder (a shot of the coordinator)
    other.screenshot(path=path, full_page=True)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_change_request_and_no_mail_server(live_server, page: Page, screenshot, language):
    """A letter the partner asked to change, on a server without mail: the comment, the list
    of e-mails and the switched-off button with its explanation fit a phone and pass axe."""
    from planner.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo

    load_demo(language=Language(language))
    letter = db.session.scalar(sa.select(Letter).where(Letter.change_request != ""))
    page.goto("/login")
    page.locator("input[name=email]").fill(DEMO_EMAIL)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/")
    for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.goto(f"/letters/{letter.id}/")
        expect(page.locator(".change-request blockquote")).to_have_text(letter.change_request)
        expect(page.locator(".send-mail button")).to_be_disabled()
        expect(page.locator("#mail-not-set-up")).to_contain_text("PLANNER_MAIL_SERVER")
        fits(page)
        assert_accessible(page)
        screenshot(f"{language}-change-request-{size}")
