"""Lighthouse audits the frozen demo site, in English and in Russian: the home page, a
report, a partner's page and the 404 page score 100 in performance, accessibility, best
practices and SEO.

Lighthouse comes from npm (package.json, installed by `make test-deps`) and drives Debian's
Chromium; the frozen files are served over HTTP on loopback, as a host would serve them.
Marked `browser`: it runs in the suite's SQLite pass only (the site's files do not depend on
the database).
"""

import functools
import http.server
import json
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from planner import ROOT
from planner.demo import load_demo
from planner.enums import Language
from planner.extensions import db
from planner.models import Partner, Partnership, Project, Report
from planner.publishing.data import SlugRow
from planner.publishing.freeze import freeze_site
from planner.publishing.public import partner_slugs
from tests.browser import CHROMIUM
from tests.conftest import wipe

pytestmark = pytest.mark.browser

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def demo_pages() -> dict[str, str]:
    """The four audited addresses of the frozen demo, relative to the site's root."""
    report = db.session.execute(
        sa.select(Report.project_id, Project.slug)
        .join(Project, Project.id == Report.project_id)
        .where(Report.published_at.is_not(None))
        .order_by(Report.published_at.desc())
        .limit(1)
    ).one()
    partner = db.session.scalars(
        sa.select(Partnership)
        .where(Partnership.project_id == report.project_id, Partnership.consent_name.is_(True))
        .order_by(Partnership.id)
    ).first()
    # The address the site gives it, among every partnership of its project.
    rows = db.session.execute(
        sa.select(Partnership.id, Partnership.partner_id, Partner.name)
        .join(Partner)
        .where(Partnership.project_id == report.project_id)
    )
    slug = partner_slugs([SlugRow(*row) for row in rows])[partner.id]
    return {
        "home": "",
        "report": f"reports/{report.slug}/",
        "partner": f"reports/{report.slug}/{slug}/",
        "404": "404.html",
    }


def audit(url: str, home: str) -> dict:
    """Lighthouse's four scores (0 to 100) for one page."""
    found = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            "--output-path=stdout",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={"CHROME_PATH": CHROMIUM, "PATH": "/usr/bin:/bin", "HOME": home},
        check=False,
    )
    assert found.returncode == 0, found.stderr[-2000:]
    result = json.loads(found.stdout)
    scores = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
    # What lost points, for the failure's message (insights without a score do not count).
    scores["failed"] = [
        audit["id"]
        for audit in result["audits"].values()
        if audit["scoreDisplayMode"] == "binary" and audit.get("score") == 0
    ]
    return scores


def short_of_100(scores: dict) -> bool:
    return any(scores[c] < 100 for c in CATEGORIES)


def total(scores: dict) -> int:
    return sum(scores[c] for c in CATEGORIES)


def test_frozen_demo_scores_100_in_lighthouse(app, tmp_path):
    """Every audited page of the English and the Russian demo scores 100 in all four."""
    assert LIGHTHOUSE.exists(), "Lighthouse is not installed: run `make test-deps`"
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    addresses = {}
    for language in (Language.EN, Language.RU):
        load_demo(language=language)
        # Each site is frozen for the address it is served at, as a deployment sets SITE_URL:
        # the 404 page's links start from it.
        app.config["SITE_URL"] = f"{base}/{language.value}/"
        freeze_site(app, tmp_path / language.value)
        addresses[language.value] = demo_pages()
        db.session.remove()
        wipe()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    urls = [
        (f"{language} {name}", f"{base}/{language}/{path}")
        for language, pages in addresses.items()
        for name, path in pages.items()
    ]
    started = time.monotonic()
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            run = functools.partial(audit, home=str(tmp_path))
            found = pool.map(run, [u for _, u in urls])
            scores = dict(zip([name for name, _ in urls], found, strict=True))
            # Performance is measured on a machine other work shares: a page that falls short
            # is audited once more, and its better run counts (what fails twice fails).
            again = [(n, u) for n, u in urls if short_of_100(scores[n])]
            for (name, _), second in zip(again, pool.map(run, [u for _, u in again]), strict=True):
                print(f"\n  {name}: audited again after {scores[name]}")
                scores[name] = max(scores[name], second, key=total)
    finally:
        server.shutdown()
        server.server_close()
    print(f"\nLighthouse ({time.monotonic() - started:.0f} s):")
    for name, found in scores.items():
        print(f"  {name:12} " + " ".join(f"{c} {found[c]}" for c in CATEGORIES))
    below = {name: found for name, found in scores.items() if short_of_100(found)}
    assert not below
