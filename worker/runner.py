"""The worker loop: claim a batch of due jobs, run their handlers, settle the outcomes, repeat.

While jobs keep coming, one write transaction serves a whole batch: it writes the outcomes
of the batch before and claims this one (worker/batch.py settles early, and gives back the
jobs not started, when one job is slow)."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import partial

from flask import Flask

from db.models import OutboxJob
from service import outbox
from worker import outcomes
from worker.batch import Batch
from worker.errors import PermanentFailure, RetryLater
from worker.heartbeat import heartbeat
from worker.lanes import Lanes
from worker.thread import InProcessThread

log = logging.getLogger("leads.worker")

Handler = Callable[[OutboxJob], None]


class Worker(InProcessThread):
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
        self.lanes = Lanes()
        self._batch_hooks: list[Callable[[bool], None]] = []
        # Called whenever the loop finds nothing due (e.g. the daily retention purge).
        self.idle_tasks: list[Callable[[], None]] = []
        self._instance = uuid.uuid4().hex[:8]
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._init_thread()

    @property
    def worker_id(self) -> str:
        """Unique per process: a worker forked from a pre-loaded app gets its own id,
        so a job it lost (lease expired) can never be settled by it."""
        return f"{socket.gethostname()}:{os.getpid()}:{self._instance}"

    def register(self, kind: str, handler: Handler) -> None:
        self.handlers[kind] = handler

    def gate(self, kinds: list[str], opens_in: Callable[[], float]) -> None:
        """Claim or start jobs of `kinds` only when `opens_in()` is 0 (worker/lanes.py)."""
        self.lanes.gate(kinds, opens_in)

    def limit_batches(self, lane: str, batch_size: int) -> None:
        """At most `batch_size` jobs of `lane` (a kind's prefix) in one batch."""
        self.lanes.limit(lane, batch_size)

    def on_batch_end(self, hook: Callable[[bool], None]) -> None:
        """Call `hook(idle)` after each batch, idle=True when nothing was due: handlers
        that keep something open across a batch (an SMTP connection) close it there."""
        self._batch_hooks.append(hook)

    def runnable_kinds(self) -> list[str]:
        """The kinds with a handler whose gate (if any) is open now."""
        return self.lanes.runnable(sorted(self.handlers))

    # -- running jobs -------------------------------------------------------------------

    def run_once(self, limit: int = outbox.BATCH_SIZE) -> int:
        """Claim up to `limit` due jobs of one lane and run them; returns how many ran.
        Their outcomes are written before it returns."""
        claimed = self._claim(limit)
        ran = 0
        if claimed:
            current, ran = self._run_batch(claimed)
            current.close()
        self._batch_ended(idle=not claimed)
        return ran

    def run_while_busy(self) -> int:
        """Run batches until nothing is due; returns how many jobs ran. Each batch's
        outcomes are written in the transaction that claims the next batch (one write,
        and one fsync, per batch instead of two); all are written before it returns."""
        ran, claimed = 0, self._claim(outbox.BATCH_SIZE)
        while claimed:
            current, count = self._run_batch(claimed)
            ran += count
            limit = 0 if self._stop.is_set() else outbox.BATCH_SIZE
            claimed = outcomes.settle(
                self, *current.hand_over(), then=partial(self._claim_in, limit=limit)
            )
            self._batch_ended(idle=not claimed)
        return ran

    def _batch_ended(self, idle: bool) -> None:
        for hook in self._batch_hooks:
            try:
                hook(idle)
            except Exception:
                log.warning("end-of-batch hook failed", exc_info=True)

    def _claim(self, limit: int) -> list[OutboxJob]:
        with self.app.extensions["db"].sessions.begin() as session:
            return self._claim_in(session, limit)

    def _claim_in(self, session, limit: int) -> list[OutboxJob]:
        if limit <= 0:
            return []
        claimed = outbox.claim_batch(
            session,
            worker_id=self.worker_id,
            kinds=self.runnable_kinds(),
            lease=self.lease,
            limit=limit,
            lane_limits=self.lanes.limits,
        )
        session.expunge_all()
        return claimed

    def _run_batch(self, claimed: list[OutboxJob]) -> tuple[Batch, int]:
        """Run a claimed batch; returns it (its last outcomes not written yet) and how
        many of its jobs ran."""
        ran = 0
        current = Batch(claimed, lambda done, given_back: outcomes.settle(self, done, given_back))
        with (
            self.app.app_context(),
            heartbeat(self._renew_leases, every=self.lease.total_seconds() / 3),
            current.watched(),
        ):
            while (job := current.next(self._stop.is_set())) is not None:
                current.finished(job, self._run(job))
                ran += 1
        return current, ran

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
        """Run due jobs until none is left (or `limit`); returns how many ran. Due jobs
        behind a shut gate are waited for (a post's slot), as their handler would have."""
        ran = 0
        while ran < limit:
            if batch := self.run_once(min(outbox.BATCH_SIZE, limit - ran)):
                ran += batch
                continue
            opening = self.lanes.soonest_opening()
            if opening is None or not self._due(self.lanes.gated(sorted(self.handlers))):
                return ran
            time.sleep(opening)
        return ran

    def _due(self, kinds: list[str]) -> bool:
        with self.app.extensions["db"].reads() as session:
            return outbox.any_due(session, kinds)

    def run_forever(self) -> None:
        """Run until `stop()`: the job in hand always finishes first."""
        while not self._stop.is_set():
            try:
                busy = self.run_while_busy() > 0
                for task in [] if busy else self.idle_tasks:
                    task()
            except Exception:
                log.exception("worker loop error; retrying shortly")
                busy = False
            if not busy:
                opening = self.lanes.soonest_opening()  # e.g. Slack's next post slot
                self._wake.wait(min(self.poll_seconds, opening or self.poll_seconds))
                self._wake.clear()
