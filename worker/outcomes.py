"""Writing what became of a batch's jobs: done, failed for good, retried later, or given
back unstarted; with the delivery alerts and log lines that go with a failure.

One transaction a call (which may claim the next batch too: worker/runner.py). A job's
outcome is written only while the worker still holds it (service/outbox.py): a job whose
lease was lost belongs to another worker now.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy.orm import Session

from db.models import JobStatus, OutboxJob
from db.types import utcnow
from service import alerts, jobs, outbox
from worker.batch import Outcome
from worker.errors import PermanentFailure, RetryLater
from worker.redact import redact

log = logging.getLogger("leads.worker")
T = TypeVar("T")
Recorded = tuple[str, str | None, str | None]  # outcome, error, what to log as a failure


def settle(
    worker,
    finished: list[Outcome],
    released: list[OutboxJob],
    then: Callable[[Session], T] | None = None,
) -> T | None:
    """Write `finished` outcomes and give back `released` jobs, in one transaction; log
    each outcome once it is committed. `then(session)` runs last in that transaction
    (the next claim); what it returns is returned."""
    recorded: dict[int, Recorded] = {}
    result = None
    with worker.app.extensions["db"].sessions.begin() as session:
        done = [o.job.id for o in finished if o.error is None]
        outbox.complete_many(session, done, worker.worker_id)
        for o in finished:
            if o.error is not None:
                recorded[o.job.id] = _record(worker, session, o.job, o.error)
        outbox.release(session, [job.id for job in released], worker.worker_id)
        if then is not None:
            result = then(session)
    for o in finished:
        job = o.job
        text, error, what = recorded.get(job.id, ("done", None, None))
        log.info("job=%s kind=%s attempt=%s outcome=%s", job.id, job.kind, job.attempts, text)
        if what:
            _log_failure(job, error, what)
    return result


def _record(worker, session: Session, job: OutboxJob, exc: Exception) -> Recorded:
    if isinstance(exc, PermanentFailure):
        return _failed(worker, session, job, redact(str(exc)))
    return _retry(worker, session, job, exc)


def _failed(worker, session: Session, job: OutboxJob, error: str) -> Recorded:
    outbox.fail(session, job.id, worker.worker_id, error)
    alerts.note_failure(session, job, error, alert_to=worker.alert_to)
    return f"failed ({error})", error, "failed for good"


def _retry(worker, session: Session, job: OutboxJob, exc: Exception) -> Recorded:
    delay = exc.delay if isinstance(exc, RetryLater) else None
    # Our own RetryLater messages carry no personal data; anything else may.
    error = redact(f"RetryLater: {exc}" if isinstance(exc, RetryLater) else _where(exc))
    now = utcnow()
    status = outbox.retry_later(
        session, job, worker.worker_id, error, max_age=worker.max_age, delay=delay, now=now
    )
    stuck = now - (job.first_attempt_at or now) >= alerts.STUCK_AFTER
    if status == JobStatus.FAILED or stuck:
        alerts.note_failure(session, job, error, alert_to=worker.alert_to, now=now)
    if status == JobStatus.FAILED:
        return "failed (gave up)", error, "gave up"
    return f"retry ({error})", error, "has failed for over an hour" if stuck else None


def _where(exc: Exception) -> str:
    """An unexpected error as type and place only: its text may quote personal data
    (a database error's DETAIL repeats the row it could not write)."""
    frames = traceback.extract_tb(exc.__traceback__)
    place = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}{place}"


def _log_failure(job: OutboxJob, error: str, what: str) -> None:
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
