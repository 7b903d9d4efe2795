"""A throwaway PostgreSQL cluster for the test run: started on demand, removed after.

Debian's server binaries are used as the `postgres` user (root may not run them),
listening only on a Unix socket inside the cluster's own temporary folder.
"""

import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def as_postgres(*args: str) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return list(args)


@contextmanager
def throwaway_cluster(dbname: str = "planner_test"):
    """Yield a SQLAlchemy URL to a fresh database on a private cluster."""
    if not (BIN / "initdb").exists():
        raise RuntimeError(f"PostgreSQL server binaries not found in {BIN}; run `make test-deps`.")
    root = Path(tempfile.mkdtemp(prefix="planner-pg-"))
    data, socket = root / "data", root / "socket"
    socket.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(socket, "postgres")
    run = lambda *cmd: subprocess.run(as_postgres(*cmd), check=True, capture_output=True)  # noqa: E731
    try:
        run(
            str(BIN / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        options = f"-c listen_addresses='' -c unix_socket_directories={socket} -c fsync=off"
        run(
            str(BIN / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-w",
            "-l",
            str(root / "log"),
            "start",
        )
        try:
            run(str(BIN / "createdb"), "-h", str(socket), "-U", "postgres", dbname)
            yield f"postgresql+psycopg://postgres@/{dbname}?host={socket}"
        finally:
            run(str(BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)
