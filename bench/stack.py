"""The system under test: gunicorn as deployed on this machine, plus loopback Slack and SMTP."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.app_process import AppProcess
from tests.support.databases import postgresql_schema
from tests.support.slack_emulator import SlackEmulator
from tests.support.smtp import SMTPServer
from tests.support.stack import stack_env

# Two cores: one synchronous process per core (the delivery worker is a thread in each).
# Measured here: threaded workers (gthread) gave the same throughput with p99 five to ten
# times worse, the GIL and SQLite's lock waits stacking up behind each other.
GUNICORN_WORKERS = 2
GUNICORN_ARGS = ("--worker-class", "sync")


@dataclass
class Stack:
    web: AppProcess
    slack: SlackEmulator
    smtp: SMTPServer
    database_url: str

    @property
    def port(self) -> int:
        return self.web.port


@contextmanager
def fresh_database(database_url: str | None, tmp: str):
    """A fresh SQLite file, or a fresh schema in the PostgreSQL database named."""
    if database_url and database_url.startswith("postgresql"):
        with postgresql_schema(database_url) as url:
            yield url
    else:
        yield database_url or f"sqlite:///{Path(tmp) / 'leads.sqlite3'}"


@contextmanager
def running_stack(database_url: str | None = None, extra_env: dict | None = None):
    with (
        tempfile.TemporaryDirectory(prefix="leads-bench-", dir=os.environ.get("BENCH_TMP")) as tmp,
        fresh_database(database_url, tmp) as url,
    ):
        slack = SlackEmulator().start()
        slack.add_user("U0MEMBER", name="member")
        smtp = SMTPServer()
        smtp.start()
        env = {
            **stack_env(slack, smtp),
            # As deployed by default: the delivery worker is a thread in each web process.
            "WORKER_IN_PROCESS": "true",
            "OUTBOX_LEASE_SECONDS": "120",
            "WORKER_POLL_SECONDS": "1.0",
            "DATABASE_URL": url,
            **(extra_env or {}),
        }
        web = AppProcess(
            Path(tmp), env, gunicorn_workers=GUNICORN_WORKERS, gunicorn_args=GUNICORN_ARGS
        )
        try:
            web.start()
            yield Stack(web=web, slack=slack, smtp=smtp, database_url=url)
        finally:
            web.stop()
            smtp.stop()
            slack.stop()
