"""The report editor, follow-up and letters pages in Chromium: the unsaved-changes warning,
one Save for everything, no sideways scrolling at 1366 and 390 px and no serious axe finding,
in English and in Russian (issue 10)."""

import re
from datetime import date

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from planner.enums import Language, LetterStatus, Sector, Status
from planner.extensions import db
from planner.models import Letter
from tests import factories
from tests.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

SIZES = [(1366, 900), (390, 844)]


@pytest.fixture
def project(signed_in):
    """A project with three partners that took part, long names among them, and letters."""
    project = factories.project(title="Тёплая зима в Выборгском районе", slug="warm-winter")
    names = [
        ("SPbU Student Volunteers", Sector.VOLUNTEERS),
        (
            "Межрегиональная благотворительная общественная организация «Северная пекарня»",
            Sector.NGO,
        ),
        ("North Bakery", Sector.BUSINESS),
    ]
    partnerships = [
        factories.partnership(
            project, factories.partner(name=name, sector=sector), status=Status.NEGOTIATING
        )
        for name, sector in names
    ]
    factories.letter(partnerships[0])
    factories.letter(partnerships[1], "ru", sent_on=date(2026, 2, 3))
    signed = factories.letter(partnerships[2], sent_on=date(2026, 2, 3))
    signed.status = LetterStatus.SIGNED
    signed.signed_on = date(2026, 2, 10)
    for p in partnerships:
        p.status = Status.COMPLETED
    db.session.commit()
    return project


def test_leaving_the_report_with_unsaved_changes_warns(project, page: Page, screenshot):
    """Typing and then leaving asks first; Save keeps everything typed, in every section."""
    page.goto(f"/projects/{project.slug}/report/")
    note = page.locator(".save-bar [data-unsaved]")
    expect(note).to_be_hidden()
    page.get_by_role("textbox", name="Summary").click()
    page.keyboard.type("Sixty elders, one winter.")
    section = page.get_by_role("region", name="Section: SPbU Student Volunteers")
    section.get_by_label("What its help made possible").click()
    page.keyboard.type("Hot meals delivered by students.")
    expect(note).to_be_visible()
    full = screenshot("unsaved")
    # What the coordinator sees there: the Save bar, held at the top while writing.
    page.screenshot(path=full.with_name("01-unsaved-viewport.png"))

    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.get_by_role("link", name="Follow-up").click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    expect(page).to_have_url(f"{page.url.split('/projects/')[0]}/projects/{project.slug}/report/")
    expect(page.get_by_role("textbox", name="Summary")).to_have_value("Sixty elders, one winter.")

    # Save is not leaving: no warning, and both the summary and the section are stored.
    page.locator(".save-bar").get_by_role("button", name="Save the report").click()
    expect(page.locator(".flashes")).to_contain_text("The report is saved.")
    assert dialogs == ["beforeunload"]
    expect(page.get_by_role("textbox", name="Summary")).to_have_value("Sixty elders, one winter.")
    expect(section.get_by_label("What its help made possible")).to_have_value(
        "Hot meals delivered by students."
    )
    expect(page.get_by_role("button", name="Publish", exact=True)).to_be_enabled()
    screenshot("saved")
    # Nothing changed since: leaving does not ask.
    page.get_by_role("link", name="Follow-up").click()
    expect(page.get_by_role("heading", name="After the project")).to_be_visible()
    assert dialogs == ["beforeunload"]


@pytest.mark.parametrize("language", [Language.EN, Language.RU], ids=["en", "ru"])
def test_report_follow_up_and_letters_fit_and_are_accessible(
    project, signed_in, page: Page, screenshot, language
):
    """The three screens fit 1366 and 390 px without sideways scrolling, in both languages,
    with no serious or critical axe finding."""
    signed_in.language = language
    db.session.commit()
    factories.report(project)
    screens = {
        "report": f"/projects/{project.slug}/report/",
        "follow-up": f"/projects/{project.slug}/report/follow-up",
        "letters": f"/projects/{project.slug}/letters/",
    }
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        for name, url in screens.items():
            page.goto(url)
            expect(page.locator("html")).to_have_attribute("lang", language.value)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            screenshot(f"{name}-{language.value}-{width}")
            assert overflow <= 0, (name, width, overflow)
            # No button's or select's text is cut off.
            cut = page.evaluate(
                """() => [...document.querySelectorAll('main button, main select, main .button')]
                    .filter(e => e.offsetParent && e.scrollWidth > e.clientWidth + 1)
                    .map(e => e.textContent.trim().slice(0, 40))"""
            )
            assert cut == [], (name, width, cut)
            if width == 1366:
                assert_accessible(page)


@pytest.mark.parametrize("language", [Language.EN, Language.RU], ids=["en", "ru"])
def test_mark_as_sent_confirmation_opens_in_place(
    project, signed_in, page: Page, screenshot, language
):
    """ "Mark as sent" unfolds its warning and the real button; the letter stays a draft until
    that button is pressed."""
    signed_in.language = language
    db.session.commit()
    draft = db.session.scalar(sa.select(Letter).where(Letter.status == LetterStatus.DRAFT))
    page.goto(f"/letters/{draft.id}/")
    confirm = page.locator("details.confirm-send")
    expect(confirm.locator("form button")).to_be_hidden()
    confirm.locator("summary").click()
    button = confirm.locator("form button")
    expect(button).to_be_visible()
    screenshot(f"confirm-{language.value}")
    assert_accessible(page)
    db.session.expire_all()
    assert db.session.get(Letter, draft.id).status is LetterStatus.DRAFT
    button.click()
    expect(page.locator(".heading .status")).to_have_class(re.compile("letter-sent"))
