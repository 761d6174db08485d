"""The worker loop: claim a batch of due jobs, run their handlers, settle the outcomes, repeat.

Two write transactions serve a whole batch: the claim and the settlement (worker/batch.py
settles early, and gives back the jobs not started, when one job is slow)."""

from __future__ import annotations

import atexit
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from datetime import timedelta

from flask import Flask

from db.models import OutboxJob
from service import outbox
from worker import outcomes
from worker.batch import Batch
from worker.errors import PermanentFailure, RetryLater
from worker.heartbeat import heartbeat

log = logging.getLogger("leads.worker")

Handler = Callable[[OutboxJob], None]


def _open(gate: Callable[[], bool]) -> bool:
    """A gate that cannot answer lets its jobs through: they wait in the handler if need
    be, which is what they did before gates existed."""
    try:
        return bool(gate())
    except Exception:
        log.warning("a worker gate failed; running its jobs anyway", exc_info=True)
        return True


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
        self._gates: dict[str, Callable[[], bool]] = {}
        self._batch_hooks: list[Callable[[bool], None]] = []
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

    def gate(self, kinds: list[str], can_run_now: Callable[[], bool]) -> None:
        """Claim jobs of `kinds` only while `can_run_now()` (e.g. not while Slack has
        paused the channel after a 429): the claim then never reads them."""
        for kind in kinds:
            self._gates[kind] = can_run_now

    def on_batch_end(self, hook: Callable[[bool], None]) -> None:
        """Call `hook(idle)` after each batch, idle=True when nothing was due: handlers
        that keep something open across a batch (an SMTP connection) close it there."""
        self._batch_hooks.append(hook)

    def _can_run(self, job: OutboxJob) -> bool:
        gate = self._gates.get(job.kind)
        return gate is None or _open(gate)

    def runnable_kinds(self) -> list[str]:
        """The kinds with a handler whose gate (if any) is open now."""
        verdicts = {gate: _open(gate) for gate in set(self._gates.values())}  # each asked once
        shut = {kind for kind, gate in self._gates.items() if not verdicts[gate]}
        return [kind for kind in sorted(self.handlers) if kind not in shut]

    # -- running jobs -------------------------------------------------------------------

    def run_once(self, limit: int = outbox.BATCH_SIZE) -> int:
        """Claim up to `limit` due jobs and run them; returns how many ran (0: none due)."""
        with self.app.extensions["db"].sessions.begin() as session:
            claimed = outbox.claim_batch(
                session,
                worker_id=self.worker_id,
                kinds=self.runnable_kinds(),
                lease=self.lease,
                limit=limit,
            )
            session.expunge_all()
        ran = self._run_batch(claimed) if claimed else 0
        for hook in self._batch_hooks:
            try:
                hook(not claimed)
            except Exception:
                log.warning("end-of-batch hook failed", exc_info=True)
        return ran

    def _run_batch(self, claimed: list[OutboxJob]) -> int:
        ran = 0
        current = Batch(claimed, lambda done, given_back: outcomes.settle(self, done, given_back))
        with (
            self.app.app_context(),
            heartbeat(self._renew_leases, every=self.lease.total_seconds() / 3),
            current.watched(),
        ):
            while (job := current.next(self._stop.is_set(), self._can_run)) is not None:
                current.finished(job, self._run(job))
                ran += 1
        current.close()
        return ran

    def _renew_leases(self) -> int:
        with self.app.extensions["db"].sessions.begin() as session:
            return outbox.renew_leases(session, self.worker_id, self.lease)

    def _run(self, job: OutboxJob) -> Exception | None:
        """Run one job's handler; returns what it raised, None when it succeeded."""
        try:
            self.handlers[job.kind](job)
        except Exception as exc:
            if not isinstance(exc, RetryLater | PermanentFailure):
                # The exception type and where, not its text: it may quote personal data.
                log.warning("job=%s kind=%s raised %s", job.id, job.kind, type(exc).__name__)
            return exc
        return None

    def drain(self, limit: int = 1000) -> int:
        """Run due jobs until none is left (or `limit`); returns how many ran."""
        ran = 0
        while ran < limit and (batch := self.run_once(min(outbox.BATCH_SIZE, limit - ran))):
            ran += batch
        return ran

    def run_forever(self) -> None:
        """Run until `stop()`: the job in hand always finishes first."""
        while not self._stop.is_set():
            try:
                busy = self.run_once() > 0
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
