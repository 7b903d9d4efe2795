"""What a person clicks on their account page and an admin on the people screen, in a
real browser with CSRF checks on."""

import pytest
from playwright.sync_api import Browser, Page, expect

from tests import factories
from tests.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

NEW = "a brand new passphrase"


def test_admin_passes_on_a_password_link_that_works_once(
    signed_in, page: Page, browser: Browser, live_url: str
):
    """An admin makes a password link for a coordinator; the coordinator opens it in their
    own browser, sets a new password and is signed in; the link then no longer works."""
    factories.user(email="nina@example.org", name="Nina Newcomer")
    page.goto("/organisation/users")
    row = page.get_by_role("row", name="Nina Newcomer")
    row.get_by_role("button", name="Make a password link").click()
    expect(page.get_by_role("heading", name="A password link for Nina Newcomer")).to_be_visible()
    assert_accessible(page)
    link = page.get_by_label("Password link").input_value()

    ninas = browser.new_context(base_url=live_url)
    nina = ninas.new_page()
    nina.goto(link)
    nina.get_by_label("New password").fill(NEW)
    nina.get_by_label("Repeat the password").fill(NEW)
    nina.get_by_role("button", name="Set the password").click()
    expect(nina.get_by_text("Your new password is set, and you are signed in.")).to_be_visible()
    nina.goto(link)
    expect(nina.get_by_role("heading", name="This link no longer works")).to_be_visible()
    ninas.close()


def test_change_password_then_sign_out_everywhere(signed_in, page: Page):
    """From the header's name: change the password, then sign out everywhere; the new
    password signs in again."""
    page.get_by_role("link", name="Ada Admin").click()
    expect(page.get_by_role("heading", name="Your account", level=1)).to_be_visible()
    page.get_by_label("Current password").fill(factories.PASSWORD)
    page.get_by_label("New password").fill(NEW)
    page.get_by_label("Repeat the password").fill(NEW)
    page.get_by_role("button", name="Change the password").click()
    expect(page.get_by_text("Your password is changed.")).to_be_visible()
    page.get_by_role("button", name="Sign out everywhere").click()
    expect(page.get_by_text("You are signed out on every device.")).to_be_visible()
    page.get_by_label("Email").fill("admin@example.org")
    page.get_by_label("Password").fill(NEW)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()


def test_locked_sign_in_page_is_accessible(live_server, page: Page):
    """The sign-in page saying when to try again has no serious accessibility problem."""
    factories.organisation()
    factories.user(email="admin@example.org", admin=True)
    page.goto("/login")
    for n in range(5):
        page.get_by_label("Email").fill("admin@example.org")
        page.get_by_label("Password").fill(f"wrong guess {n}")
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Too many failed sign-ins. Try again in 15 minutes.")).to_be_visible()
    assert_accessible(page)


def test_account_and_people_screens_in_russian_are_accessible(signed_in, page: Page):
    """The account page (with a refused password) and the people screen (with a password
    link shown) in Russian have no serious accessibility problem."""
    from planner.extensions import db

    signed_in.language = "ru"
    db.session.commit()
    factories.user(email="nina@example.org", name="Нина Новикова")
    page.goto("/account")
    expect(page.get_by_role("heading", name="Ваша учётная запись", level=1)).to_be_visible()
    page.get_by_label("Текущий пароль").fill(factories.PASSWORD)
    page.get_by_label("Новый пароль").fill("qwertyuiop")
    page.get_by_label("Повторите пароль").fill("qwertyuiop")
    page.get_by_role("button", name="Сменить пароль").click()
    expect(page.get_by_text("Это один из самых частых паролей")).to_be_visible()
    assert_accessible(page)
    page.goto("/organisation/users")
    row = page.get_by_role("row", name="Нина Новикова")
    row.get_by_role("button", name="Создать ссылку для смены пароля").click()
    expect(
        page.get_by_role("heading", name="Ссылка для смены пароля: Нина Новикова")
    ).to_be_visible()
    assert_accessible(page)
