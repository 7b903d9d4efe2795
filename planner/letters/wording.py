"""The words of a letter, read from the editable files in content/letters/."""

import string
import tomllib
from functools import cache
from pathlib import Path

from planner import ROOT
from planner.enums import Language

LETTERS = ROOT / "content" / "letters"


class Wording(string.Template):
    """A text with placeholders as people write them in the wording files: {partner}.

    `{{` stands for a brace; a stray brace, or a placeholder without a value, is left as it is.
    """

    delimiter = "{"
    pattern = r"""
    \{(?:
      (?P<escaped>\{) |
      (?P<named>(?a:[_a-z][_a-z0-9]*))\} |
      (?P<braced>(?!)) |
      (?P<invalid>)
    )
    """


def fill(text: str, **values) -> str:
    """Put the values into the placeholders of a text written by a person."""
    return Wording(text).safe_substitute(values)


@cache
def _load(path: Path, mtime: float) -> dict:
    with path.open("rb") as f:
        return tomllib.load(f)


def wording(language: Language) -> dict:
    """The wording for `language`, re-read whenever its file changes."""
    path = LETTERS / f"{language.value}.toml"
    return _load(path, path.stat().st_mtime)
