"""Requests per second under gunicorn, as a share of a hello-world Flask app's on the same server.

Serves the app on the scale-1.0 data set (benchmarks/dataset.py, cached in build/bench/) and a
hello-world Flask app, each under gunicorn with the same settings (WORKERS sync workers on
loopback), and drives both with the same load from `wrk` (CONNECTIONS connections, a warm-up
of WARM_UP s, then DURATION s measured). The app's pages are requested signed in, with the
session cookie that posting the login form gives (the login page's CSRF token included, as
a browser would). Prints each page's requests per second as a share of hello-world's and
PASS/FAIL against the targets: the dashboard >= 10%, the large project's matrix >= 5%.

`wrk` is Debian's package of that name: when it is missing the script installs it with
apt-get if it runs as root, and otherwise says how. Both servers are stopped on exit.

Run from the repository's root: .venv/bin/python benchmarks/throughput.py
"""

from __future__ import annotations

import argparse
import atexit
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORKERS = 2
CONNECTIONS = 4
DURATION = 10
WARM_UP = 2
# Share of hello-world's requests per second each page must reach.
TARGETS = {"dashboard": 0.10, "matrix": 0.05}

HELLO = """\
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, world!"
"""

SERVERS: list[subprocess.Popen] = []


def stop_servers() -> None:
    """Stop the gunicorn servers this script started (each its own process group)."""
    while SERVERS:
        server = SERVERS.pop()
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


def on_signal(signum, frame) -> None:
    stop_servers()
    sys.exit(128 + signum)


def need_wrk() -> str:
    """The path of wrk, installed from Debian's package when missing and we may."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit(
            "wrk is not installed: run `sudo apt-get install wrk` (Debian/Ubuntu), then again."
        )
    print("Installing wrk (apt-get install wrk)…", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"]
    if subprocess.run(install, env=env, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)
        subprocess.run(install, env=env, check=True, capture_output=True)
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("apt-get did not install wrk")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(app: str, chdir: Path, env: dict, name: str) -> str:
    """Start gunicorn on `app` (the same settings for every app); return its base URL."""
    port = free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [
        gunicorn,
        "--workers", str(WORKERS),
        "--worker-class", "sync",
        "--bind", f"127.0.0.1:{port}",
        "--chdir", str(chdir),
        "--log-level", "warning",
        "--timeout", "120",
        app,
    ]  # fmt: skip
    log = open(chdir / f"{name}.log", "w")  # noqa: SIM115 (kept open for the server's life)
    server = subprocess.Popen(
        command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    SERVERS.append(server)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn ({name}) stopped:\n{(chdir / f'{name}.log').read_text()}")
        try:
            probe = base + "/login" if name == "app" else base
            with urllib.request.urlopen(probe, timeout=5):
                return base
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn ({name}) did not answer within two minutes")


def sign_in(base: str, email: str, password: str) -> str:
    """Post the login form like a browser (CSRF token and all); return the Cookie header."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(base + "/login", timeout=30).read().decode()
    tag = re.search(r'<input[^>]*name="csrf_token"[^>]*>', html)
    token = re.search(r'value="([^"]*)"', tag.group(0)) if tag else None
    if token is None:
        raise SystemExit("no csrf_token on the login page")
    form = urllib.parse.urlencode(
        {"csrf_token": token.group(1), "email": email, "password": password}
    ).encode()
    opener.open(base + "/login", data=form, timeout=30).read()
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    # Signed in means the dashboard answers 200 without sending us back to the login page.
    request = urllib.request.Request(base + "/", headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=120) as response:
        if response.status != 200 or response.url.rstrip("/") != base:
            raise SystemExit(f"signing in as {email} failed (ended at {response.url})")
    return cookie


def drive(wrk: str, url: str, seconds: int, cookie: str | None = None) -> dict:
    """Run wrk against one URL; return requests per second and the errors it counted."""
    command = [wrk, "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "60s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    done = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", done.stdout)
    total = re.search(r"(\d+) requests in", done.stdout)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", done.stdout)
    errors = re.search(r"Socket errors: (.*)", done.stdout)
    return {
        "rps": float(rate.group(1)) if rate else 0.0,
        "requests": int(total.group(1)) if total else 0,
        "bad": int(bad.group(1)) if bad else 0,
        "errors": errors.group(1) if errors else "",
    }


def measure(wrk: str, url: str, seconds: int, cookie: str | None = None) -> dict:
    drive(wrk, url, WARM_UP, cookie)
    return drive(wrk, url, seconds, cookie)


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Requests per second of the dashboard and the large project's matrix "
        "under gunicorn, as a share of a hello-world Flask app's under the same settings "
        f"({WORKERS} sync workers, wrk with {CONNECTIONS} connections on loopback); targets: "
        + ", ".join(f"{page} >= {share:.0%}" for page, share in TARGETS.items())
        + ".",
        epilog="Installs Debian's wrk with apt-get when missing (as root). The exit status "
        "is 1 when a target is missed.",
    )
    parser.add_argument("--scale", type=float, default=1.0, help="data set scale (1.0)")
    parser.add_argument(
        "--duration", type=int, default=DURATION, help=f"seconds per measurement ({DURATION})"
    )
    args = parser.parse_args()
    wrk = need_wrk()
    atexit.register(stop_servers)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    from benchmarks.dataset import ADMIN_EMAIL, ADMIN_PASSWORD, LARGE_SLUG, build_app

    with tempfile.TemporaryDirectory(prefix="planner-throughput-") as tmp:
        tmp = Path(tmp)
        build_app(args.scale, tmp)  # the data set's SQLite file and instance folder
        (tmp / "hello.py").write_text(HELLO)
        env = {
            **os.environ,
            "PLANNER_INSTANCE_PATH": str(tmp / "instance"),
            "DATABASE_URL": f"sqlite:///{tmp / 'dataset.sqlite'}",
            "SECRET_KEY": "throughput-benchmark",
            "PYTHONPATH": str(ROOT),
        }
        hello = serve("hello:app", tmp, env, "hello")
        app = serve("planner:create_app()", tmp, env, "app")
        cookie = sign_in(app, ADMIN_EMAIL, ADMIN_PASSWORD)
        pages = {"dashboard": "/", "matrix": f"/projects/{LARGE_SLUG}/matrix/"}
        print(
            f"gunicorn, {WORKERS} sync workers each; wrk -t1 -c{CONNECTIONS}, {WARM_UP} s "
            f"warm-up then {args.duration} s per URL; data set at scale {args.scale:g}.\n"
        )
        floor = measure(wrk, hello + "/", args.duration)
        print(
            f"{'hello world':<12} {floor['rps']:>9.1f} requests/s  ({floor['requests']} "
            "requests; the floor)"
        )
        failed = 0
        for name, path in pages.items():
            result = measure(wrk, app + path, args.duration, cookie)
            share = result["rps"] / floor["rps"] if floor["rps"] else 0.0
            ok = share >= TARGETS[name] and result["bad"] == 0 and result["requests"] > 0
            failed += not ok
            trouble = [f"{result['requests']} requests"]
            trouble += [f"{result['bad']} non-2xx/3xx"] if result["bad"] else []
            trouble += [f"socket errors: {result['errors']}"] if result["errors"] else []
            print(
                f"{name:<12} {result['rps']:>9.1f} requests/s  {share:>8.2%} of hello world "
                f"(target >= {TARGETS[name]:.0%})  {'PASS' if ok else 'FAIL'}"
                + f"  ({'; '.join(trouble)})"
            )
        print(
            textwrap.dedent(f"""
            URLs: {app}/ and {app}{pages["matrix"]} (signed in as {ADMIN_EMAIL}).""")
        )
        stop_servers()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
