"""How long commitment letters take as PDF, and how much memory that needs, against a floor.

Builds a throwaway app on a temporary SQLite database (the real migrations), loads the demo
organisation (with a logo), then adds its own letters rather than the shared data set, as it
needs one project with exactly LETTERS sent letters: that project, and one draft letter with
OBLIGATIONS obligations in another project. Then, in one process, through the app's routes:

  * the floor: a plain one-page WeasyPrint document (default settings, one style rule) with
    as much text as the draft letter, rendered RUNS times;
  * one draft letter's PDF (a draft is rendered on every request), RUNS times;
  * the project's batch PDF (its LETTERS sent letters in one file): first with no kept PDFs
    (each letter is rendered and kept), then BATCH_RUNS times from the kept PDFs;
  * the peak resident size of the whole run (ru_maxrss, which counts what WeasyPrint's C
    libraries hold), and the same after one draft and the floor.

Each figure is printed beside the floor's, with PASS or FAIL against the targets of issue 8:
draft median < 150 ms, batch of 50 sent letters < 2 s, peak resident size < 250 MB.

Run from the repository's root: .venv/bin/python benchmarks/letters.py
Wall times depend on what else the machine runs; the CPU times beside them less so.
"""

import argparse
import contextlib
import io
import os
import resource
import shutil
import socket
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SLUG = "benchmark-letters"
DRAFT_SLUG = "benchmark-draft"
WORDS = (
    "deliver fresh bread and pastries to the community kitchen every weekday morning and keep "
    "a signed delivery note for each visit so that both sides can check the quantities"
).split()
TARGET_DRAFT_MS = 150
TARGET_BATCH_S = 2.0
TARGET_RSS_MB = 250


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time commitment letters as PDF (one draft, a batch of sent letters)."
    )
    parser.add_argument("--runs", type=int, default=20, help="renders of the draft (20)")
    parser.add_argument("--batch-runs", type=int, default=5, help="steady batch builds (5)")
    parser.add_argument("--letters", type=int, default=50, help="sent letters in the batch (50)")
    parser.add_argument(
        "--obligations",
        type=int,
        default=8,
        help="obligations in the draft letter; batch letters have 2 to 12 (8)",
    )
    return parser.parse_args()


def add_partnership(project, n: int, obligations: int):
    from planner.enums import CATEGORIES, Direction, ItemStatus, Sector, Status
    from planner.extensions import db
    from planner.models import Commitment, Partner, Partnership

    partner = Partner(
        name=f"Partner {n + 1:02d} Bakery and Sons", sector=Sector.BUSINESS, contact_person="Anna"
    )
    partnership = Partnership(project=project, partner=partner, status=Status.NEGOTIATING)
    db.session.add_all([partner, partnership])
    for i in range(obligations):
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
    return partnership


def build(letters: int, obligations: int) -> int:
    """Demo data, a project of `letters` sent letters and one draft; return the draft's id."""
    from planner.demo import load_demo, stored_picture
    from planner.enums import Language
    from planner.extensions import db
    from planner.letters.compose import draft, send
    from planner.models import Organisation, Project

    load_demo()
    org = db.session.query(Organisation).one()
    org.logo_file = stored_picture(300, 120, ("#fff3e0", "#c47a2c"))[0]
    project = Project(
        title="Benchmark: Winter Warmth",
        slug=SLUG,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
    )
    other = Project(title="Benchmark: a draft", slug=DRAFT_SLUG)
    db.session.add_all([project, other])
    for n in range(letters):
        partnership = add_partnership(project, n, 2 + n % 11)
        language = Language.RU if n % 5 == 4 else Language.EN
        letter = draft(partnership, language, org, date(2026, 3, 2))
        send(letter, org, date(2026, 3, 9))  # its PDF is not kept yet: the first batch makes it
    timed = draft(add_partnership(other, letters, obligations), Language.EN, org, date.today())
    db.session.commit()
    return timed.id


def floor_document(length: int) -> str:
    """Plain paragraphs of `length` characters in all, small enough to fit on one A4 page."""
    text, n = [], 0
    while sum(map(len, text)) < length:
        text.append(WORDS[n % len(WORDS)] + " ")
        n += 1
    words = "".join(text)[:length]
    paragraphs = [words[i : i + 600] for i in range(0, len(words), 600)]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!doctype html><html><head><meta charset=utf-8><style>"
        "@page { size: A4; margin: 20mm } body { font: 9pt 'DejaVu Serif', serif }"
        f"</style></head><body>{body}</body></html>"
    )


def timed(call, runs: int) -> tuple[list[float], list[float], object]:
    """Wall and CPU seconds of each of `runs` calls, and the last call's result."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = call()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus, result


def p95(values: list[float]) -> float:
    return (
        statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]
    )


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def time_sending(app, client, letter_id: int, runs: int) -> list[float]:
    """Seconds from posting "Send to the partner" to the message accepted by a real SMTP
    server on loopback (aiosmtpd), for a letter already sent (its PDF kept)."""
    import threading

    from aiosmtpd.controller import Controller

    accepted = threading.Event()

    class Inbox:
        async def handle_DATA(self, server, session, envelope):
            accepted.set()
            return "250 Message accepted for delivery"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Inbox(), hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DEFAULT_SENDER="office@bench.example"
    )
    url = f"/letters/{letter_id}/email"
    walls = []
    try:
        for number in range(runs + 1):  # the first one sends the draft and keeps its PDF
            accepted.clear()
            started = time.perf_counter()
            response = client.post(url, data={"recipient": "partner@bench.example"})
            if response.status_code != 302 or not accepted.wait(10):
                sys.exit(f"{url} answered {response.status_code}; the server got nothing")
            if number:
                walls.append(time.perf_counter() - started)
    finally:
        controller.stop()
    return walls


def main() -> None:
    args = parse_args()
    from pypdf import PdfReader

    def pages(data: bytes) -> int:
        return len(PdfReader(io.BytesIO(data)).pages)

    def text_length(data: bytes) -> int:
        return sum(len(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages)

    with tempfile.TemporaryDirectory(prefix="planner-bench-") as tmp:
        os.environ["PLANNER_INSTANCE_PATH"] = tmp
        from flask_migrate import upgrade

        from planner import create_app
        from planner.demo import DEMO_EMAIL, DEMO_PASSWORD
        from planner.extensions import db, init_migrations

        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.sqlite'}",
                "SECRET_KEY": "benchmark",
                "WTF_CSRF_ENABLED": False,
            }
        )
        init_migrations(app)
        with app.app_context():
            with contextlib.redirect_stderr(io.StringIO()):  # Alembic's INFO lines
                upgrade()
            started = time.perf_counter()
            draft_id = build(args.letters, args.obligations)
            setup = time.perf_counter() - started
            client = app.test_client()
            client.post("/login", data={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})

            def get(url: str) -> bytes:
                response = client.get(url)
                if response.status_code != 200 or not response.data.startswith(b"%PDF-"):
                    sys.exit(f"{url} answered {response.status_code}")
                return response.data

            draft_url = f"/letters/{draft_id}.pdf"
            batch_url = f"/projects/{SLUG}/letters.pdf"

            # The floor first, so that the resident size after it is the floor's alone.
            length = text_length(get(draft_url))
            from weasyprint import HTML

            plain = floor_document(length)
            HTML(string=plain).write_pdf()  # warm up as the letters are: fonts, dictionaries
            floor_walls, floor_cpus, floor_pdf = timed(
                lambda: HTML(string=plain).write_pdf(), args.runs
            )
            floor_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6

            draft_walls, draft_cpus, draft_pdf = timed(lambda: get(draft_url), args.runs)

            kept = Path(app.instance_path) / "letters"
            shutil.rmtree(kept, ignore_errors=True)
            first_walls, first_cpus, _ = timed(lambda: get(batch_url), 1)
            batch_walls, batch_cpus, batch_pdf = timed(lambda: get(batch_url), args.batch_runs)
            send_walls = time_sending(app, client, draft_id, args.runs)
            db.session.remove()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6  # KiB on Linux

    floor_ms = statistics.median(floor_walls) * 1000
    floor_p95 = p95(floor_walls) * 1000
    draft_ms = statistics.median(draft_walls) * 1000
    batch_s = statistics.median(batch_walls)
    floor_batch = floor_ms * args.letters / 1000
    ms = 1000

    print(f"setup (migrate, demo, {args.letters} sent letters, one draft): {setup:.1f} s")
    print(
        f"floor: plain WeasyPrint page, {length} characters ({pages(floor_pdf)} page):"
        f" median {floor_ms:.0f} ms, p95 {floor_p95:.0f} ms"
        f" (CPU median {statistics.median(floor_cpus) * ms:.0f} ms) over {args.runs} runs"
    )
    print(
        f"draft letter ({args.obligations} obligations, {pages(draft_pdf)} pages,"
        f" {length} characters): median {draft_ms:.0f} ms, p95 {p95(draft_walls) * ms:.0f} ms"
        f" (CPU median {statistics.median(draft_cpus) * ms:.0f} ms) over {args.runs} runs;"
        f" {draft_ms / floor_ms:.1f}x the floor;"
        f" target < {TARGET_DRAFT_MS} ms: {verdict(draft_ms < TARGET_DRAFT_MS)}"
    )
    print(
        f"batch of {args.letters} sent letters ({pages(batch_pdf)} pages,"
        f" {len(batch_pdf) / 1024:.0f} KiB), first build, no PDF kept yet:"
        f" {first_walls[0]:.2f} s (CPU {first_cpus[0]:.2f} s);"
        f" floor x {args.letters}: {floor_batch:.2f} s"
    )
    print(
        f"batch of {args.letters} sent letters from kept PDFs: median {batch_s:.2f} s,"
        f" p95 {p95(batch_walls):.2f} s (CPU median {statistics.median(batch_cpus):.2f} s)"
        f" over {args.batch_runs} runs; {batch_s / floor_batch:.2f}x the floor x {args.letters};"
        f" target < {TARGET_BATCH_S:.0f} s: {verdict(batch_s < TARGET_BATCH_S)}"
    )
    print(
        f"send to the partner (a sent letter e-mailed with its kept PDF and a new link):"
        f" median {statistics.median(send_walls) * ms:.0f} ms, p95 {p95(send_walls) * ms:.0f} ms"
        f" from pressing Send to the message accepted by an SMTP server on loopback,"
        f" over {args.runs} runs"
    )
    print(
        f"peak resident size of the whole run: {rss:.0f} MB"
        f" (after one draft and the floor: {floor_rss:.0f} MB);"
        f" target < {TARGET_RSS_MB} MB: {verdict(rss < TARGET_RSS_MB)}"
    )


if __name__ == "__main__":
    main()
