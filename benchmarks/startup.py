"""How long the app takes to start: import + create_app(), and `planner run`'s first response.

Each figure is a fresh Python process, timed from launch, side by side with a bare Flask app
in the same run (the floor: what Python and Flask alone cost on this machine), with the
package's bytecode compiled beforehand as an installed package's is:

  * `import planner; planner.create_app()`, timed inside a fresh interpreter (target: under
    0.6 s);
  * `planner run` until its first HTTP response to the sign-in page (target: under 1 s);
  * which heavy modules the app imports at start-up (WeasyPrint, Alembic, openpyxl, ...:
    none should be, they are imported where they are used).

Run from the repository's root: .venv/bin/python benchmarks/startup.py
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

HEAVY = (
    "weasyprint",
    "alembic",
    "flask_migrate",
    "openpyxl",
    "icalendar",
    "PIL",
    "pypdf",
    "flask_mailman",
)

# Each prints how long its own import and app creation took, in a fresh interpreter (the
# interpreter's own start and exit are the same for both and not part of the figure).
TIMED = "import time; started = time.perf_counter()\n{}\nprint(time.perf_counter() - started)"
APP_START = TIMED.format("import planner; planner.create_app()")
BARE_START = TIMED.format("import flask; app = flask.Flask('hello'); app.get('/')(lambda: 'hi')")
BARE_SERVER = """
import sys, flask
app = flask.Flask('hello')
app.get('/login')(lambda: 'hello')
app.run(host='127.0.0.1', port=int(sys.argv[1]))
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time the app's start-up (import + create_app, and `planner run` until its "
        "first response) against a bare Flask app, and list heavy modules loaded at start."
    )
    parser.add_argument("--runs", type=int, default=10, help="processes per figure (10)")
    return parser.parse_args()


def timed(command: list[str], env: dict) -> float:
    """The seconds the command reports for itself."""
    done = subprocess.run(command, check=True, env=env, cwd=ROOT, capture_output=True, text=True)
    return float(done.stdout.split()[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_response(command: list[str], port: int, env: dict) -> float:
    """Seconds from launching `command` until http://127.0.0.1:port/login answers."""
    start = time.perf_counter()
    server = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as r:
                    r.read()
                return time.perf_counter() - start
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError(f"{command[0]} exited with {server.returncode}") from None
                time.sleep(0.005)
    finally:
        server.terminate()
        server.wait()


def summary(name: str, figures: list[float], floor: list[float], target: float | None) -> None:
    median, floor_median = statistics.median(figures), statistics.median(floor)
    verdict = "" if target is None else ("  PASS" if median < target else "  FAIL")
    goal = "" if target is None else f" (target < {target:.1f} s)"
    print(
        f"{name:<34} median {median:6.3f} s  min {min(figures):6.3f}  max {max(figures):6.3f}"
        f"   bare Flask {floor_median:6.3f} s  ({median / floor_median:4.1f}x){goal}{verdict}"
    )


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory() as instance:
        env = {**os.environ, "PLANNER_INSTANCE_PATH": instance}
        env.pop("DATABASE_URL", None)
        python = sys.executable
        # Bytecode written first, as for any installed package (pip compiles what it installs;
        # an editable checkout writes __pycache__ on its first run, unless the environment says
        # PYTHONDONTWRITEBYTECODE): the figures are start-ups, not compilations of the source.
        subprocess.run([python, "-m", "compileall", "-q", str(ROOT / "planner")], check=True)
        subprocess.run(
            [str(BIN / "planner"), "db", "upgrade"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )

        loaded = subprocess.run(
            [
                python,
                "-c",
                "import planner, sys; planner.create_app(); print(' '.join(sys.modules))",
            ],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        heavy = sorted({m.split(".")[0] for m in loaded if m.split(".")[0] in HEAVY})

        app = [timed([python, "-c", APP_START], env) for _ in range(args.runs)]
        bare = [timed([python, "-c", BARE_START], env) for _ in range(args.runs)]
        served, bare_served = [], []
        for _ in range(args.runs):
            port = free_port()
            served.append(
                first_response([str(BIN / "planner"), "run", "--port", str(port)], port, env)
            )
            port = free_port()
            bare_served.append(first_response([python, "-c", BARE_SERVER, str(port)], port, env))

    print(f"start-up, {args.runs} fresh processes each, Python {sys.version.split()[0]}")
    summary("import planner + create_app()", app, bare, 0.6)
    summary("planner run, first response", served, bare_served, 1.0)
    print("heavy modules imported at start-up:", ", ".join(heavy) or "none")


if __name__ == "__main__":
    main()
