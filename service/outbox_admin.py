"""Looking after the outbox: counts for health and the CLI, failed jobs, requeueing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from db.models import JobStatus, OutboxJob
from db.types import utcnow
from service import alerts


def status_counts(session: Session, statuses: tuple[str, ...] | None = None) -> dict[str, int]:
    """Jobs by status. Name the statuses to count only those: done jobs pile up forever,
    the others are few and the (status, next_attempt_at) index counts them quickly."""
    query = select(OutboxJob.status, func.count()).group_by(OutboxJob.status)
    if statuses is not None:
        query = query.where(OutboxJob.status.in_(statuses))
    return {status: count for status, count in session.execute(query)}


def failed_jobs(session: Session, limit: int = 50) -> list[OutboxJob]:
    query = (
        select(OutboxJob)
        .where(OutboxJob.status == JobStatus.FAILED)
        .order_by(OutboxJob.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def failed_ids(session: Session, kinds: tuple[str, ...], error_holding: str) -> list[int]:
    """The failed jobs of `kinds` whose error holds `error_holding`, the words a delivery
    uses for one cause (such as the advice for a channel the bot cannot use)."""
    query = (
        select(OutboxJob.id)
        .where(
            OutboxJob.status == JobStatus.FAILED,
            OutboxJob.kind.in_(kinds),
            OutboxJob.last_error.contains(error_holding, autoescape=True),
        )
        .order_by(OutboxJob.id)
    )
    return list(session.scalars(query))


def requeue_failed(
    session: Session, job_ids: list[int] | None = None, now: datetime | None = None
) -> int:
    """Make failed jobs due again with a fresh retry window; None means every failed job."""
    now = now or utcnow()
    query = update(OutboxJob).where(OutboxJob.status == JobStatus.FAILED)
    if job_ids is not None:
        query = query.where(OutboxJob.id.in_(job_ids))
    result = session.execute(
        query.values(
            status=JobStatus.PENDING,
            next_attempt_at=now,
            first_attempt_at=None,
            finished_at=None,
            updated_at=now,
        ).execution_options(synchronize_session=False)
    )
    alerts.forget_alerted(session)
    return result.rowcount


def oldest_due_age(session: Session, now: datetime | None = None) -> float | None:
    """Seconds the most overdue job has waited, or None when nothing is due.

    Two ordered reads of ix_outbox_due, one per way of being due, each stopping at its
    first row: one query over their OR would gather and sort every due job."""
    now = now or utcnow()
    pending = (OutboxJob.status == JobStatus.PENDING, OutboxJob.next_attempt_at <= now)
    expired = (OutboxJob.status == JobStatus.RUNNING, OutboxJob.lease_until < now)
    firsts = [
        session.scalar(
            select(OutboxJob.next_attempt_at)
            .where(*where)
            .order_by(OutboxJob.next_attempt_at)
            .limit(1)
        )
        for where in (pending, expired)
    ]
    oldest = min((first for first in firsts if first is not None), default=None)
    return None if oldest is None else (now - oldest).total_seconds()
