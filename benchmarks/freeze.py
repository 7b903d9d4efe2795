"""How long freezing the public site takes for a large organisation, against two floors.

On the shared large data set (benchmarks/dataset.py, `build_app(scale, workdir)`), prints in
one run:

  * the full freeze into an empty folder, as a fresh `planner freeze` runs it (site app,
    templates, SQL and registry redactor made anew): time, pages per second, files;
  * a re-freeze after editing one report: time, files rewritten, files untouched, in the
    same process and as a fresh `planner freeze` would;
  * the reference: rendering the same pages' templates from data loaded beforehand (no
    writing, no queries; in a site app of its own, so its templates are compiled in the
    timed loop as the full freeze's are), and the full freeze's speed as a share of it
    (target >= 60%);
  * Hugo (Debian's `hugo`, installed with apt-get when missing and run as root) building a
    comparable site written by this script (as many pages, of about the same size, a minimal
    layout), and the freeze's time as a multiple of Hugo's (target <= 2x);
  * peak memory: Python allocations of a full freeze (tracemalloc) and the peak resident size.

Each figure is taken in every round (--rounds, 3), the rounds interleaved so that other work
on a shared machine falls on all of them; medians are compared, and the best rounds printed.

Run from the repository's root: .venv/bin/python benchmarks/freeze.py [--scale 1.0]
"""

import argparse
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REFREEZE_TARGET = 1.0  # seconds
SHARE_TARGET = 0.60  # of the reference's speed
HUGO_TARGET = 2.0  # times Hugo's time


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="data set scale (1.0)")
    parser.add_argument("--no-trace", action="store_true", help="skip the traced freeze")
    parser.add_argument("--no-hugo", action="store_true", help="skip the Hugo comparison")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every measure (3)")
    return parser.parse_args()


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def html_pages(dest: Path) -> list[Path]:
    return [p for p in dest.rglob("*.html")]


def edit_one_report(app) -> str:
    """Change the story of the newest published report, as a coordinator would."""
    import sqlalchemy as sa

    from planner.extensions import db
    from planner.models import Report

    with app.app_context():
        report = db.session.scalar(
            sa.select(Report)
            .where(Report.published_at.is_not(None))
            .order_by(Report.published_at.desc(), Report.id.desc())
            .limit(1)
        )
        report.narrative += "\n\nA late addition: the last delivery came on time."
        db.session.commit()
        slug = report.project.slug
        db.session.remove()
    return slug


def render_reference(app) -> tuple[float, int]:
    """Render every page the freeze writes from data loaded beforehand; no files written."""
    from planner.extensions import db
    from planner.paging import page_count
    from planner.publishing import data, routes
    from planner.publishing.freeze import new_site_app, render_page
    from planner.publishing.pages import load_page, page_names
    from planner.publishing.rules import FEED_SIZE, PARTNERS_PER_PAGE, REPORTS_PER_PAGE

    # A site app of its own, as the full freeze's first run has: its templates are compiled
    # in the timed loop, as they are in the freeze (and as Hugo reads its layouts).
    site = new_site_app(app)
    with site.app_context():
        context = routes.site_context()
        reports = data.all_published()
        pages = data.published_pages()
        listed = data.listed_reports(len(reports) or 1, 0)
        entries = data.directory_entries()
        content = [load_page(name) for name in page_names()]
        jobs = []
        for report in reports:
            jobs.append((f"/reports/{report.slug}/", routes.report_html, (report, context)))
            seen = set()
            for p in report.named_partners:
                if p.slug not in seen:
                    seen.add(p.slug)
                    url = f"/reports/{report.slug}/{p.slug}/"
                    jobs.append((url, routes.partner_html, (report, p, context)))
        n_reports = page_count(len(listed), REPORTS_PER_PAGE)
        for n in range(1, n_reports + 1):
            chunk = listed[(n - 1) * REPORTS_PER_PAGE : n * REPORTS_PER_PAGE]
            url = "/" if n == 1 else f"/reports/page/{n}/"
            jobs.append((url, routes.home_html, (chunk, data.Pager(n, n_reports), context)))
        n_partners = page_count(len(entries), PARTNERS_PER_PAGE)
        for n in range(1, n_partners + 1):
            chunk = entries[(n - 1) * PARTNERS_PER_PAGE : n * PARTNERS_PER_PAGE]
            url = "/partners/" if n == 1 else f"/partners/page/{n}/"
            jobs.append((url, routes.directory_html, (chunk, data.Pager(n, n_partners), context)))
        for page in content:
            jobs.append((f"/{page.name}/", routes.content_html, (page, context)))
        jobs.append(("/404.html", routes.not_found_html, (context,)))
        jobs.append(("/feed.atom", routes.feed_xml, (listed[:FEED_SIZE], context)))
        jobs.append(("/sitemap.xml", routes.sitemap_xml, (pages, n_reports, n_partners)))
        started = time.perf_counter()
        for url, render, args in jobs:
            render_page(url, render, *args)
        elapsed = time.perf_counter() - started
        db.session.remove()
        db.engine.dispose()
    return elapsed, len(jobs)


def ensure_hugo() -> str | None:
    found = shutil.which("hugo")
    if found:
        return found
    import os

    if os.geteuid() != 0:
        print("hugo: not installed (run as root, or apt-get install hugo)")
        return None
    print("hugo: installing Debian's package…")
    subprocess.run(
        ["/usr/bin/apt-get", "install", "-y", "-q", "hugo"], check=False, capture_output=True
    )
    return shutil.which("hugo")


LAYOUT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
<meta name="description" content="{{ .Summary | plainify | truncate 200 }}">
<link rel="stylesheet" href="{{ "site.css" | relURL }}"></head>
<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav><ul>{{ range .Site.Menus.main }}<li><a href="{{ .URL }}">{{ .Name }}</a></li>
{{ end }}</ul></nav>
</header><main>{{ block "main" . }}{{ end }}</main>
<footer>{{ .Site.Title }} · <a href="{{ "index.xml" | relURL }}">feed</a></footer></body></html>
"""
SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p class="meta">{{ .Date.Format "2 Jan 2006" }}</p>{{ .Content }}</article>{{ end }}"""
LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}
<li><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Summary }}</p></li>
{{ end }}</ul>{{ end }}"""


def write_hugo_site(pages: int, body_bytes: int, work: Path) -> Path:
    """A Hugo site of `pages` pages of about `body_bytes` of Markdown each."""
    site = work / "hugo"
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "content" / "reports").mkdir(parents=True)
    (site / "hugo.toml").write_text(
        'baseURL = "http://localhost:8000/"\ntitle = "Benchmark Foundation"\n'
        "relativeURLs = true\npaginate = 20\n"
        '[[menu.main]]\nname = "Reports"\nurl = "/"\n'
    )
    (site / "layouts" / "_default" / "baseof.html").write_text(LAYOUT)
    (site / "layouts" / "_default" / "single.html").write_text(SINGLE)
    (site / "layouts" / "_default" / "list.html").write_text(LIST)
    paragraph = (
        "Volunteers and **partners** ran the kitchen; a local business paid for the "
        "blankets, and [everyone](https://example.org/) got a report on what it achieved.\n\n"
        "- warm meals were served every day;\n- elders took part.\n\n"
    )
    body = paragraph * max(body_bytes // len(paragraph), 1)
    for i in range(pages):
        (site / "content" / "reports" / f"report-{i}.md").write_text(
            f'---\ntitle: "Report {i}: warm meals"\ndate: 2026-01-{i % 28 + 1:02d}\n---\n'
            f"Summary of report {i}.\n\n{body}"
        )
    return site


def hugo_time(hugo: str, site: Path, out: Path) -> float:
    """Time one Hugo build of `site` into an empty folder."""
    started = time.perf_counter()
    subprocess.run([hugo, "--quiet", "-s", str(site), "-d", str(out)], check=True)
    return time.perf_counter() - started


def full_freeze(app, dest: Path):
    """A full freeze as a fresh `planner freeze` runs it: into an empty folder, with a new site
    app (templates and SQL not compiled yet) and the registry redactor not built yet."""
    from planner.publishing.freeze import SITE_APP, freeze_site
    from planner.publishing.registry import registry_cache

    app.extensions.pop(SITE_APP, None)
    registry_cache.clear()
    re.purge()  # the redactors' patterns are compiled anew, too
    started = time.perf_counter()
    frozen = freeze_site(app, dest)
    return time.perf_counter() - started, frozen


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    args = parse_args()
    from benchmarks.dataset import build_app
    from planner.publishing.freeze import SITE_APP, freeze_site
    from planner.publishing.registry import registry_cache

    with tempfile.TemporaryDirectory(prefix="planner-freeze-bench-") as tmp:
        tmp = Path(tmp)
        started = time.perf_counter()
        # build_app copies a cached database into the folder without creating it.
        (tmp / "data").mkdir()
        app = build_app(args.scale, tmp / "data")
        print(f"data set at scale {args.scale:g} ready in {time.perf_counter() - started:.1f} s")
        hugo = None if args.no_hugo else ensure_hugo()

        # The machine may be shared: each figure is taken in every round, the rounds
        # interleaved, and the medians compared.
        fulls, references, hugos, refreezes, cold_refreezes = [], [], [], [], []
        hugo_site = None
        for round_ in range(args.rounds):
            dest = tmp / f"site-{round_}"
            wall, frozen = full_freeze(app, dest)
            fulls.append(wall)
            pages = html_pages(dest)
            if round_ == 0:
                size = sum(p.stat().st_size for p in dest.rglob("*") if p.is_file())
                print(f"full freeze: {len(frozen)} files ({size / 2**20:.1f} MiB), "
                      f"{len(pages)} HTML pages")  # fmt: skip

            # a re-freeze after one edited report, in the same process...
            slug = edit_one_report(app)
            again = time.perf_counter()
            refrozen = freeze_site(app, dest)
            refreezes.append(time.perf_counter() - again)
            # ...and as a fresh `planner freeze` would (site app and registry redactor anew)
            edit_one_report(app)
            app.extensions.pop(SITE_APP, None)
            registry_cache.clear()
            re.purge()
            again = time.perf_counter()
            freeze_site(app, dest)
            cold_refreezes.append(time.perf_counter() - again)
            if round_ == 0:
                print(f"re-freeze after editing '{slug}': {len(refrozen.written)} files "
                      f"rewritten, {len(refrozen.untouched)} untouched, "
                      f"{refrozen.rendered_reports} report(s) rendered")  # fmt: skip
                print("  rewritten: " + ", ".join(sorted(refrozen.written)))

            reference, rendered = render_reference(app)
            references.append(reference)

            if hugo:
                if hugo_site is None:
                    body = sum(p.stat().st_size for p in pages) // max(len(pages), 1) // 2
                    hugo_site = write_hugo_site(len(pages), body, tmp)
                out = tmp / f"hugo-out-{round_}"
                hugos.append(hugo_time(hugo, hugo_site, out))
                if round_ == 0:
                    built = html_pages(out)
                    average = sum(p.stat().st_size for p in built) // max(len(built), 1)
                    ours = sum(p.stat().st_size for p in pages) // max(len(pages), 1)
                    print(f"hugo's site: {len(built)} HTML pages of {average / 1024:.1f} KiB "
                          f"on average (the freeze's: {len(pages)} of "
                          f"{ours / 1024:.1f} KiB)")  # fmt: skip

        rounds = ", ".join(f"{w:.2f}" for w in fulls)
        wall = median(fulls)
        print(f"full freeze: {wall:.2f} s median of {args.rounds} ({rounds}), "
              f"{len(pages) / wall:.0f} pages/s")  # fmt: skip
        again = median(refreezes)
        print(f"re-freeze after one edit: {again:.2f} s median "
              f"({', '.join(f'{w:.2f}' for w in refreezes)}) — "
              f"{verdict(again < REFREEZE_TARGET)} (< {REFREEZE_TARGET:g} s)")  # fmt: skip
        cold = median(cold_refreezes)
        print(f"  the same in a fresh site app (as `planner freeze` runs it): {cold:.2f} s "
              f"median ({', '.join(f'{w:.2f}' for w in cold_refreezes)}) — "
              f"{verdict(cold < REFREEZE_TARGET)}")  # fmt: skip
        reference = median(references)
        share = reference / wall
        print(f"reference render of {rendered} pages from pre-loaded data: {reference:.2f} s "
              f"median ({', '.join(f'{w:.2f}' for w in references)}); full freeze at "
              f"{share:.0%} of its speed — {verdict(share >= SHARE_TARGET)} "
              f"(>= {SHARE_TARGET:.0%})")  # fmt: skip
        if hugos:
            hugo_wall = median(hugos)
            ratio = wall / hugo_wall
            print(f"hugo: {hugo_wall:.2f} s median ({', '.join(f'{w:.2f}' for w in hugos)}) "
                  f"for {len(pages)} pages; the full freeze takes {ratio:.1f}x Hugo's time — "
                  f"{verdict(ratio <= HUGO_TARGET)} (<= {HUGO_TARGET:g}x)")  # fmt: skip
        # The fastest round of each is the one least disturbed by other work on the machine.
        best = f"  best rounds: full freeze {min(fulls):.2f} s, reference {min(references):.2f} s "
        best += f"({min(references) / min(fulls):.0%})"
        if hugos:
            best += f", hugo {min(hugos):.2f} s ({min(fulls) / min(hugos):.1f}x)"
        print(best)

        # memory: a traced full freeze into a new folder
        if not args.no_trace:
            tracemalloc.start()
            full_freeze(app, tmp / "site-traced")
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            print(f"peak Python allocations (tracemalloc, full freeze): {peak / 2**20:.0f} MiB")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
        print(f"peak resident size (ru_maxrss, whole run): {rss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
