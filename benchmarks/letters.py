"""How long commitment letters take to render as PDF, and how much memory that needs.

Builds a throwaway app on a temporary SQLite database (the real migrations), loads the demo
organisation, adds partnerships with commitments until one project holds LETTERS sent
letters, then, through the app's own routes:

  * renders one letter's PDF RUNS times and reports the median;
  * renders the project's batch PDF (all its letters in one file) and reports the time;
  * reports the peak memory: Python allocations (tracemalloc, on one more render of the
    single letter; --trace-batch traces a batch render instead, which takes minutes, as
    tracing slows WeasyPrint's layout down several times) and the process's peak resident
    size after the batch (ru_maxrss, which also counts what WeasyPrint's C libraries hold).

Run from the repository's root: .venv/bin/python benchmarks/letters.py
Wall times depend on what else the machine runs; the CPU times beside them less so.
"""

import argparse
import contextlib
import io
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SLUG = "benchmark-letters"
WORDS = (
    "deliver fresh bread and pastries to the community kitchen every weekday morning and keep "
    "a signed delivery note for each visit so that both sides can check the quantities"
).split()


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time the rendering of commitment letters as PDF (one letter, and a batch)."
    )
    parser.add_argument(
        "--runs", type=int, default=10, help="renders of one letter to take the median of (10)"
    )
    parser.add_argument("--letters", type=int, default=50, help="letters in the batch PDF (50)")
    parser.add_argument(
        "--obligations",
        type=int,
        default=8,
        help="obligations in the letter timed alone; batch letters have 2 to 12 (8)",
    )
    parser.add_argument(
        "--trace-batch",
        action="store_true",
        help="measure the tracemalloc peak on the batch, not on one letter (slow)",
    )
    return parser.parse_args()


def build(letters: int, obligations: int) -> int:
    """Demo data plus one project with `letters` sent letters; return the timed letter's id."""
    from planner.demo import load_demo
    from planner.enums import CATEGORIES, Direction, ItemStatus, Language, Sector, Status
    from planner.extensions import db
    from planner.letters.compose import draft, send
    from planner.models import Commitment, Organisation, Partner, Partnership, Project

    load_demo()
    org = db.session.query(Organisation).one()
    project = Project(
        title="Benchmark: Winter Warmth",
        slug=SLUG,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
    )
    db.session.add(project)
    timed = None
    for n in range(letters):
        partner = Partner(
            name=f"Partner {n + 1:02d} Bakery and Sons",
            sector=Sector.BUSINESS,
            contact_person="Anna",
        )
        partnership = Partnership(project=project, partner=partner, status=Status.NEGOTIATING)
        db.session.add_all([partner, partnership])
        count = obligations if n == 0 else 2 + n % 11
        for i in range(count):
            words = WORDS[i % 9 :] + WORDS[: i % 9]
            direction = Direction.GIVES if i % 3 else Direction.GETS
            db.session.add(
                Commitment(
                    partnership=partnership,
                    direction=direction,
                    category=CATEGORIES[direction][i % len(CATEGORIES[direction])],
                    status=ItemStatus.PLANNED,
                    description=" ".join(words[: 10 + (i * 7) % 17]),
                    quantity=i + 1,
                    unit="boxes",
                    due_date=date(2026, 1 + i % 12, 1 + i % 28),
                )
            )
        db.session.flush()
        language = Language.RU if n % 5 == 4 else Language.EN
        letter = draft(partnership, language, org, date(2026, 3, 2))
        send(letter, org, date(2026, 3, 9))
        timed = timed or letter.id
    db.session.commit()
    return timed


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="planner-bench-") as tmp:
        os.environ["PLANNER_INSTANCE_PATH"] = tmp
        from flask_migrate import upgrade

        from planner import create_app
        from planner.demo import DEMO_EMAIL, DEMO_PASSWORD
        from planner.extensions import db

        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.sqlite'}",
                "SECRET_KEY": "benchmark",
                "WTF_CSRF_ENABLED": False,
            }
        )
        with app.app_context():
            with contextlib.redirect_stderr(io.StringIO()):  # Alembic's INFO lines
                upgrade()
            started = time.perf_counter()
            letter_id = build(args.letters, args.obligations)
            setup = time.perf_counter() - started
            client = app.test_client()
            client.post("/login", data={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})

            def get(url: str) -> bytes:
                response = client.get(url)
                if response.status_code != 200 or not response.data.startswith(b"%PDF-"):
                    sys.exit(f"{url} answered {response.status_code}")
                return response.data

            one_url = f"/letters/{letter_id}.pdf"
            batch_url = f"/projects/{SLUG}/letters.pdf"
            get(one_url)  # warm up: fonts, templates, CSS parsing caches
            times, cpu_times = [], []
            for _ in range(args.runs):
                started, cpu = time.perf_counter(), time.process_time()
                one = get(one_url)
                times.append(time.perf_counter() - started)
                cpu_times.append(time.process_time() - cpu)
            started, cpu = time.perf_counter(), time.process_time()
            batch = get(batch_url)
            batch_time = time.perf_counter() - started
            batch_cpu = time.process_time() - cpu

            traced = batch_url if args.trace_batch else one_url
            tracemalloc.start()
            get(traced)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            db.session.remove()
        max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux

    from pypdf import PdfReader

    def pages(data: bytes) -> int:
        return len(PdfReader(io.BytesIO(data)).pages)

    print(f"setup (migrate, demo, {args.letters} letters): {setup:.1f} s")
    print(
        f"one letter ({args.obligations} obligations, {pages(one)} pages,"
        f" {len(one) / 1024:.0f} KiB):"
        f" median {statistics.median(times) * 1000:.0f} ms over {args.runs} runs"
        f" (min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f};"
        f" CPU median {statistics.median(cpu_times) * 1000:.0f} ms)"
    )
    print(
        f"batch of {args.letters} letters ({pages(batch)} pages, {len(batch) / 1024:.0f} KiB):"
        f" {batch_time:.2f} s (CPU {batch_cpu:.2f} s)"
    )
    print(
        f"peak memory: tracemalloc {peak / 2**20:.1f} MiB"
        f" ({'the batch' if args.trace_batch else 'one letter'}),"
        f" ru_maxrss {max_rss / 1024:.0f} MiB (the whole run, batch included)"
    )


if __name__ == "__main__":
    main()
