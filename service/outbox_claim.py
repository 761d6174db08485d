"""Claiming outbox jobs in batches, and giving back the ones a worker did not start.

A claim is a conditional UPDATE on jobs that are due (pending and their time has come,
or running with an expired lease), so two workers never hold the same job, on SQLite or
PostgreSQL, and a crashed worker's jobs come back when their lease runs out. One claim
takes up to BATCH_SIZE jobs in one write transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, case, func, or_, select, update
from sqlalchemy.orm import Session

from db.models import JobStatus, OutboxJob
from db.types import utcnow

JOBS = OutboxJob.__table__
BATCH_SIZE = 20


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
    """Take the most overdue job of one of `kinds`, or None when nothing is due."""
    claimed = claim_batch(session, worker_id=worker_id, kinds=kinds, lease=lease, limit=1, now=now)
    return claimed[0] if claimed else None


def claim_batch(
    session: Session,
    *,
    worker_id: str,
    kinds: list[str],
    lease: timedelta,
    limit: int = BATCH_SIZE,
    lane_limits: dict[str, int] | None = None,
    now: datetime | None = None,
) -> list[OutboxJob]:
    """Take up to `limit` due jobs of `kinds`, most overdue first, all of one lane.

    The lane (see `lane_of`) is the most overdue job's, so jobs still go out oldest first
    whatever their kind; `lane_limits` caps the batch of a lane. PostgreSQL: candidate
    rows are locked FOR UPDATE SKIP LOCKED, so concurrent workers each take different
    jobs without waiting on one another. SQLite has no row locks (the clause is left out)
    but runs one writer at a time (BEGIN IMMEDIATE). On both, the UPDATE re-checks that
    each job is still due, so a job is never claimed twice.
    """
    now = now or utcnow()
    candidates = sorted(_candidates(session, kinds, limit, now))
    if not candidates:
        return []
    lane = lane_of(candidates[0][2])
    most = min(limit, (lane_limits or {}).get(lane, limit))
    chosen = [job_id for _, job_id, kind in candidates if lane_of(kind) == lane][:most]
    claimed = _take(session, chosen, worker_id=worker_id, lease=lease, now=now)
    if not claimed:
        return []
    query = select(OutboxJob).where(OutboxJob.id.in_(claimed))
    jobs = session.scalars(query.execution_options(populate_existing=True))
    return sorted(jobs, key=lambda job: (job.next_attempt_at, job.id))  # a few rows


def _take(
    session: Session, job_ids: list[int], *, worker_id: str, lease: timedelta, now: datetime
) -> list[int]:
    """Mark the jobs of `job_ids` that are still due as running under this worker's lease;
    returns the ids it took. The `due` re-check is what keeps a job from being claimed
    twice when another worker got there between the candidate read and this write."""
    return session.scalars(
        update(JOBS)
        .where(JOBS.c.id.in_(job_ids), due(now))
        .values(
            status=JobStatus.RUNNING,
            claimed_by=worker_id,
            lease_until=now + lease,
            attempts=JOBS.c.attempts + 1,
            updated_at=now,
            first_attempt_at=func.coalesce(JOBS.c.first_attempt_at, now),
        )
        .returning(JOBS.c.id)
    ).all()


def lane_of(kind: str) -> str:
    """The system a kind of job talks to: "email.confirmation" -> "email"."""
    return kind.split(".", 1)[0]


def _candidates(
    session: Session, kinds: list[str], limit: int, now: datetime
) -> list[tuple[datetime, int, str]]:
    """(due time, id, kind) of the oldest due jobs: one range of ix_outbox_claim per kind.

    One `kind IN (...)` query ordered by time would sort every due job of those kinds;
    a query per kind reads at most `limit` index entries, already in order, and kinds
    that cannot run now (no handler, a paused channel) are never read at all.
    """
    rows: list[tuple[datetime, int, str]] = []
    for kind in kinds:
        rows += session.execute(
            select(OutboxJob.next_attempt_at, OutboxJob.id, OutboxJob.kind)
            .where(
                OutboxJob.status == JobStatus.PENDING,
                OutboxJob.kind == kind,
                OutboxJob.next_attempt_at <= now,
            )
            .order_by(OutboxJob.next_attempt_at, OutboxJob.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
    if kinds:  # jobs whose worker died: a handful at most, so no order is needed
        rows += session.execute(
            select(OutboxJob.next_attempt_at, OutboxJob.id, OutboxJob.kind)
            .where(
                OutboxJob.status == JobStatus.RUNNING,
                OutboxJob.kind.in_(kinds),
                OutboxJob.lease_until < now,
            )
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
    return [(due_at, job_id, kind) for due_at, job_id, kind in rows]


def any_due(session: Session, kinds: list[str], now: datetime | None = None) -> bool:
    """Is a job of `kinds` due? (The claim's own index reads, one row at most each.)"""
    return bool(_candidates(session, kinds, 1, now or utcnow()))


def release(session: Session, job_ids: list[int], worker_id: str) -> int:
    """Give back claimed jobs that were never started, as if they had not been claimed:
    pending again, due as before, the attempt and the first-attempt time undone."""
    if not job_ids:
        return 0
    return update_held(
        session,
        job_ids,
        worker_id,
        status=JobStatus.PENDING,
        lease_until=None,
        attempts=JOBS.c.attempts - 1,
        first_attempt_at=case((JOBS.c.attempts == 1, None), else_=JOBS.c.first_attempt_at),
    )


def update_held(session: Session, job_ids: list[int], worker_id: str, **values) -> int:
    """Apply `values` to the jobs of `job_ids` that this worker still holds; returns how
    many. A job whose lease was lost (another worker has it now) is left alone."""
    result = session.execute(
        update(JOBS)
        .where(
            JOBS.c.id.in_(job_ids),
            JOBS.c.claimed_by == worker_id,
            JOBS.c.status == JobStatus.RUNNING,
        )
        .values(**values)
    )
    return result.rowcount
