"""The real deployment shape on loopback: gunicorn with two workers, a separate
`flask worker`, a fresh SQLite file, the Slack emulator and an SMTP server."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, func, select

from db.models import JobStatus, Lead, OutboxJob
from tests.support.app_process import AppProcess, WorkerProcess
from tests.support.slack_emulator import SlackEmulator
from tests.support.slack_requests import CHANNEL, SIGNING_SECRET
from tests.support.smtp import SMTPServer

pytestmark = pytest.mark.resilience


@dataclass
class Stack:
    web: AppProcess
    worker: WorkerProcess
    slack: SlackEmulator
    smtp: SMTPServer
    db: Engine

    def cards(self) -> list[dict]:
        return [m for m in self.slack.messages(CHANNEL) if "thread_ts" not in m]

    def count(self, model, *where) -> int:
        with self.db.connect() as connection:
            return connection.scalar(select(func.count()).select_from(model).where(*where))

    def leads(self) -> int:
        return self.count(Lead)

    def unfinished_jobs(self) -> int:
        return self.count(OutboxJob, OutboxJob.status.in_([JobStatus.PENDING, JobStatus.RUNNING]))

    def wait(self, condition: Callable[[], bool], what: str, timeout: float = 60.0) -> float:
        """Poll until `condition()`; return the seconds it took."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if condition():
                return time.monotonic() - started
            time.sleep(0.1)
        raise AssertionError(
            f"{what} within {timeout:.0f} s\n--- web ---\n{self.web.output()[-4000:]}"
            f"\n--- worker ---\n{self.worker.output()[-4000:]}"
        )


def stack_env(slack: SlackEmulator, smtp: SMTPServer) -> dict[str, str]:
    return {
        "SECRET_KEY": "resilience-secret",
        "SLACK_BOT_TOKEN": slack.token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_LEADS_CHANNEL": CHANNEL,
        "SLACK_API_URL": slack.api_url,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp.port),
        "WORKER_IN_PROCESS": "false",
        "FORM_RATE_LIMIT": "100000/minute",
        # A killed worker's job comes back after this; production uses minutes.
        "OUTBOX_LEASE_SECONDS": "5",
        "WORKER_POLL_SECONDS": "0.2",
    }


@pytest.fixture
def stack(tmp_path: Path):
    slack = SlackEmulator().start()
    slack.add_user("U0MEMBER", name="member")
    smtp = SMTPServer()
    smtp.start()
    web = AppProcess(tmp_path, stack_env(slack, smtp), gunicorn_workers=2)
    worker = WorkerProcess(web)
    engine = create_engine(f"sqlite:///{tmp_path / 'leads.sqlite3'}")
    try:
        web.start()
        worker.start()
        yield Stack(web=web, worker=worker, slack=slack, smtp=smtp, db=engine)
    finally:
        worker.stop()
        web.stop()
        engine.dispose()
        smtp.stop()
        slack.stop()
