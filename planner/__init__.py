"""Partnership Planner: plan, agree and report the partnerships of social projects."""

import gc

from planner.collector import collection_paused

# Importing Flask, SQLAlchemy and the app builds objects that live as long as the process:
# a garbage collection in the middle of it costs about a tenth of start-up (create_app too).
with collection_paused():
    import os
    import secrets
    from datetime import timedelta
    from pathlib import Path

    import werkzeug.routing
    from flask import Flask, render_template
    from werkzeug.routing import IntegerConverter, UnicodeConverter

    from planner.extensions import csrf, db

ROOT = Path(__file__).resolve().parent.parent


class IdConverter(IntegerConverter):
    """A database id: a positive integer that fits every database's INTEGER."""

    def __init__(self, map, **kwargs):
        super().__init__(map, min=1, max=2**31 - 1, **kwargs)


class TextConverter(UnicodeConverter):
    """A path segment without control characters: PostgreSQL refuses NUL in any text."""

    def __init__(self, map, *args, **kwargs):
        super().__init__(map, *args, **kwargs)
        self.regex = self.regex.replace("[^/]", r"[^/\x00-\x1f\x7f]", 1)


class Rule(werkzeug.routing.Rule):
    """A URL rule that writes its URL-building function when it first builds a URL.

    Werkzeug compiles two such functions per rule (Python source, then `compile`) as rules
    are added: for the app's ninety rules, a quarter of `create_app`, though a process
    builds URLs for few of them. Matching requests does not use them.
    """

    def _compile_builder(self, append_unknown: bool = True):
        compiled = None

        def build(rule: Rule, *args, **kwargs):
            nonlocal compiled
            if compiled is None:
                compiled = werkzeug.routing.Rule._compile_builder(rule, append_unknown)
            return compiled(rule, *args, **kwargs)

        return build


def create_app(test_config: dict | None = None) -> Flask:
    """Create the app: defaults, then instance config, then environment, then the test's."""
    with collection_paused():  # modules, models, the URL map: all live as long as the app
        app = build_app(test_config)
    settle(app)
    return app


def build_app(test_config: dict | None) -> Flask:
    app = Flask(
        __name__,
        instance_path=os.environ.get("PLANNER_INSTANCE_PATH"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{Path(app.instance_path) / 'planner.sqlite'}",
        MAX_CONTENT_LENGTH=16 * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # A signed-in browser stays signed in this long after its last sign-in.
        PERMANENT_SESSION_LIFETIME=timedelta(days=14),
        WTF_CSRF_TIME_LIMIT=None,
        PARTNERS_PER_PAGE=50,
        LETTER_PAPER="A4",
        SITE_PREFIX="/site",
        SITE_URL="http://localhost:8000/",
        SITE_ONLY=False,
        # Processes a freeze renders report pages on (a second one only with a second CPU).
        FREEZE_PROCESSES=2,
    )
    app.config.from_pyfile("config.py", silent=True)
    for name in ("SECRET_KEY", "DATABASE_URL"):
        if name in os.environ:
            app.config[name] = os.environ[name]
    app.config.from_prefixed_env("PLANNER")
    if test_config:
        app.config.update(test_config)
    if app.config.get("DATABASE_URL") and not (test_config or {}).get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = database_uri(app.config["DATABASE_URL"])
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(Path(app.instance_path))

    app.url_rule_class = Rule
    app.url_map.converters["id"] = IdConverter
    app.url_map.converters["default"] = app.url_map.converters["string"] = TextConverter
    db.init_app(app)
    csrf.init_app(app)
    from planner.i18n import init_i18n

    init_i18n(app)
    from planner.headers import init_headers

    init_headers(app)
    from planner import stamps  # noqa: F401 (its listener moves the caches' change stamps)

    if app.config["SITE_ONLY"]:
        return create_site(app)

    from planner import (
        asks,
        auth,
        budget,
        conflicts,
        contacts,
        dashboard,
        letters,
        logs,
        matrix,
        organisation,
        overview,
        partner_reports,
        partners,
        partnerships,
        projects,
        publishing,
        reports,
        sitepages,
    )
    from planner.templating import init_templating

    areas = (
        auth,
        dashboard,
        organisation,
        projects,
        partners,
        partnerships,
        matrix,
        budget,
        asks,
        overview,
        letters,
        reports,
        partner_reports,
        contacts,
        sitepages,
    )
    for area in areas:
        app.register_blueprint(area.bp)
    app.register_blueprint(publishing.bp, url_prefix=app.config["SITE_PREFIX"])
    from planner.publishing.publications import bp as publications

    app.register_blueprint(publications)
    auth.init_app(app)
    logs.init_app(app)
    init_templating(app)
    register_error_pages(app)
    conflicts.init_app(app)

    from planner.cli import register_commands

    register_commands(app)
    return app


def settle(app: Flask) -> None:
    """Move what start-up built out of the garbage collector's sight.

    Modules, templates and the URL map live as long as the process; without this, the first
    full collection (about 45 ms with them in it) lands in some visitor's request.
    Tests build many apps in one process and skip it, so their garbage is still collected.
    """
    if not app.testing and not app.config["SITE_ONLY"]:
        gc.freeze()


def create_site(app: Flask) -> Flask:
    """The public site alone, at the root, as Frozen-Flask freezes it: no private page exists."""
    from planner import publishing
    from planner.extensions import freezer
    from planner.templating import init_templating

    app.config["SITE_PREFIX"] = ""
    app.register_blueprint(publishing.bp)
    init_templating(app)
    app.register_error_handler(
        404,
        lambda error: (render_template("site/404.html", **publishing.routes.site_context()), 404),
    )
    freezer.init_app(app)
    return app


def database_uri(url: str) -> str:
    """Accept the usual `postgres://` spellings and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def instance_secret_key(instance: Path) -> str:
    """Read the instance's secret key, generating it on first run."""
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def register_error_pages(app: Flask) -> None:
    from werkzeug.exceptions import HTTPException

    def error_page(error: HTTPException):
        return render_template("error.html", error=error), error.code

    for code in (400, 403, 404, 405, 413, 500):
        app.register_error_handler(code, error_page)
