"""The words of a letter, read from the editable files in content/letters/."""

import string
import tomllib
from datetime import date
from functools import cache
from pathlib import Path

from planner import ROOT
from planner.enums import Language

LETTERS = ROOT / "content" / "letters"


class _Keep(dict):
    """Leave an unknown {placeholder} as it is instead of failing."""

    def __missing__(self, key):
        return "{" + key + "}"


def fill(text: str, **values) -> str:
    """Put the values into the placeholders of a text written by a person."""
    try:
        return string.Formatter().vformat(text, (), _Keep(values))
    except (ValueError, IndexError):
        # A stray brace in hand-edited wording: show the text unfilled rather than fail.
        return text


@cache
def _load(path: Path, mtime: float) -> dict:
    with path.open("rb") as f:
        return tomllib.load(f)


def wording(language: Language) -> dict:
    """The wording for `language`, re-read whenever its file changes."""
    path = LETTERS / f"{language.value}.toml"
    return _load(path, path.stat().st_mtime)


def long_date(day: date | None, words: dict) -> str:
    if day is None:
        return ""
    return words["date_format"].format(
        day=day.day, month=words["months"][day.month - 1], year=day.year
    )
