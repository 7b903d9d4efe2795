"""Freezing the public site into static files with Frozen-Flask."""

import warnings
from pathlib import Path

from flask import Flask
from flask_frozen import MissingURLGeneratorWarning

from planner.extensions import db, freezer


def site_app(app: Flask, destination: Path) -> Flask:
    """The public site alone, on the same database and instance, set up for freezing."""
    from planner import create_app

    return create_app(
        {
            "SITE_ONLY": True,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SECRET_KEY": app.config["SECRET_KEY"],
            "SITE_URL": app.config["SITE_URL"],
            "FREEZER_DESTINATION": str(destination.resolve()),
            # Relative links let the site open from disk and live under any sub-path.
            "FREEZER_RELATIVE_URLS": True,
            # Whatever is no longer published disappears from the destination.
            "FREEZER_REMOVE_EXTRA_FILES": True,
            "FREEZER_IGNORE_MIMETYPE_WARNINGS": True,
            "SITE_CACHE": {},
        }
    )


def freeze_site(app: Flask, destination: Path) -> list[str]:
    """Write the public site into `destination`; return the URLs written."""
    site = site_app(app, destination)
    with site.app_context(), warnings.catch_warnings():
        # With nothing published, no report, partner or media page exists: that is not a
        # forgotten URL generator (pytest turns the warning into an error).
        warnings.simplefilter("ignore", MissingURLGeneratorWarning)
        try:
            urls = list(freezer.freeze_yield())
        finally:
            # The site app has its own engine: close its connections rather than leak them.
            db.session.remove()
            db.engine.dispose()
    return [page.url for page in urls]
