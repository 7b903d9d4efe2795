"""What every template can use: the vocabularies and a few filters."""

from pathlib import Path

from flask import Flask
from jinja2 import FileSystemBytecodeCache

from planner import enums
from planner.formats import (
    format_date,
    format_datetime,
    format_money,
    format_number,
    format_percent,
)
from planner.htmx import is_htmx
from planner.i18n import LANGUAGES, current_language, native_name
from planner.partnerships.rules import next_status
from planner.publishing.markdown import render_markdown

__all__ = ["css_string", "init_templating"]

HTMX_VERSION = "2.0.11"


def init_templating(app: Flask) -> None:
    # Compiled templates kept in the instance folder for the next process (a gunicorn worker,
    # the next `planner freeze`): compiling the site's templates was a tenth of a freeze.
    # Jinja checks each against its source and Python version, and writes atomically.
    compiled = Path(app.instance_path) / "compiled-templates"
    compiled.mkdir(exist_ok=True)
    app.jinja_env.bytecode_cache = FileSystemBytecodeCache(str(compiled))
    app.jinja_env.globals.update(
        Sector=enums.Sector,
        Status=enums.Status,
        Stage=enums.Stage,
        Trust=enums.Trust,
        Support=enums.Support,
        Answer=enums.Answer,
        Language=enums.Language,
        SUBTYPES=enums.SUBTYPES,
        SUBTYPE_HINTS=enums.SUBTYPE_HINTS,
        is_htmx=is_htmx,
        next_of=next_status,
        htmx_script=f"vendor/htmx-{HTMX_VERSION}.min.js",
        LANGUAGES=LANGUAGES,
        native_name=native_name,
        current_language=current_language,
    )
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["num"] = format_number
    app.jinja_env.filters["money"] = format_money
    app.jinja_env.filters["percent"] = format_percent
    app.jinja_env.filters["css_string"] = css_string
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def css_string(value) -> str:
    """Text made safe inside a double-quoted CSS string (letters' page footers)."""
    text = str(value or "")
    return "".join(ch if ch.isalnum() or ch in " .,:;-–·№()" else f"\\{ord(ch):x} " for ch in text)
