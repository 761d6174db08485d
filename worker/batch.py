"""One claimed batch of jobs: run in order, settled together, the rest given back if one is slow.

A batch's outcomes are written in one transaction when it ends (a failure at once, with
what finished before it). While it runs, a watcher looks at it: once the job in hand has
run for SLOW_SECONDS, the jobs not started yet are released to pending, so another worker
(or this one, afterwards) delivers them; and no finished job waits more than
SETTLE_WITHIN to be written. One slow SMTP or Slack call never holds back the jobs
claimed with it, nor leaves their outcomes unwritten.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from db.models import OutboxJob

log = logging.getLogger("leads.worker")

SLOW_SECONDS = 1.0
SETTLE_WITHIN = 0.5  # the longest a finished job's outcome waits to be written
WATCH_EVERY = 0.1  # how often the watcher looks at the batch


@dataclass
class Outcome:
    job: OutboxJob
    error: Exception | None  # None: the job is done
    at: float = field(default_factory=time.monotonic)  # when it finished


# Writes finished outcomes and releases unstarted jobs, in one transaction.
Settle = Callable[[list[Outcome], list[OutboxJob]], None]


class Batch:
    def __init__(self, jobs: list[OutboxJob], settle: Settle) -> None:
        self._waiting = deque(jobs)
        self._finished: list[Outcome] = []
        self._released: list[OutboxJob] = []
        self._settle = settle
        self._started_at: float | None = None  # when the job in hand started
        self._started = 0  # jobs started so far
        self._lock = threading.Lock()

    def next(self, stopping: bool = False) -> OutboxJob | None:
        """The next job to run, or None when the batch is over. Once `stopping`, the jobs
        not started are given back instead; but the first always runs: from its claim
        on, it is the job in hand, and a stop lets that one finish."""
        with self._lock:
            if stopping and self._started:
                self._release_waiting()
            if not self._waiting:
                return None
            self._started += 1
            self._started_at = time.monotonic()
            return self._waiting.popleft()

    def finished(self, job: OutboxJob, error: Exception | None) -> None:
        with self._lock:
            self._finished.append(Outcome(job, error))
            self._started_at = None
        if error is not None:
            # A failure is written before the next job starts, as if it ran alone: the
            # alert it may queue then counts it, and its backoff starts now.
            self._flush()

    def hand_over(self) -> tuple[list[Outcome], list[OutboxJob]]:
        """The outcomes not written yet and the jobs given back, for the caller to write
        (with its next claim). Only once `watched()` is over: nothing else flushes then."""
        with self._lock:
            finished, released = self._finished, self._released
            self._finished, self._released = [], []
        return finished, released

    def close(self) -> None:
        """Settle whatever is not settled yet (raises if the database is unreachable)."""
        self._flush()

    @contextmanager
    def watched(self) -> Iterator[None]:
        """Watch the job in hand while the block runs (see the module's docstring)."""
        done = threading.Event()
        thread = threading.Thread(target=self._watch, args=(done,), name="leads-batch")
        thread.start()
        try:
            yield
        finally:
            done.set()
            thread.join()

    def _watch(self, done: threading.Event) -> None:
        while not done.wait(WATCH_EVERY):
            with self._lock:
                now, started = time.monotonic(), self._started_at
                slow = started is not None and now - started >= SLOW_SECONDS
                if slow:
                    self._release_waiting()
                # Delivered but not yet written: at risk of a second delivery should the
                # process die now, so never for long.
                overdue = self._finished and now - self._finished[0].at >= SETTLE_WITHIN
                if not (self._released or overdue):
                    continue
            try:
                self._flush()
            except Exception:  # kept for close(), which tries again
                log.warning("could not settle the jobs around a slow one yet", exc_info=True)

    def _release_waiting(self) -> None:
        self._released.extend(self._waiting)
        self._waiting.clear()

    def _flush(self) -> None:
        finished, released = self.hand_over()
        if not finished and not released:
            return
        try:
            self._settle(finished, released)
        except BaseException:
            with self._lock:  # nothing is forgotten: the next flush writes them
                self._finished[:0], self._released[:0] = finished, released
            raise
