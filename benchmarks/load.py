"""Twenty coordinators at once: readers and writers against gunicorn on the large data set.

Serves the app on the scale-1.0 data set (benchmarks/dataset.py, cached in build/bench/) on its
embedded SQLite, under gunicorn as the README deploys it (WORKERS sync workers, --preload) on
loopback, and signs in CLIENTS clients, each a thread with its own session cookie and
keep-alive connection. For a bounded time each client reads pages (dashboard, partner registry
with a search, a project's board and matrix, what to ask, a report) and writes as a person
does: it moves a commitment to its next status through the matrix's htmx cell, edits a
partner's private notes, adds a need to a project and deletes it again. Every write first
reads its form afresh and posts back every hidden field of that form (the CSRF token, and a
record's version where the form carries one), so a save made from a stale form is a 409,
counted on its own and not as an error.

Prints the requests made, the errors (any answer other than 2xx, 3xx or an expected 409, a
form sent back with errors, a dropped connection), how often "database is locked" appears in
gunicorn's log, and the latency percentiles of reads and writes. Targets: no error and no
"database is locked"; the exit status is 1 when either is missed.

Run from the repository's root: .venv/bin/python benchmarks/load.py
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import http.client
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CLIENTS = 20
WORKERS = 3
SECONDS = 60
# What a client does next, and how often: mostly reading, as coordinators do.
ACTIONS = {
    "dashboard": 4,
    "registry": 4,
    "board": 3,
    "matrix": 3,
    "large matrix": 1,
    "asks": 2,
    "report": 2,
    "status": 3,
    "notes": 2,
    "need": 1,
}
SEARCHES = ("Warm", "Bakery", "Fund", "School", "Ivanova", "Green", "Library", "Petrov")

SERVER: list[subprocess.Popen] = []


def stop_server() -> None:
    """Stop the gunicorn this script started (its own process group)."""
    while SERVER:
        server = SERVER.pop()
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


def on_signal(signum, frame) -> None:
    stop_server()
    sys.exit(128 + signum)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(workdir: Path, env: dict, workers: int, log: Path) -> int:
    """Start gunicorn on the app as the README deploys it; return its port once it answers."""
    port = free_port()
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "--preload",
        "--workers", str(workers),
        "--bind", f"127.0.0.1:{port}",
        "--chdir", str(workdir),
        "--timeout", "120",
        "planner:create_app()",
    ]  # fmt: skip
    out = log.open("w")
    server = subprocess.Popen(
        command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )
    SERVER.append(server)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped:\n{log.read_text()}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/login")
            connection.getresponse().read()
            connection.close()
            return port
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within two minutes")


# --- forms ------------------------------------------------------------------------------------


@dataclass
class Form:
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    hidden: list[tuple[str, str]] = field(default_factory=list)
    attrs: dict = field(default_factory=dict)

    def value(self, name: str) -> str | None:
        return next((v for n, v in self.fields if n == name), None)

    def setting(self, name: str, value: str) -> list[tuple[str, str]]:
        """The form's fields as a browser would post them, with `name` set to `value`."""
        return [(n, value if n == name else v) for n, v in self.fields]


class Forms(HTMLParser):
    """Every <form> of a page with what a browser would send: inputs (checked boxes only),
    the selected option of each select, textareas; and the buttons' attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.buttons: list[dict] = []
        self.form: Form | None = None
        self.select: tuple[str, list[str], list[str]] | None = None  # name, options, selected
        self.option: bool = False
        self.textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.form = Form(a.get("action", ""), attrs=a)
            self.forms.append(self.form)
        elif tag == "button":
            self.buttons.append(a)
        elif self.form is None:
            return
        elif tag == "input" and a.get("name") and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            value = a.get("value", "on" if kind in ("checkbox", "radio") else "")
            self.form.fields.append((a["name"], value))
            if kind == "hidden":
                self.form.hidden.append((a["name"], value))
        elif tag == "select" and a.get("name"):
            self.select = (a["name"], [], [])
        elif tag == "option" and self.select is not None:
            self.select[1].append(a.get("value", ""))
            if "selected" in a:
                self.select[2].append(a.get("value", ""))
        elif tag == "textarea" and a.get("name"):
            self.textarea = (a["name"], [])

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select" and self.select is not None and self.form is not None:
            name, options, selected = self.select
            chosen = selected[:1] or options[:1]
            self.form.fields += [(name, value) for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea is not None and self.form is not None:
            name, parts = self.textarea
            self.form.fields.append((name, "".join(parts).removeprefix("\n")))
            self.textarea = None


def forms_of(html: str) -> Forms:
    parser = Forms()
    parser.feed(html)
    return parser


# --- clients ----------------------------------------------------------------------------------


@dataclass
class Tally:
    """What all clients saw; each client keeps its own and they are added at the end."""

    reads: list[float] = field(default_factory=list)
    writes: list[float] = field(default_factory=list)
    requests: int = 0
    conflicts: int = 0
    errors: Counter = field(default_factory=Counter)
    actions: Counter = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        self.reads += other.reads
        self.writes += other.writes
        self.requests += other.requests
        self.conflicts += other.conflicts
        self.errors.update(other.errors)
        self.actions.update(other.actions)


class Failed(Exception):
    """An action that cannot go on (its error is already counted)."""


class Client:
    """One coordinator: a keep-alive connection, a session cookie, and what they do."""

    def __init__(self, port: int, targets: dict, seed: int):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies: dict[str, str] = {}
        self.targets = targets
        self.random = random.Random(seed)
        self.tally = Tally()
        self.number = seed

    def send(self, method: str, path: str, form=None, htmx: bool = False):
        """One request; returns (status, location, body). Counted, timed, never followed."""
        headers = {"Connection": "keep-alive"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if htmx:
            headers["HX-Request"] = "true"
        started = time.perf_counter()
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError) as error:
                # A sync worker closes the connection after each answer: reconnect once.
                self.connection.close()
                if attempt == 2:
                    self.tally.requests += 1
                    self.tally.errors[f"{type(error).__name__} on {method} {short(path)}"] += 1
                    raise Failed from error
        elapsed = time.perf_counter() - started
        self.tally.requests += 1
        (self.tally.writes if method == "POST" else self.tally.reads).append(elapsed)
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.will_close:
            self.connection.close()
        status = response.status
        if status == 409:
            self.tally.conflicts += 1
            raise Failed
        if not 200 <= status < 400:
            self.tally.errors[f"HTTP {status} on {method} {short(path)}"] += 1
            raise Failed
        return status, response.headers.get("Location", ""), data.decode("utf-8", "replace")

    def get(self, path: str) -> str:
        return self.send("GET", path)[2]

    def post(self, path: str, form, htmx: bool = False, redirect: bool = True) -> str:
        status, _, body = self.send("POST", path, form, htmx)
        if redirect and status != 302:
            # A form sent back (200 with its errors) is a save that did not happen.
            self.tally.errors[f"form refused on POST {short(path)}"] += 1
            raise Failed
        return body

    def sign_in(self, email: str, password: str) -> None:
        login = next(f for f in forms_of(self.get("/login")).forms if f.value("password") == "")
        form = login.setting("email", email)
        form = [(n, password if n == "password" else v) for n, v in form]
        self.post("/login", form)
        if 'action="/logout"' not in self.get("/"):
            raise SystemExit(f"client {self.number} could not sign in")

    def run(self, until: float) -> None:
        names, weights = list(ACTIONS), list(ACTIONS.values())
        while time.monotonic() < until:
            action = self.random.choices(names, weights)[0]
            self.tally.actions[action] += 1
            with contextlib.suppress(Failed):  # counted where it failed; on to the next
                getattr(self, "do_" + action.replace(" ", "_"))()

    # reads

    def do_dashboard(self) -> None:
        self.get("/")

    def do_registry(self) -> None:
        self.get("/partners/")
        self.get("/partners/?" + urllib.parse.urlencode({"q": self.random.choice(SEARCHES)}))

    def do_board(self) -> None:
        self.get(f"/projects/{self.random.choice(self.targets['projects'])}/")

    def do_matrix(self) -> None:
        self.get(f"/projects/{self.random.choice(self.targets['projects'])}/matrix/")

    def do_large_matrix(self) -> None:
        self.get(f"/projects/{self.targets['large']}/matrix/")

    def do_asks(self) -> None:
        self.get("/asks/")

    def do_report(self) -> None:
        slug = self.random.choice(self.targets["reports"])
        self.get(f"/projects/{slug}/report/")
        if slug in self.targets["published"]:
            self.get(f"/site/reports/{slug}/")

    # writes, each from its form as it is now

    def do_status(self) -> None:
        """Move a commitment to a next status by its button in the matrix (htmx's request)."""
        page = self.get(f"/projects/{self.random.choice(self.targets['projects'])}/matrix/")
        parsed = forms_of(page)
        cells = [
            b for b in parsed.buttons if re.fullmatch(r"/items/\d+/status", b.get("hx-post", ""))
        ]
        if not cells:
            return
        button = self.random.choice(cells)
        shared = next((f for f in parsed.forms if f.attrs.get("id") == button.get("form")), None)
        form = list(shared.hidden) if shared else []
        form.append((button["name"], button["value"]))
        if button.get("hx-vals"):
            form += list(json.loads(button["hx-vals"]).items())
        self.post(button["hx-post"], form, htmx=True, redirect=False)

    def do_notes(self) -> None:
        """Edit a partner's private notes through its edit form."""
        pid = self.random.choice(self.targets["partners"])
        page = self.get(f"/partners/{pid}/edit")
        form = next(f for f in forms_of(page).forms if f.value("notes") is not None)
        notes = f"Called on {time.strftime('%H:%M:%S')} by load client {self.number}."
        self.post(form.action or f"/partners/{pid}/edit", form.setting("notes", notes))

    def do_need(self) -> None:
        """Add a need to a project, find it in the matrix, and delete it from its edit page."""
        slug = self.random.choice(self.targets["projects"])
        new = f"/projects/{slug}/needs/new"
        form = next(f for f in forms_of(self.get(new)).forms if f.value("description") is not None)
        marker = f"Load test need {self.number}-{self.random.randrange(10**9)}"
        fields = [(n, marker if n == "description" else v) for n, v in form.fields]
        fields = [(n, "3" if n == "quantity" else v) for n, v in fields]
        self.post(form.action or new, fields)
        matrix = self.get(f"/projects/{slug}/matrix/")
        found = re.search(r'href="(/needs/(\d+)/edit)"[^>]*aria-label="[^"]*' + marker, matrix)
        if found is None:
            self.tally.errors["the new need is not on the matrix"] += 1
            raise Failed
        edit = forms_of(self.get(found.group(1)))
        delete = next(f for f in edit.forms if f.action.endswith("/delete"))
        self.post(delete.action, delete.hidden)


def short(path: str) -> str:
    """A path with its numbers and slugs folded, so errors of one kind count together."""
    path = path.split("?", 1)[0]
    return re.sub(r"/\d+", "/N", path)


# --- the run ----------------------------------------------------------------------------------


def targets_of(app) -> dict:
    """Projects, partners and reports to pick from (the large project read on its own)."""
    import sqlalchemy as sa

    from benchmarks.dataset import LARGE_SLUG
    from planner.extensions import db
    from planner.models import Partner, Project, Report

    with app.app_context():
        projects = db.session.scalars(
            sa.select(Project.slug).where(Project.slug != LARGE_SLUG).order_by(Project.id)
        ).all()
        partners = db.session.scalars(sa.select(Partner.id).order_by(Partner.id)).all()
        reports = db.session.execute(
            sa.select(Project.slug, Report.published_at).join(Report.project).order_by(Report.id)
        ).all()
        db.session.remove()
        db.engine.dispose()
    return {
        "large": LARGE_SLUG,
        "projects": list(projects),
        "partners": list(partners),
        "reports": [slug for slug, _ in reports],
        "published": {slug for slug, published in reports if published},
    }


def percentiles(samples: list[float]) -> str:
    if not samples:
        return "none"
    ordered = sorted(samples)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    return (
        f"p50 {at(0.50):.0f} ms, p90 {at(0.90):.0f} ms, p99 {at(0.99):.0f} ms, "
        f"max {ordered[-1] * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=f"{CLIENTS} signed-in clients read and write for a bounded time against "
        f"gunicorn ({WORKERS} sync workers, --preload) on loopback, on the large data set's "
        "SQLite; prints requests, errors, 'database is locked' in gunicorn's log and the "
        "latency percentiles of reads and writes.",
        epilog="Targets: 0 errors and no 'database is locked'; the exit status is 1 otherwise. "
        "409 answers (a save from a form another client changed meanwhile) are counted apart.",
    )
    parser.add_argument("--seconds", type=float, default=SECONDS, help=f"how long ({SECONDS})")
    parser.add_argument("--clients", type=int, default=CLIENTS, help=f"clients ({CLIENTS})")
    parser.add_argument("--workers", type=int, default=WORKERS, help=f"gunicorn ({WORKERS})")
    parser.add_argument("--scale", type=float, default=1.0, help="data set scale (1.0)")
    parser.add_argument("--seed", type=int, default=1, help="what the clients choose (1)")
    parser.add_argument("--keep-log", type=Path, help="copy gunicorn's log here")
    args = parser.parse_args()
    atexit.register(stop_server)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    from benchmarks.dataset import ADMIN_EMAIL, ADMIN_PASSWORD, build_app

    with tempfile.TemporaryDirectory(prefix="planner-load-") as tmp:
        tmp = Path(tmp)
        targets = targets_of(build_app(args.scale, tmp))
        env = {
            **os.environ,
            "PLANNER_INSTANCE_PATH": str(tmp / "instance"),
            "DATABASE_URL": f"sqlite:///{tmp / 'dataset.sqlite'}",
            "SECRET_KEY": "load-benchmark",
            "PYTHONPATH": str(ROOT),
        }
        log = tmp / "gunicorn.log"
        port = serve(tmp, env, args.workers, log)
        clients = [Client(port, targets, args.seed * 1000 + n) for n in range(args.clients)]
        for client in clients:
            client.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
        signed_in = Tally()
        for client in clients:
            signed_in.add(client.tally)
            client.tally = Tally()
        print(
            f"gunicorn --preload, {args.workers} sync workers on 127.0.0.1:{port}; "
            f"{args.clients} clients signed in ({signed_in.requests} requests), for "
            f"{args.seconds:g} s; data set at scale {args.scale:g} on SQLite.",
            flush=True,
        )
        started = time.monotonic()
        until = started + args.seconds
        threads = [
            threading.Thread(target=client.run, args=(until,), name=f"client-{n}")
            for n, client in enumerate(clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        took = time.monotonic() - started
        stop_server()
        text = log.read_text(errors="replace")
        if args.keep_log:
            args.keep_log.write_text(text)

    total = Tally()
    for client in clients:
        total.add(client.tally)
    locked = text.lower().count("database is locked")
    tracebacks = text.count("Traceback (most recent call last)")
    errors = sum(total.errors.values())
    print(
        f"\n{total.requests} requests in {took:.1f} s ({total.requests / took:.0f} per second): "
        f"{len(total.reads)} reads, {len(total.writes)} writes"
    )
    print("actions: " + ", ".join(f"{name} {n}" for name, n in total.actions.most_common()))
    print(f"errors: {errors}" + "".join(f"\n  {n} × {what}" for what, n in total.errors.items()))
    print(f"409 conflicts (stale form, expected): {total.conflicts}")
    print(f'"database is locked" in gunicorn\'s log: {locked} (tracebacks: {tracebacks})')
    print(f"reads:  {percentiles(total.reads)}")
    print(f"writes: {percentiles(total.writes)}")
    ok = errors == 0 and locked == 0
    print("PASS" if ok else "FAIL", "(target: 0 errors, no 'database is locked')")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
