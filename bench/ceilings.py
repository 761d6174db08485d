"""Same-machine ceilings for the form and /healthz: `python -m bench.ceilings [--duration S]`.

A minimal Flask app (bench/minimal_app.py) served by gunicorn with the real stack's
workers and arguments takes the same client's form submissions (GET / for the token,
POST the 100 KB PDF, one row committed with the app's durability) and GET /noop, at
c=16, and the bare SQLite commit loop runs for as long. The app's own figures are
printed as ratios to these (bench/report.py).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import closing, contextmanager
from pathlib import Path

from bench.form_client import get_step, submission_step
from bench.load import closed_loop
from bench.minimal_app import SCHEMA, connect
from bench.stack import GUNICORN_ARGS, GUNICORN_WORKERS
from bench.throughput import sqlite_ceiling
from tests.support.app_commands import REPO_ROOT
from tests.support.ports import free_port

CONCURRENCY = 16
START_TIMEOUT = 20.0


@contextmanager
def minimal_server(tmp: Path):
    """gunicorn serving bench.minimal_app over a fresh SQLite file; yields its port."""
    database = tmp / "minimal.sqlite3"
    with closing(connect(str(database))) as connection:  # before the workers start: no race
        connection.execute(SCHEMA)
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "bench.minimal_app:create_app()",
        "--workers", str(GUNICORN_WORKERS), "--bind", f"127.0.0.1:{port}",
        "--graceful-timeout", "10", *GUNICORN_ARGS,
    ]  # fmt: skip
    env = {**os.environ, "MINIMAL_APP_DATABASE": str(database)}
    with (tmp / "minimal.log").open("ab") as log:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=log)
    try:
        _wait_until_up(port, process)
        yield port
    finally:
        process.terminate()
        process.wait(10)


def _wait_until_up(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the minimal app exited with {process.returncode}")
        try:
            noop_step(http.client.HTTPConnection("127.0.0.1", port, timeout=2), 0, 0)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the minimal app did not answer /noop in time")


noop_step = get_step("/noop")


def measure(duration: float, directory: str | None = None, commit_loop: dict | None = None) -> dict:
    """The minimal app's form and no-op rates at c=16, and the bare SQLite commit loop
    (`commit_loop`: that loop's figures when the caller has just measured them)."""
    with (
        tempfile.TemporaryDirectory(prefix="leads-ceiling-", dir=directory) as tmp,
        minimal_server(Path(tmp)) as port,
    ):
        step = submission_step("ceiling")
        closed_loop(port, step, CONCURRENCY, 1.0)  # warm up, as the app's form step does
        form = closed_loop(port, step, CONCURRENCY, duration).summary()
        noop = closed_loop(port, noop_step, CONCURRENCY, duration).summary()
        # Every 303 stood for a committed row (the warm-up's included): checked, not assumed.
        form["rows_committed"] = _count_rows(Path(tmp) / "minimal.sqlite3")
    sqlite = commit_loop or sqlite_ceiling(duration, directory)
    return {"minimal_form": form, "minimal_noop": noop, "sqlite": sqlite}


def _count_rows(database: Path) -> int:
    with closing(connect(str(database))) as connection:
        return connection.execute("SELECT count(*) FROM leads").fetchone()[0]


def ratios(throughput: dict, ceilings: dict) -> dict:
    """The app's c=16 form and /healthz rates over the ceilings' (1.0 = at the ceiling)."""
    form = throughput["form"][-1]["per_second"]
    health = throughput["healthz"][-1]["per_second"]
    return {
        "form_vs_minimal_form": round(form / ceilings["minimal_form"]["per_second"], 2),
        "form_vs_sqlite_commits": round(form / ceilings["sqlite"]["commits_per_second"], 2),
        "healthz_vs_minimal_noop": round(health / ceilings["minimal_noop"]["per_second"], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per measurement")
    ceilings = measure(parser.parse_args().duration, os.environ.get("BENCH_TMP"))
    print(json.dumps(ceilings, indent=2))


if __name__ == "__main__":
    main()
