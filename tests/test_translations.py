"""The Russian catalogue is complete and safe: every string in the code is translated, not
fuzzy, with the same placeholders.

(That content/letters/en.toml and ru.toml have the same keys is tested with the letters,
in tests/test_i18n_letters.py.)"""

import re
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from planner import ROOT
from planner.i18n import LANGUAGES

# printf-style placeholders as gettext fills them: %(name)s, %(num)d, %s; not a literal %%.
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[#0 +-]*\d*(?:\.\d+)?([a-zA-Z%])")


def extract(root: Path, template: Path):
    """The messages under `root`, extracted exactly as `make translations` does."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)  # babel.cfg's patterns are relative to the folder it reads
        CommandLineInterface().run(
            [
                "pybabel",
                "--quiet",
                "extract",
                "-F",
                str(ROOT / "babel.cfg"),
                "-k",
                "_l",
                "-k",
                "lazy_gettext",
                "-k",
                "lazy_ngettext:1,2",
                "-k",
                "_lp:1c,2",
                "-k",
                "lazy_pgettext:1c,2",
                "--sort-output",
                "--add-location=file",
                "--no-wrap",
                "-o",
                str(template),
                ".",
            ]
        )
    with template.open("rb") as f:
        return read_po(f)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The messages in the project's code and templates."""
    return extract(ROOT, tmp_path_factory.mktemp("i18n") / "messages.pot")


# Every language but English (the strings' own) must translate every string.
TRANSLATED = [code for code in LANGUAGES if code != "en"]


@pytest.fixture(scope="module", params=TRANSLATED)
def russian(request):
    """Each translated catalogue in turn (Russian today; a new .po file joins by itself)."""
    path = ROOT / "planner" / "translations" / request.param / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        return read_po(f, locale=request.param)


def describe(message) -> str:
    where = ", ".join(sorted({path for path, _line in message.locations}))
    text = message.id if isinstance(message.id, str) else " | ".join(message.id)
    return f"{text!r} ({where})" if where else repr(text)


def test_extraction_reads_modules_and_templates(tmp_path):
    """The extraction is not vacuous: it finds each way a string is marked, in Python
    modules and in templates, where babel.cfg says they are."""
    (tmp_path / "planner" / "area").mkdir(parents=True)
    (tmp_path / "templates" / "area").mkdir(parents=True)
    (tmp_path / "planner" / "area" / "forms.py").write_text(
        "label = _l('Probe label')\nflash(_('Probe flash'))\n"
        "ngettext('%(num)d probe', '%(num)d probes', 2)\n"
    )
    (tmp_path / "templates" / "area" / "page.html").write_text(
        "<h1>{{ _('Probe heading') }}</h1>{% trans %}Probe block{% endtrans %}"
    )
    found = extract(tmp_path, tmp_path / "messages.pot")
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in found if m.id}
    assert ids == {"Probe label", "Probe flash", "%(num)d probe", "Probe heading", "Probe block"}


def test_the_project_has_messages(extracted):
    """The project's own extraction finds its strings (the enums' labels at least)."""
    assert len(extracted) > 50
    assert any(path == "planner/enums.py" for m in extracted for path, _line in m.locations)


def test_every_message_in_the_code_is_translated_into_russian(extracted, russian):
    """No string of the code is missing from the Russian catalogue, untranslated (an empty
    msgstr or plural form) or fuzzy: a Russian page would show it in English."""
    missing, untranslated, fuzzy = [], [], []
    for message in extracted:
        if not message.id:
            continue  # the header
        translated = russian.get(message.id, message.context)
        if translated is None:
            missing.append(describe(message))
        elif translated.fuzzy:
            fuzzy.append(describe(message))
        else:
            forms = translated.string if message.pluralizable else [translated.string]
            if message.pluralizable and len(forms) < russian.num_plurals:
                untranslated.append(describe(message) + f" (needs {russian.num_plurals} forms)")
            elif not all(forms):
                untranslated.append(describe(message))
    problems = [
        *(f"missing (run `make translations`): {m}" for m in missing),
        *(f"untranslated: {m}" for m in untranslated),
        *(f"fuzzy: {m}" for m in fuzzy),
    ]
    language = russian.locale.language
    assert not problems, f"{len(problems)} {language} messages to fix:\n" + "\n".join(problems)


def placeholders(text: str) -> list[str]:
    return sorted(
        name or f"%{conversion}"
        for name, conversion in PLACEHOLDER.findall(text)
        if conversion != "%"
    )


def test_russian_placeholders_match_the_english(russian):
    """Each translation has the msgid's placeholders, no more and no fewer: a missing
    %(name)s loses a value, an unknown one breaks the page."""
    wrong = []
    for message in russian:
        if not message.id or not message.string:
            continue
        if message.pluralizable:
            expected = placeholders(message.id[0]), placeholders(message.id[1])
            # The singular may drop the count ("one partner"), no other placeholder.
            allowed = set(expected[0]) | set(expected[1])
            for form in message.string:
                found = placeholders(form)
                if form and (not set(found) <= allowed or set(expected[0]) - set(found)):
                    wrong.append(f"{message.id[0]!r} -> {form!r}")
        elif placeholders(message.string) != placeholders(message.id):
            wrong.append(f"{message.id!r} -> {message.string!r}")
    assert not wrong, "Placeholders differ from the English:\n" + "\n".join(wrong)


def test_placeholder_check_sees_a_difference():
    """The comparison above tells a renamed or dropped placeholder from a literal %."""
    assert placeholders("Sent on %(date)s, 100%% done") == ["date"]
    assert placeholders("%(num)d партнёров") == ["num"]
    assert placeholders("%(count)d партнёров") != placeholders("%(num)d partners")
    assert placeholders("%s of %s") == ["%s", "%s"]
