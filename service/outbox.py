"""The outbox: jobs written with the rows that cause them, claimed by workers with a lease.

A claim is a conditional UPDATE on a job that is due (pending and its time has come, or
running with an expired lease), so two workers never hold the same job, on SQLite or
PostgreSQL, and a crashed worker's job comes back when its lease runs out.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, insert, or_, select, update
from sqlalchemy.orm import Session

from db.models import JobStatus, OutboxJob
from db.types import utcnow

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


def due(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(OutboxJob.status == JobStatus.PENDING, OutboxJob.next_attempt_at <= now),
        and_(OutboxJob.status == JobStatus.RUNNING, OutboxJob.lease_until < now),
    )


def claim_next(
    session: Session,
    *,
    worker_id: str,
    kinds: list[str],
    lease: timedelta,
    now: datetime | None = None,
) -> OutboxJob | None:
    """Take the most overdue job of one of `kinds`, or None when nothing is due.

    PostgreSQL: the candidate row is locked FOR UPDATE SKIP LOCKED, so concurrent workers
    each take a different job without waiting on one another. SQLite has no row locks
    (the clause is left out) but runs one writer at a time (BEGIN IMMEDIATE). On both, the
    UPDATE re-checks that the job is still due, so a job is never claimed twice.
    """
    now = now or utcnow()
    job_id = session.scalar(
        select(OutboxJob.id)
        .where(due(now), OutboxJob.kind.in_(kinds))
        .order_by(OutboxJob.next_attempt_at, OutboxJob.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    if job_id is not None:
        claimed = session.execute(
            update(OutboxJob)
            .where(OutboxJob.id == job_id, due(now))
            .values(
                status=JobStatus.RUNNING,
                claimed_by=worker_id,
                lease_until=now + lease,
                attempts=OutboxJob.attempts + 1,
                updated_at=now,
                first_attempt_at=func.coalesce(OutboxJob.first_attempt_at, now),
            )
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount == 1:
            return session.get(OutboxJob, job_id, populate_existing=True)
    return None


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
