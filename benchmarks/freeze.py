"""How long freezing the public site takes for a large organisation, and how much memory.

Builds a throwaway app on a temporary SQLite database (the real migrations), bulk-inserts an
organisation with SQLAlchemy core inserts (PROJECTS projects, PARTNERSHIPS partnerships
spread over them, COMMITMENTS commitments spread over those), publishes a report per
project (a Markdown story that names partners and types their contact details, key results,
a photo, thanks per partner, most partners consenting to be named), then freezes the site
with `freeze_site` exactly as `planner freeze` does and reports:

  * pages per second (HTML pages written / freeze time, wall clock and CPU), the total
    time and the file count;
  * the peak memory: Python allocations (tracemalloc, on a second freeze into the same
    folder, as tracing slows the freeze down) and the process's peak resident size
    (ru_maxrss, the whole run);
  * with --profile, the freeze's hot spots (cProfile on one more freeze).

Run from the repository's root: .venv/bin/python benchmarks/freeze.py
"""

import argparse
import cProfile
import io
import logging
import os
import pstats
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STORY = """\
## What happened

For six weeks, volunteers and partners ran **{title}** in the district. {named} made
the kitchen run; {unnamed} (call {contact} on {phone}, {email}) paid for the blankets.

- {people} people took part;
- {meals} warm meals were served;
- every partner got a report on what its help achieved.

Thanks to [everyone who helped](https://example.org/thanks).
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time `planner freeze` on a large organisation: pages per second, "
        "total time, files written and peak memory."
    )
    parser.add_argument("--projects", type=int, default=200, help="projects (200)")
    parser.add_argument(
        "--partnerships", type=int, default=2000, help="partnerships, spread evenly (2,000)"
    )
    parser.add_argument(
        "--commitments", type=int, default=10000, help="commitments, spread evenly (10,000)"
    )
    parser.add_argument(
        "--partners",
        type=int,
        default=None,
        help="partners in the registry (default: half the partnerships, at least 20)",
    )
    parser.add_argument(
        "--consent",
        type=float,
        default=0.7,
        help="share of partnerships whose partner agreed to be named (0.7)",
    )
    parser.add_argument(
        "--no-trace",
        action="store_true",
        help="skip the second, traced freeze that measures Python's peak allocations",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="freeze once more under cProfile and print the hot spots",
    )
    parser.add_argument(
        "--sort",
        default="cumulative",
        choices=["cumulative", "tottime"],
        help="order of the --profile listing (cumulative)",
    )
    parser.add_argument(
        "--keep", type=Path, default=None, help="freeze into this folder and keep it"
    )
    return parser.parse_args()


def bulk_insert(args: argparse.Namespace) -> dict:
    """The organisation, through core inserts (executemany); return the row counts."""
    import sqlalchemy as sa
    from PIL import Image
    from werkzeug.datastructures import FileStorage

    from planner.enums import CATEGORIES, Direction, ItemStatus, Sector, Stage, Status, Support
    from planner.extensions import db
    from planner.models import (
        Commitment,
        KeyResult,
        Organisation,
        Partner,
        Partnership,
        Photo,
        Project,
        Report,
        Thanks,
    )
    from planner.uploads import folder, save_photo

    sectors = list(Sector)
    partners = args.partners or max(args.partnerships // 2, 20)
    per_project = max(args.partnerships // args.projects, 1)
    if partners < per_project:
        raise SystemExit(f"--partners must be at least {per_project} (partnerships per project)")
    today = date(2026, 6, 30)
    stamp = datetime(2026, 7, 1, 12, 0)

    def insert(model, rows):
        if rows:
            db.session.execute(sa.insert(model), rows)

    insert(Organisation, [{"name": "Benchmark Foundation", "currency": "EUR"}])
    insert(
        Partner,
        [
            {
                "id": i + 1,
                "name": f"Partner {i + 1} {sectors[i % 5].label}",
                "sector": sectors[i % 5],
                "contact_person": f"Contact Person {i + 1}",
                "email": f"contact{i + 1}@partner{i + 1}.example",
                "phone": f"+7 812 555 {i + 1:05d}",
                "address": f"{i + 1} Long Street\nCity {i % 90 + 10}0000",
                "notes": f"Private note on partner {i + 1}",
            }
            for i in range(partners)
        ],
    )
    insert(
        Project,
        [
            {
                "id": p + 1,
                "title": f"Project {p + 1}: warm meals and company",
                "slug": f"project-{p + 1}",
                "summary": "Warm meals for lonely elders.",
                "territory": f"District {p % 12 + 1}",
                "start_date": today - timedelta(days=120 + p),
                "end_date": today - timedelta(days=30),
                "stage": Stage.CLOSED,
            }
            for p in range(args.projects)
        ],
    )
    partnership_rows = []
    for n in range(args.partnerships):
        project, k = divmod(n, per_project)
        project %= args.projects
        named = (n * 7919 % 100) < args.consent * 100
        partnership_rows.append(
            {
                "id": n + 1,
                "project_id": project + 1,
                "partner_id": (project * per_project + k) % partners + 1,
                "support": {Support.MATERIAL},
                "status": Status.COMPLETED,
                "need_note": "Private need note",
                "partner_contact": f"Desk {n + 1}",
                "consent_name": named,
                "consent_quote": named and n % 3 == 0,
                "quote": f"We were glad to help, says partner {n + 1}." if n % 3 == 0 else "",
            }
        )
    insert(Partnership, partnership_rows)
    gives, gets = CATEGORIES[Direction.GIVES], CATEGORIES[Direction.GETS]
    statuses = [ItemStatus.DELIVERED] * 3 + [ItemStatus.PARTLY_DELIVERED, ItemStatus.PLANNED]
    insert(
        Commitment,
        [
            {
                "partnership_id": c % args.partnerships + 1,
                "direction": Direction.GETS if c % 4 == 3 else Direction.GIVES,
                "category": gets[c % len(gets)] if c % 4 == 3 else gives[c % len(gives)],
                "description": f"Contribution {c + 1}: bread, blankets and a van on Fridays",
                "quantity": Decimal(c % 50 + 1),
                "unit": "pieces",
                "value": Decimal(100 + c % 900),
                "status": statuses[c % len(statuses)],
                "internal": c % 10 == 0,
                "due_date": today - timedelta(days=c % 90),
            }
            for c in range(args.commitments)
        ],
    )
    insert(
        Report,
        [
            {
                "id": p + 1,
                "project_id": p + 1,
                "summary": f"Project {p + 1} reached {40 + p % 60} elders.",
                "narrative": STORY.format(
                    title=f"Project {p + 1}",
                    named=partner_name(partnership_rows, p, per_project, 0, sectors),
                    unnamed=partner_name(partnership_rows, p, per_project, 1, sectors),
                    contact=f"Contact Person {partner_id(partnership_rows, p, per_project, 1)}",
                    phone=f"+7 812 555 {partner_id(partnership_rows, p, per_project, 1):05d}",
                    email="contact{0}@partner{0}.example".format(
                        partner_id(partnership_rows, p, per_project, 1)
                    ),
                    people=40 + p % 60,
                    meals=400 + p,
                ),
                "published_at": stamp,
                "updated_at": stamp,
            }
            for p in range(args.projects)
        ],
    )
    insert(
        KeyResult,
        [
            {"report_id": p + 1, "label": label, "value": Decimal(value + p), "unit": unit}
            for p in range(args.projects)
            for label, value, unit in (
                ("elders took part", 40, "people"),
                ("warm meals served", 400, "meals"),
                ("volunteer hours", 120, "hours"),
            )
        ],
    )
    # One real photo, stored once per report under its own name (as uploads are).
    picture = io.BytesIO()
    Image.new("RGB", (1200, 800), (180, 120, 60)).save(picture, "JPEG")
    picture.seek(0)
    first, width, height = save_photo(FileStorage(picture, filename="photo.jpg"))
    data = (folder() / first).read_bytes()
    photo_rows = []
    for p in range(args.projects):
        name = f"{p + 1:032x}.jpg"
        (folder() / name).write_bytes(data)
        photo_rows.append(
            {
                "report_id": p + 1,
                "file": name,
                "alt": f"Volunteers of project {p + 1} serving soup",
                "credit": "Benchmark",
                "width": width,
                "height": height,
            }
        )
    insert(Photo, photo_rows)
    insert(
        Thanks,
        [
            {
                "report_id": row["project_id"],
                "partnership_id": row["id"],
                "made_possible": "Warm meals for sixty elders, every day of the winter.",
                "thank_you": "Thank you for every loaf and every blanket.",
            }
            for row in partnership_rows
        ],
    )
    db.session.commit()
    return {
        "partners": partners,
        "projects": args.projects,
        "partnerships": args.partnerships,
        "commitments": args.commitments,
        "named": sum(1 for r in partnership_rows if r["consent_name"]),
    }


def partner_id(rows, project: int, per_project: int, k: int) -> int:
    """The partner of a project's k-th partnership (the story names the first two)."""
    return rows[min(project * per_project + k, len(rows) - 1)]["partner_id"]


def partner_name(rows, project: int, per_project: int, k: int, sectors) -> str:
    i = partner_id(rows, project, per_project, k)
    return f"Partner {i} {sectors[(i - 1) % 5].label}"


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="planner-freeze-bench-") as tmp:
        tmp = Path(tmp)
        os.environ["PLANNER_INSTANCE_PATH"] = str(tmp / "instance")
        from flask_migrate import upgrade

        from planner import create_app
        from planner.extensions import db
        from planner.publishing.freeze import freeze_site

        app = create_app(
            {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.sqlite'}", "SECRET_KEY": "b"}
        )
        dest = args.keep or tmp / "site"
        with app.app_context():
            started = time.perf_counter()
            with QuietAlembic():
                upgrade()
            counts = bulk_insert(args)
            built = time.perf_counter() - started
            print(
                f"built in {built:.1f} s: {counts['projects']} projects, {counts['partners']} "
                f"partners, {counts['partnerships']} partnerships ({counts['named']} named), "
                f"{counts['commitments']} commitments, {counts['projects']} published reports"
            )
            db.session.remove()

            # 1. the timed freeze: nothing traced
            wall, cpu = time.perf_counter(), time.process_time()
            urls = freeze_site(app, dest)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            db.session.remove()

            written = [p for p in dest.rglob("*") if p.is_file()]
            html = [p for p in written if p.suffix == ".html"]
            size = sum(p.stat().st_size for p in written)
            print(f"freeze: {wall:.1f} s wall, {cpu:.1f} s CPU, for {len(urls)} URLs")
            print(f"pages per second: {len(html) / wall:.0f} wall, {len(html) / cpu:.0f} CPU "
                  f"({len(html)} HTML pages)")  # fmt: skip
            print(f"files written: {len(written)} ({size / 2**20:.1f} MiB)")

            # 2. the same freeze again (into the same folder), to measure its memory
            if not args.no_trace:
                tracemalloc.start()
                again = time.perf_counter()
                freeze_site(app, dest)
                again = time.perf_counter() - again
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
                db.session.remove()
                print(
                    f"peak Python allocations (tracemalloc, re-freeze in {again:.1f} s): "
                    f"{peak / 2**20:.0f} MiB"
                )
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
            print(f"peak resident size (ru_maxrss, whole run): {rss / 1024:.0f} MiB")

            # 3. where the time goes
            if args.profile:
                profiler = cProfile.Profile()
                profiler.enable()
                freeze_site(app, dest)
                profiler.disable()
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(25)
                print(out.getvalue())


class QuietAlembic:
    """Silence Alembic's per-migration log lines while the schema is built."""

    def __enter__(self):
        logging.disable(logging.INFO)

    def __exit__(self, *exc):
        logging.disable(logging.NOTSET)


if __name__ == "__main__":
    main()
