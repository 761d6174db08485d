"""The outbox: jobs written with the rows that cause them, claimed by workers with a lease
(service/outbox_claim.py), settled only by the worker that still holds them."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from db.models import JobStatus, OutboxJob
from db.types import utcnow
from service.outbox_claim import (  # noqa: F401 - the outbox's verbs, in one place
    BATCH_SIZE,
    any_due,
    claim_batch,
    claim_next,
    due,
    release,
    update_held,
)

# Built once: enqueue runs in every submission's transaction.
INSERT_JOB = insert(OutboxJob.__table__).returning(OutboxJob.__table__.c.id)
BACKOFF_FIRST = timedelta(seconds=5)
BACKOFF_CAP = timedelta(minutes=15)
ERROR_MAX = 2000


def enqueue(
    session: Session,
    kind: str,
    lead_id: int | None,
    payload: dict[str, Any] | None = None,
    *,
    now: datetime | None = None,
    delay: timedelta = timedelta(0),
) -> int:
    """Queue a job in the caller's transaction; returns its id."""
    now = now or utcnow()
    values = {
        "kind": kind,
        "lead_id": lead_id,
        "payload": payload or {},
        "status": JobStatus.PENDING,
        "attempts": 0,
        "next_attempt_at": now + delay,
        "created_at": now,
        "updated_at": now,
    }
    return session.scalar(INSERT_JOB, values)


def renew_leases(
    session: Session, worker_id: str, lease: timedelta, now: datetime | None = None
) -> int:
    """Extend the lease of every job this worker is running; returns how many.

    A worker renews while it works, so a lease can be short (a dead worker's job comes
    back within seconds) without a slow Slack or SMTP call ever letting another worker
    take a job that is still in hand.
    """
    now = now or utcnow()
    result = session.execute(
        update(OutboxJob)
        .where(OutboxJob.claimed_by == worker_id, OutboxJob.status == JobStatus.RUNNING)
        .values(lease_until=now + lease)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def _settle(session: Session, job_id: int, worker_id: str, **values: Any) -> bool:
    """Apply `values` if this worker still holds the job; False if its lease was lost."""
    result = session.execute(
        update(OutboxJob)
        .where(
            OutboxJob.id == job_id,
            OutboxJob.claimed_by == worker_id,
            OutboxJob.status == JobStatus.RUNNING,
        )
        .values(lease_until=None, **values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def complete_many(
    session: Session, job_ids: list[int], worker_id: str, now: datetime | None = None
) -> int:
    """Mark done, in one statement, the jobs of `job_ids` this worker still holds."""
    if not job_ids:
        return 0
    now = now or utcnow()
    done = {"status": JobStatus.DONE, "finished_at": now, "updated_at": now}
    return update_held(session, job_ids, worker_id, lease_until=None, last_error=None, **done)


def complete(session: Session, job_id: int, worker_id: str, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return _settle(
        session,
        job_id,
        worker_id,
        status=JobStatus.DONE,
        finished_at=now,
        updated_at=now,
        last_error=None,
    )


def fail(
    session: Session, job_id: int, worker_id: str, error: str, now: datetime | None = None
) -> bool:
    now = now or utcnow()
    return _settle(
        session,
        job_id,
        worker_id,
        status=JobStatus.FAILED,
        finished_at=now,
        updated_at=now,
        last_error=error[:ERROR_MAX],
    )


def retry_later(
    session: Session,
    job: OutboxJob,
    worker_id: str,
    error: str,
    *,
    max_age: timedelta,
    delay: timedelta | None = None,
    now: datetime | None = None,
) -> str:
    """Schedule another attempt, or fail the job once it has been retried for `max_age`."""
    now = now or utcnow()
    started = job.first_attempt_at or now
    if now - started >= max_age:
        fail(session, job.id, worker_id, f"gave up after {job.attempts} attempts: {error}", now)
        return JobStatus.FAILED
    wait = delay if delay is not None else backoff(job.attempts)
    _settle(
        session,
        job.id,
        worker_id,
        status=JobStatus.PENDING,
        next_attempt_at=now + wait,
        updated_at=now,
        last_error=error[:ERROR_MAX],
    )
    return JobStatus.PENDING


def backoff(attempts: int, rng: random.Random | None = None) -> timedelta:
    """Exponential backoff with jitter: 5 s, 10 s, 20 s … capped at 15 minutes."""
    rng = rng or random
    ceiling = min(BACKOFF_CAP, BACKOFF_FIRST * (2 ** max(attempts - 1, 0)))
    return ceiling * (0.5 + rng.random() / 2)
