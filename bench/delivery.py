"""Delivery throughput: `python -m bench.delivery [--database-url URL] [--emails N]`.

- emails/s and CPU ms per email of ONE `flask worker` process draining a backlog of
  emails (a confirmation and an attorney notice per submission, 50 KB PDF attached to
  the notice) into the loopback SMTP server, Slack not configured (its cards wait);
- write transactions per submission: the submission's own, then the worker's to deliver
  its two emails, counted at the engine (a transaction that ran INSERT/UPDATE/DELETE);
- GET /healthz per second (c=16, gunicorn 2 sync workers) with 5,000 cards waiting.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import insert

from bench.form_client import healthz_step
from bench.load import closed_loop
from bench.stack import GUNICORN_ARGS, fresh_database
from db.migrate import upgrade
from db.models import JobStatus, OutboxJob
from db.types import utcnow
from service import jobs
from tests.support.app_process import AppProcess
from tests.support.files import pdf_bytes
from tests.support.form import post_application
from tests.support.smtp import SMTPServer
from tests.support.worker_process import WorkerProcess
from tests.support.write_counter import WriteCounter
from web import create_app

RESUME = pdf_bytes(50 * 1024)
WAITING_CARDS = 5000
TICK = os.sysconf("SC_CLK_TCK")


@contextmanager
def seeded_app(tmp: Path, url: str, smtp: SMTPServer, submissions: int):
    env = {
        "DATABASE_URL": url,
        "SECRET_KEY": "bench-secret",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp.port),
        "ATTORNEY_EMAIL": "partner@example.com",
        "WORKER_IN_PROCESS": "false",
        "FORM_RATE_LIMIT": "1000000/minute",
        "WORKER_POLL_SECONDS": "0.2",
    }
    process = AppProcess(tmp, env)  # its environment, for the worker process
    app = create_app({**env, "LEADS_ENV": "testing", "INSTANCE_PATH": str(tmp)})
    upgrade(app.extensions["db"].engine)
    client = app.test_client()
    for n in range(submissions):
        post_application(client, email=f"backlog{n}@example.com", resume=(RESUME, "cv.pdf"))
    try:
        yield app, process
    finally:
        app.extensions["db"].engine.dispose()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def worker_rate(url: str, tmp: Path, emails: int) -> dict:
    smtp = SMTPServer()
    smtp.start()
    try:
        with seeded_app(tmp, url, smtp, emails // 2) as (_app, process):
            worker = WorkerProcess(process)
            worker.start()
            marks = _watch(smtp, worker.process.pid, emails)
            worker.stop()
    finally:
        smtp.stop()
    (t0, cpu0), (t1, cpu1) = marks
    delivered = emails - 1  # counted from the first arrival to the last
    return {
        "emails": emails,
        "emails_per_second": round(delivered / (t1 - t0), 1),
        "cpu_ms_per_email": round((cpu1 - cpu0) * 1000 / delivered, 2),
    }


def _watch(smtp: SMTPServer, pid: int, emails: int, timeout: float = 600) -> list:
    marks: list[tuple[float, float]] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        count = len(smtp.arrivals)
        if count >= 1 and not marks:
            marks.append((smtp.arrivals[0], cpu_seconds(pid)))
        if count >= emails:
            marks.append((smtp.arrivals[emails - 1], cpu_seconds(pid)))
            return marks
        time.sleep(0.01)
    raise RuntimeError(f"only {len(smtp.arrivals)} of {emails} emails arrived")


def writes_per_submission(url: str, tmp: Path, submissions: int = 100) -> dict:
    smtp = SMTPServer()
    smtp.start()
    try:
        with seeded_app(tmp, url, smtp, 0) as (app, _process):
            counter = WriteCounter(app.extensions["db"].engine)
            client = app.test_client()
            for n in range(submissions):
                post_application(client, email=f"w{n}@example.com", resume=(RESUME, "cv.pdf"))
            submit = counter.writes
            app.extensions["worker"].drain(limit=10 * submissions)
            smtp.wait_for(2 * submissions, timeout=120)
    finally:
        smtp.stop()
    return {
        "submit": round(submit / submissions, 2),
        "deliver_two_emails": round((counter.writes - submit) / submissions, 2),
        "total": round(counter.writes / submissions, 2),
    }


def healthz_rate(url: str, tmp: Path, duration: float = 5.0) -> dict:
    now = utcnow()
    with seeded_app(tmp, url, SMTPServer(), 0) as (app, _process):
        with app.extensions["db"].sessions.begin() as session:
            session.execute(
                insert(OutboxJob.__table__),
                [
                    {"kind": jobs.SLACK_CARD, "status": JobStatus.PENDING, "attempts": 0,
                     "payload": {}, "next_attempt_at": now, "created_at": now,
                     "updated_at": now}
                    for _ in range(WAITING_CARDS)
                ],
            )  # fmt: skip
        env = {"DATABASE_URL": url, "SECRET_KEY": "bench-secret", "WORKER_IN_PROCESS": "false"}
        with AppProcess(tmp / "web", env, gunicorn_workers=2, gunicorn_args=GUNICORN_ARGS) as web:
            closed_loop(web.port, healthz_step, 16, 1.0)  # warm up
            return closed_loop(web.port, healthz_step, 16, duration).summary()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--emails", type=int, default=1000)
    args = parser.parse_args()
    results = {}
    steps = {
        "worker": lambda url, tmp: worker_rate(url, tmp, args.emails),
        "writes_per_submission": writes_per_submission,
        "healthz_c16_with_5000_waiting": healthz_rate,
    }
    for name, step in steps.items():
        with (
            tempfile.TemporaryDirectory(prefix="leads-delivery-") as tmp,
            fresh_database(args.database_url, tmp) as url,
        ):
            results[name] = step(url, Path(tmp))
        print(name, json.dumps(results[name]), flush=True)


if __name__ == "__main__":
    main()
