"""The interface's languages: which one a request speaks, and the catalogues behind it.

Every string a person reads goes through gettext (`_`, `lazy_gettext` where the string is
defined at import time, `ngettext` for counts); the catalogues live in planner/translations/
(`make translations` collects new strings; `make run` and `make test` compile them).

Which language a page speaks:
  * the public site (live preview and frozen files): the organisation's language, whoever
    reads it, so every partner sees the same site;
  * the workspace: the user's own choice (their account; before signing in, the visit's),
    else the browser's Accept-Language among the languages we have, else the
    organisation's language.
Letters keep their own language, one per letter (planner/letters).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel import Locale
from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import Babel, get_locale, refresh

from planner.enums import Language
from planner.settings import organisation_settings

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
# The interface's languages: one catalogue each under planner/translations/, so a new
# language is one new .po file. English first (the strings' own language), then by code.
LANGUAGES: tuple[str, ...] = tuple(
    sorted(
        (found.parent.parent.name for found in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")),
        key=lambda code: (code != Language.EN.value, code),
    )
)


@cache
def native_name(code: str) -> str:
    """A language by its own name, as the language switch shows it: English, Русский, Deutsch.
    Read from Babel's locale data at the first page, not when the app starts."""
    return Locale.parse(code).get_display_name(code).capitalize()


# The locale each speaks in: British English writes 23 November 2026 and €1,500.00.
LOCALES = {"en": "en_GB"}
# Where a visitor's choice is kept before they sign in (the session cookie).
SESSION_LANGUAGE = "language"

babel = Babel()


def init_i18n(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, default_domain="messages")
    # Flask-Babel keeps the chosen locale in `g`, which lasts as long as the app context: where
    # one app context spans several requests (the tests'), each request must choose afresh.
    app.before_request(refresh)


def select_locale() -> str:
    language = select_language()
    return LOCALES.get(language, language)


def select_language() -> str:
    if not has_request_context():
        return organisation_language()
    # The public site's blueprint is named "site" (planner/publishing).
    if current_app.config["SITE_ONLY"] or request.blueprint == "site":
        return organisation_language()
    user = g.get("user")
    if user is not None and user.language in LANGUAGES:
        return user.language
    if user is None and session.get(SESSION_LANGUAGE) in LANGUAGES:
        return session[SESSION_LANGUAGE]
    return request.accept_languages.best_match(LANGUAGES) or organisation_language()


def organisation_language() -> str:
    """The organisation's language (its site's, its new letters'), English before set-up."""
    settings = organisation_settings()
    return settings.language if settings else Language.EN.value


def current_language() -> str:
    """The language the current page speaks: 'en', 'ru'..."""
    locale = get_locale()
    return locale.language if locale else Language.EN.value
