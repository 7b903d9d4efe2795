"""How long each coordinator page and public page takes, at two sizes of a large organisation.

For every page: the median and 95th percentile of REQUESTS requests (in-process Flask test
client, signed in as the data set's admin, after warm-up requests), at the large scale (1.0)
and the small one (0.1); the growth (large median / small median); the SQL statements one
request sends at each scale; and PASS/FAIL against the targets: median under 50 ms, p95 under
150 ms, growth at most 1.5x. Alongside, the same measurement of a hello-world Flask route in
the same test-client set-up: the floor.

The data is benchmarks/dataset.py's (built once per scale and cached in build/bench/). Each
scale is measured in a process of its own, so that nothing cached in one app's process
serves the other.

Run from the repository's root:

    .venv/bin/python benchmarks/pages.py                  # every page, both scales
    .venv/bin/python benchmarks/pages.py --only matrix    # one page (or a comma list)
    .venv/bin/python benchmarks/pages.py --profile asks   # cProfile top 25 of one page
    .venv/bin/python benchmarks/pages.py --cold           # as the first view after a write

Some pages keep what they built until the next write (planner/stamps.py); --cold empties
those caches before every timed request, so each page is measured as it costs right after
somebody saved something.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import math
import os
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REQUESTS = 30
WARM_UP = 3
MEDIAN_MS = 50.0
P95_MS = 150.0
GROWTH = 1.5

PAGES = (
    "dashboard",
    "projects",
    "registry",
    "partner",
    "board",
    "matrix",
    "partnership",
    "asks",
    "overview",
    "letter",
    "report-editor",
    "site-home",
    "site-report",
    "site-directory",
    "site-contribution",
    "site-sitemap",
    "site-feed",
)


def page_urls(app, client) -> dict[str, str]:
    """Each page's address on this data: the large project and rows that belong to it."""
    import sqlalchemy as sa
    from flask import url_for

    from benchmarks.dataset import LARGE_SLUG
    from planner.enums import LetterStatus
    from planner.extensions import db
    from planner.models import Commitment, Letter, Partnership, Project

    with app.app_context():
        project = db.session.scalar(sa.select(Project).where(Project.slug == LARGE_SLUG))
        # The large project's busiest partnership, and its partner (in other projects too).
        busiest = db.session.execute(
            sa.select(Partnership.id, Partnership.partner_id)
            .join(Commitment)
            .where(Partnership.project_id == project.id)
            .group_by(Partnership.id, Partnership.partner_id)
            .order_by(sa.func.count(Commitment.id).desc(), Partnership.id)
            .limit(1)
        ).one()
        letter = db.session.scalar(
            sa.select(Letter.id)
            .where(Letter.status == LetterStatus.SIGNED)
            .order_by(Letter.id)
            .limit(1)
        )
        with app.test_request_context():
            urls = {
                "dashboard": url_for("dashboard.index"),
                "projects": url_for("projects.index"),
                "registry": url_for("partners.index"),
                "partner": url_for("partners.detail", pid=busiest.partner_id),
                "board": url_for("partnerships.board", slug=project.slug),
                "matrix": url_for("matrix.page", slug=project.slug),
                "partnership": url_for("partnerships.detail", pid=busiest.id),
                "asks": url_for("asks.index"),
                "overview": url_for("overview.index"),
                "letter": url_for("letters.detail", letter_id=letter),
                "report-editor": url_for("reports.edit", slug=project.slug),
                "site-home": url_for("site.home"),
                "site-report": url_for("site.report", slug=project.slug),
                "site-directory": url_for("site.directory"),
                "site-sitemap": url_for("site.sitemap"),
                "site-feed": url_for("site.feed"),
            }
    # A "your contribution" page: the first one the public report links to.
    html = client.get(urls["site-report"]).get_data(as_text=True)
    found = re.search(rf'href="({re.escape(urls["site-report"])}[^"/]+/)"', html)
    urls["site-contribution"] = found.group(1) if found else urls["site-report"] + "missing/"
    return urls


def signed_in_client(app):
    from benchmarks.dataset import ADMIN_EMAIL, ADMIN_PASSWORD

    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    response = client.post("/login", data={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    if response.status_code != 302:
        raise SystemExit(f"could not sign in as {ADMIN_EMAIL}: HTTP {response.status_code}")
    return client


def timings(client, url: str, requests: int = REQUESTS, cold: bool = False):
    """Warm up, then time `requests` GETs (milliseconds); also return the last status.

    `cold`: forget what pages keep between writes before each request (not timed).
    """
    from planner.stamps import clear_caches

    status = 0
    for _ in range(WARM_UP):
        status = client.get(url).status_code
    samples = []
    for _ in range(requests):
        if cold:
            clear_caches()
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        status = response.status_code
    return samples, status


def summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {
        "median": statistics.median(ordered),
        "p95": ordered[max(math.ceil(0.95 * len(ordered)) - 1, 0)],
    }


def query_count(app, client, url: str) -> int:
    import sqlalchemy as sa

    from planner.extensions import db

    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        client.get(url)
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    return len(statements)


def hello_world() -> dict:
    """The floor: a one-line Flask route, timed the same way."""
    from flask import Flask

    app = Flask("hello")
    app.add_url_rule("/", "hello", lambda: "Hello, world!")
    samples, _ = timings(app.test_client(), "/")
    return summary(samples)


def measure(scale: float, names: list[str], cold: bool = False) -> dict:
    """Every named page at one scale (this process's only app)."""
    from benchmarks.dataset import build_app

    with tempfile.TemporaryDirectory(prefix="planner-pages-bench-") as tmp:
        started = time.perf_counter()
        app = build_app(scale, Path(tmp))
        ready = time.perf_counter() - started
        client = signed_in_client(app)
        urls = page_urls(app, client)
        results = {"ready": ready, "pages": {}, "hello": hello_world()}
        for name in names:
            samples, status = timings(client, urls[name], cold=cold)
            results["pages"][name] = {
                "url": urls[name],
                "status": status,
                "queries": query_count(app, client, urls[name]),
                **summary(samples),
            }
        return results


def profile(scale: float, name: str) -> None:
    from benchmarks.dataset import build_app

    with tempfile.TemporaryDirectory(prefix="planner-pages-bench-") as tmp:
        app = build_app(scale, Path(tmp))
        client = signed_in_client(app)
        url = page_urls(app, client)[name]
        timings(client, url, requests=0)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(REQUESTS):
            client.get(url)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        print(f"{name} ({url}) at scale {scale:g}, {REQUESTS} requests:")
        stats.sort_stats("cumulative").print_stats(25)
        stats.sort_stats("tottime").print_stats(25)
        print(out.getvalue())


def in_subprocess(scale: float, names: list[str], cold: bool = False) -> dict:
    """Measure one scale in a fresh interpreter, so that no cache is shared between scales."""
    command = [sys.executable, __file__, "--measure", str(scale), "--only", ",".join(names)]
    command += ["--cold"] if cold else []
    # Our own interpreter running this very script, with page names checked against PAGES.
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=os.environ)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"measuring scale {scale:g} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def verdict(small: dict, large: dict) -> tuple[float, bool]:
    growth = large["median"] / small["median"] if small["median"] else math.inf
    ok = (
        large["status"] == small["status"] == 200
        and large["median"] < MEDIAN_MS
        and large["p95"] < P95_MS
        and small["median"] < MEDIAN_MS
        and small["p95"] < P95_MS
        and growth <= GROWTH
    )
    return growth, ok


def report(args, small: dict, large: dict) -> int:
    s, b = f"{args.scale_small:g}", f"{args.scale_large:g}"
    print(
        f"{REQUESTS} requests a page after {WARM_UP} warm-up requests, in-process test client, "
        f"signed in as the admin{'; every request cold (kept pages rebuilt)' if args.cold else ''}"
        f".\nTargets: median < {MEDIAN_MS:g} ms, p95 < {P95_MS:g} ms "
        f"(both scales), growth (median {b} / median {s}) <= {GROWTH:g}x.\n"
    )
    header = (
        f"{'page':<18} {'med@' + s:>9} {'p95@' + s:>9} {'med@' + b:>9} {'p95@' + b:>9} "
        f"{'growth':>7} {'SQL@' + s:>8} {'SQL@' + b:>8}  result"
    )
    print(header)
    print("-" * len(header))
    failed = 0
    for name, big in large["pages"].items():
        little = small["pages"][name]
        growth, ok = verdict(little, big)
        failed += not ok
        status = "" if big["status"] == little["status"] == 200 else (
            f" (HTTP {little['status']}/{big['status']})"
        )  # fmt: skip
        print(
            f"{name:<18} {little['median']:>9.1f} {little['p95']:>9.1f} {big['median']:>9.1f} "
            f"{big['p95']:>9.1f} {growth:>6.1f}x {little['queries']:>8} {big['queries']:>8}  "
            f"{'PASS' if ok else 'FAIL'}{status}"
        )
    hello = large["hello"]
    print("-" * len(header))
    print(
        f"{'hello world':<18} {small['hello']['median']:>9.2f} {small['hello']['p95']:>9.2f} "
        f"{hello['median']:>9.2f} {hello['p95']:>9.2f}  (a one-line Flask route, the floor)"
    )
    print("\nAll times in milliseconds. Pages:")
    for name, big in large["pages"].items():
        print(f"  {name:<18} {big['url']}")
    print(
        f"\n{len(large['pages']) - failed} of {len(large['pages'])} pages pass; data ready in "
        f"{small['ready']:.1f} s (scale {s}) and {large['ready']:.1f} s (scale {b})."
    )
    return 1 if failed else 0


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Median and p95 of every coordinator and public page at two scales of "
        "the benchmarks' data set, their growth, SQL statements per request, PASS/FAIL "
        f"against the targets (median < {MEDIAN_MS:g} ms, p95 < {P95_MS:g} ms, growth <= "
        f"{GROWTH:g}x), and a hello-world Flask route for reference.",
        epilog=f"Pages: {', '.join(PAGES)}. The exit status is 1 when a page fails.",
    )
    parser.add_argument("--only", help="measure only these pages (comma-separated names)")
    parser.add_argument("--scale-small", type=float, default=0.1, help="default 0.1")
    parser.add_argument("--scale-large", type=float, default=1.0, help="default 1.0")
    parser.add_argument(
        "--profile",
        metavar="NAME",
        choices=PAGES,
        help="print a cProfile top 25 (cumulative, then own time) of one page at the large "
        "scale instead of the table",
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="empty the caches kept between writes before every timed request: each page as "
        "it costs right after somebody saved something",
    )
    parser.add_argument("--measure", type=float, help=argparse.SUPPRESS)  # one scale, as JSON
    args = parser.parse_args()
    names = [n.strip() for n in args.only.split(",")] if args.only else list(PAGES)
    unknown = set(names) - set(PAGES)
    if unknown:
        parser.error(f"unknown page(s): {', '.join(sorted(unknown))}; pages: {', '.join(PAGES)}")

    if args.measure is not None:
        print(json.dumps(measure(args.measure, names, args.cold)))
        return
    if args.profile:
        profile(args.scale_large, args.profile)
        return
    small = in_subprocess(args.scale_small, names, args.cold)
    large = in_subprocess(args.scale_large, names, args.cold)
    sys.exit(report(args, small, large))


if __name__ == "__main__":
    main()
