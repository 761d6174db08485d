"""The worker loop: claim a due job, run its handler, settle the outcome, repeat."""

from __future__ import annotations

import atexit
import logging
import os
import socket
import threading
import traceback
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from flask import Flask

from db.models import JobStatus, OutboxJob
from db.types import utcnow
from service import alerts, jobs, outbox
from worker.errors import PermanentFailure, RetryLater
from worker.heartbeat import heartbeat
from worker.redact import redact

log = logging.getLogger("leads.worker")

Handler = Callable[[OutboxJob], None]


def _where(exc: Exception) -> str:
    """An unexpected error as type and place only: its text may quote personal data
    (a database error's DETAIL repeats the row it could not write)."""
    frames = traceback.extract_tb(exc.__traceback__)
    place = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}{place}"


class Worker:
    def __init__(
        self,
        app: Flask,
        *,
        lease_seconds: float,
        max_age_hours: float,
        poll_seconds: float,
        alert_to: str | None = None,
    ) -> None:
        self.app = app
        self.alert_to = alert_to  # who hears of deliveries that keep failing
        self.lease = timedelta(seconds=lease_seconds)
        self.max_age = timedelta(hours=max_age_hours)
        self.poll_seconds = poll_seconds
        self.handlers: dict[str, Handler] = {}
        # Called whenever the loop finds nothing due (e.g. the daily retention purge).
        self.idle_tasks: list[Callable[[], None]] = []
        self._instance = uuid.uuid4().hex[:8]
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._thread_pid: int | None = None
        self._start_lock = threading.Lock()

    @property
    def worker_id(self) -> str:
        """Unique per process: a worker forked from a pre-loaded app gets its own id,
        so a job it lost (lease expired) can never be settled by it."""
        return f"{socket.gethostname()}:{os.getpid()}:{self._instance}"

    def register(self, kind: str, handler: Handler) -> None:
        self.handlers[kind] = handler

    # -- running jobs -------------------------------------------------------------------

    def run_once(self) -> bool:
        """Claim and run one due job. False when nothing was due."""
        sessions = self.app.extensions["db"].sessions
        with sessions.begin() as session:
            job = outbox.claim_next(
                session, worker_id=self.worker_id, kinds=sorted(self.handlers), lease=self.lease
            )
            if job is None:
                return False
            session.expunge(job)
        with self.app.app_context():
            outcome = self._run(job)
        log.info("job=%s kind=%s attempt=%s outcome=%s", job.id, job.kind, job.attempts, outcome)
        return True

    def _renew_leases(self) -> int:
        with self.app.extensions["db"].sessions.begin() as session:
            return outbox.renew_leases(session, self.worker_id, self.lease)

    def _run(self, job: OutboxJob) -> str:
        try:
            with heartbeat(self._renew_leases, every=self.lease.total_seconds() / 3):
                self.handlers[job.kind](job)
        except PermanentFailure as exc:
            return self._failed(job, redact(str(exc)))
        except Exception as exc:  # any other error is worth another try
            if not isinstance(exc, RetryLater):
                # The exception type and where, not its text: it may quote personal data.
                log.warning("job=%s kind=%s raised %s", job.id, job.kind, type(exc).__name__)
            return self._retry(job, exc)
        with self.app.extensions["db"].sessions.begin() as session:
            outbox.complete(session, job.id, self.worker_id)
        return "done"

    def _failed(self, job: OutboxJob, error: str) -> str:
        with self.app.extensions["db"].sessions.begin() as session:
            outbox.fail(session, job.id, self.worker_id, error)
            alerts.note_failure(session, job, error, alert_to=self.alert_to)
        self._log_failure(job, error, "failed for good")
        return f"failed ({error})"

    def _retry(self, job: OutboxJob, exc: Exception) -> str:
        delay = exc.delay if isinstance(exc, RetryLater) else None
        # Our own RetryLater messages carry no personal data; anything else may.
        error = redact(f"RetryLater: {exc}" if isinstance(exc, RetryLater) else _where(exc))
        now = utcnow()
        with self.app.extensions["db"].sessions.begin() as session:
            status = outbox.retry_later(
                session, job, self.worker_id, error, max_age=self.max_age, delay=delay, now=now
            )
            stuck = now - (job.first_attempt_at or now) >= alerts.STUCK_AFTER
            if status == JobStatus.FAILED or stuck:
                alerts.note_failure(session, job, error, alert_to=self.alert_to, now=now)
        if status == JobStatus.FAILED:
            self._log_failure(job, error, "gave up")
            return "failed (gave up)"
        if stuck:
            self._log_failure(job, error, "has failed for over an hour")
        return f"retry ({error})"

    def _log_failure(self, job: OutboxJob, error: str, what: str) -> None:
        if job.kind == jobs.EMAIL_ALERT:
            log.error("job=%s: an alert about failed deliveries could not be sent", job.id)
            return
        log.error(
            "job=%s kind=%s lead=%s %s: %s. Fix: %s Retry: %s",
            job.id,
            job.kind,
            job.lead_id,
            what,
            error,
            alerts.advice(error),
            alerts.RETRY_ALL,
        )

    def drain(self, limit: int = 1000) -> int:
        """Run due jobs until none is left (or `limit`); returns how many ran."""
        ran = 0
        while ran < limit and self.run_once():
            ran += 1
        return ran

    def run_forever(self) -> None:
        """Run until `stop()`: the job in hand always finishes first."""
        while not self._stop.is_set():
            try:
                busy = self.run_once()
                for task in [] if busy else self.idle_tasks:
                    task()
            except Exception:
                log.exception("worker loop error; retrying shortly")
                busy = False
            if not busy:
                self._wake.wait(self.poll_seconds)
                self._wake.clear()

    # -- the in-process thread ----------------------------------------------------------

    def ensure_started(self) -> None:
        """Start the background thread in this process if it is not running."""
        if self._thread_pid == os.getpid() and self._thread and self._thread.is_alive():
            return
        with self._start_lock:
            if self._thread_pid == os.getpid() and self._thread and self._thread.is_alive():
                return
            self._stop.clear()
            self._thread = threading.Thread(
                target=self.run_forever, name="leads-worker", daemon=True
            )
            self._thread_pid = os.getpid()
            self._thread.start()
            # On a clean exit (gunicorn's SIGTERM, Ctrl-C) let the job in hand finish.
            atexit.register(self.stop)
            log.info("delivery worker thread started (%s)", self.worker_id)

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 15.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread and self._thread_pid == os.getpid():
            self._thread.join(timeout)
