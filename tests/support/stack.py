"""The real deployment shape on loopback, for the resilience and hostile-input suites:
gunicorn web processes, separate `flask worker` processes, a fresh database, the Slack
emulator and an SMTP server.

On SQLite: two web processes and one worker. On PostgreSQL (TEST_DATABASE_URL): four web
processes and three workers, the scaled-out shape.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, func, select

from db.models import JobStatus, Lead, OutboxJob
from tests.support.app_process import AppProcess
from tests.support.slack_emulator import SlackEmulator
from tests.support.slack_requests import CHANNEL, SIGNING_SECRET
from tests.support.smtp import SMTPServer
from tests.support.worker_process import WorkerProcess

# Each pytest-xdist worker (gw0, gw1, …; none: gw0) has two Redis databases of its own: one
# for its stacks, one for in-process tests (two app instances sharing a cache, say), so no
# test meets the keys of another running at the same time.
_XDIST_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
REDIS_URL = f"redis://127.0.0.1:6379/{2 * _XDIST_WORKER}"
TEST_REDIS_URL = f"redis://127.0.0.1:6379/{2 * _XDIST_WORKER + 1}"
SHAPES = {"sqlite": (2, 1), "postgresql": (4, 3)}  # (web processes, worker processes)


@dataclass
class Stack:
    web: AppProcess
    workers: list[WorkerProcess]
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

    def signal_workers(self, sig: int) -> None:
        for worker in self.workers:
            worker.signal(sig)
        for worker in self.workers:
            worker.wait(15)

    def start_workers(self, wait: bool = False) -> None:
        for worker in self.workers:
            worker.start()
        if wait:  # until each has its signal handlers and says it is running
            self.wait(
                lambda: all("running; kinds:" in w.output() for w in self.workers),
                "the workers to start",
                timeout=30,
            )

    def stop(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.web.stop()

    def wait(self, condition: Callable[[], bool], what: str, timeout: float = 60.0) -> float:
        """Poll until `condition()`; return the seconds it took."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if condition():
                return time.monotonic() - started
            time.sleep(0.1)
        logs = "".join(f"\n--- {w.log_path.name} ---\n{w.output()[-3000:]}" for w in self.workers)
        raise AssertionError(
            f"{what} within {timeout:.0f} s\n--- web ---\n{self.web.output()[-3000:]}{logs}"
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
        # Reminders would wait in the outbox for an hour; tests/test_reminders.py has them.
        "REMIND_UNCLAIMED_MINUTES": "0",
        "REMIND_PENDING_MINUTES": "0",
    }


def redis_available(url: str = REDIS_URL) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_timeout=1).ping())
    except redis.exceptions.RedisError:
        return False


def start_stack(
    tmp_path: Path, kind: str, database_url: str, *, slack_down: bool = False, **env: str
) -> Stack:
    web_processes, worker_processes = SHAPES[kind]
    slack = SlackEmulator().start()
    if slack_down:
        slack.down()
    slack.add_user("U0MEMBER", name="member")
    smtp = SMTPServer()
    smtp.start()
    full_env = {**stack_env(slack, smtp), "DATABASE_URL": database_url}
    if kind == "postgresql" and redis_available():
        # The scaled-out configuration: rate limits, membership cache and post spacing
        # shared through Redis.
        full_env.update(CACHE_URL=REDIS_URL, RATELIMIT_STORAGE_URI=REDIS_URL)
    full_env.update(env)
    web = AppProcess(tmp_path, full_env, gunicorn_workers=web_processes)
    workers = [WorkerProcess(web, f"worker{n}") for n in range(worker_processes)]
    stack = Stack(web=web, workers=workers, slack=slack, smtp=smtp, db=create_engine(database_url))
    web.start()
    stack.start_workers(wait=True)
    return stack
