"""Before/after figures of one source tree, for a side-by-side table:
`python -m bench.peer_table [--tree PATH] [--seconds 30] [--database-url URL]`.

The app whose source is PATH (default: this repository; an older checkout of it works
too) runs as deployed: gunicorn, 2 sync processes, the delivery worker a thread in each,
started by this venv's python with cwd=PATH and PYTHONPATH=PATH, on a fresh database
(SQLite file, or a PostgreSQL schema with --database-url) migrated by PATH's own
`flask --app web db upgrade`. Only settings both trees understand are set; Slack is not
configured (its cards wait). One load generator: 16 closed-loop clients, each iteration
GET / (CSRF token and cookie) then POST / with the same 50 KB PDF and a new address;
3 s of warm-up, then the window: the load lasts warm-up + window.

- submissions/s: POSTs answered 303 within the window, per second of it;
- full-flow p99: GET / + POST / seconds of the submissions answered in the window;
- server CPU per submission: utime + stime of the gunicorn process tree (master and
  workers) from the start of the load until the last email of the load has arrived,
  divided by every submission accepted during the load, warm-up included;
- emails delivered by the end of the load: arrived at the SMTP sink, of 2 (confirmation,
  attorney notice) per accepted submission;
- time to deliver the rest: seconds from the end of the load to the last of them;
- GET /healthz, 16 clients for 10 s on the same server afterwards: req/s and p99.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from bench.delivery import cpu_seconds
from bench.form_client import healthz_step, post_form
from bench.load import closed_loop, percentiles
from bench.memory import process_tree
from bench.stack import GUNICORN_ARGS, GUNICORN_WORKERS, fresh_database
from tests.support.app_process import REPO_ROOT, AppProcess
from tests.support.files import pdf_bytes
from tests.support.smtp import SMTPServer

CLIENTS = 16
WARMUP_SECONDS = 3.0
HEALTH_SECONDS = 10.0
DRAIN_TIMEOUT = 600.0
RESUME = pdf_bytes(50 * 1024)


def app_env(tree: Path, url: str, smtp_port: int) -> dict[str, str]:
    # Variables read alike by this tree and by 7dfc32e (config/settings.py, README).
    return {
        "PYTHONPATH": str(tree),
        "LEADS_ENV": "production",
        "SECRET_KEY": "peer-table-secret-key-long-enough-for-production",
        "DATABASE_URL": url,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
        "ATTORNEY_EMAIL": "partner@example.com",
        "WORKER_IN_PROCESS": "true",
        "FORM_RATE_LIMIT": "1000000/minute",
    }


@contextmanager
def served(tree: Path, database_url: str | None):
    """The app of `tree` under gunicorn, and the SMTP sink its emails go to."""
    with (
        tempfile.TemporaryDirectory(prefix="leads-peer-") as tmp,
        fresh_database(database_url, tmp) as url,
    ):
        sink = SMTPServer()  # parses a message only when asked: counting costs nothing
        sink.start()
        env = app_env(tree, url, sink.port)
        workers, args = GUNICORN_WORKERS, GUNICORN_ARGS
        web = AppProcess(Path(tmp), env, gunicorn_workers=workers, gunicorn_args=args, root=tree)
        try:
            with web:
                yield web, sink
        finally:
            sink.stop()


def tree_cpu(pid: int) -> tuple[float, frozenset[int]]:
    """CPU seconds of `pid` and its descendants, and which processes they were."""
    pids, total = process_tree(pid), 0.0
    for each in pids:
        with contextlib.suppress(FileNotFoundError):
            total += cpu_seconds(each)
    return total, frozenset(pids)


def submission_load(port: int, window: float) -> dict:
    """The closed loop; `done` holds (time of the 303, seconds of GET + POST) of each."""
    done: list[tuple[float, float]] = []
    run = uuid.uuid4().hex[:8]

    def step(connection, worker: int, n: int) -> float:
        started = time.monotonic()
        _post_seconds, answered = post_form(connection, f"{run}-{worker}-{n}@example.com", RESUME)
        done.append((answered, answered - started))
        return answered - started

    result = closed_loop(port, step, CLIENTS, WARMUP_SECONDS + window)
    ended = time.monotonic()
    opened = ended - result.seconds + WARMUP_SECONDS
    timed = [seconds for answered, seconds in done if opened <= answered < opened + window]
    return {
        "accepted": len(done),
        "errors": result.errors,
        "per_second": round(len(timed) / window, 1),
        "ended": ended,
        **percentiles(timed),
    }


def wait_for(sink: SMTPServer, expected: int) -> float | None:
    """When the `expected`-th email arrived; None if not within DRAIN_TIMEOUT."""
    deadline = time.monotonic() + DRAIN_TIMEOUT
    while len(sink.arrivals) < expected:
        if time.monotonic() > deadline:
            return None
        time.sleep(0.05)
    return sink.arrivals[expected - 1] if expected else 0.0


def measure(tree: Path, window: float, database_url: str | None) -> dict:
    with served(tree, database_url) as (web, sink):
        cpu_before, pids_before = tree_cpu(web.process.pid)
        load = submission_load(web.port, window)
        expected, ended = 2 * load["accepted"], load.pop("ended")
        delivered_by_end = len(sink.arrivals)
        last = wait_for(sink, expected)
        cpu_after, pids_after = tree_cpu(web.process.pid)
        health = closed_loop(web.port, healthz_step, CLIENTS, HEALTH_SECONDS).summary()
    cpu_ms = (cpu_after - cpu_before) * 1000 / max(1, load["accepted"])
    return {
        "tree": str(tree),
        "commit": commit_of(tree),
        "window_seconds": window,
        "load": load,
        "cpu_ms_per_submission": round(cpu_ms, 2) if last and load["accepted"] else None,
        "server_processes_replaced": pids_before != pids_after,  # a lost worker's CPU
        "emails_expected": expected,
        "emails_by_end_of_load": delivered_by_end,
        "rest_delivered_after_s": None if last is None else round(max(0.0, last - ended), 1),
        "healthz_c16": {key: health[key] for key in ("per_second", "p99_ms", "errors")},
    }


def commit_of(tree: Path) -> str:
    command = ["git", "-C", str(tree), "rev-parse", "--short", "HEAD"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    return result.stdout.strip() or "?"


def table(f: dict) -> str:
    load, health = f["load"], f["healthz_c16"]
    rest = f["rest_delivered_after_s"]
    rows = [
        (f"submissions/s ({f['window_seconds']:g} s window)", f"{load['per_second']:,}"),
        ("full-flow p99 (GET form + POST)", f"{load['p99_ms']} ms"),
        ("server CPU per submission, its two emails included",
         f"{f['cpu_ms_per_submission']} ms"),
        (f"emails delivered by the end of the {f['window_seconds'] + WARMUP_SECONDS:g} s load",
         f"{f['emails_by_end_of_load']:,} of {f['emails_expected']:,}"),
        ("time to deliver the rest afterwards",
         f"{rest} s" if rest is not None else f"not within {DRAIN_TIMEOUT:g} s"),
        ("health endpoint (GET /healthz), c=16",
         f"{health['per_second']:,} req/s (p99 {health['p99_ms']} ms)"),
    ]  # fmt: skip
    lines = [f"| | leads ({f['commit']}) |", "|---|---|"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    if load["errors"] or health["errors"] or f["server_processes_replaced"]:
        lines.append(f"(errors: load {load['errors']}, healthz {health['errors']}; "
                     f"server processes replaced: {f['server_processes_replaced']})")  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", type=Path, default=REPO_ROOT, help="default: this repo")
    parser.add_argument("--seconds", type=float, default=30.0, help="the measured window")
    parser.add_argument("--database-url", help="PostgreSQL; default: a fresh SQLite file")
    args = parser.parse_args()
    figures = measure(args.tree.resolve(), args.seconds, args.database_url)
    print(table(figures))
    print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
