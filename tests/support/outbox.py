"""The outbox as the in-process tests see it: run the worker, read a job, make jobs due,
and wait until nothing is left to deliver."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from db.models import JobStatus, OutboxJob
from db.types import utcnow
from tests.support.polling import until


def deliver(app) -> int:
    """Run every due job once, in this thread; return how many ran."""
    return app.extensions["worker"].drain()


def job_of(app, kind: str) -> OutboxJob:
    """The one job of `kind`."""
    with app.extensions["db"].sessions() as session:
        return session.scalars(select(OutboxJob).where(OutboxJob.kind == kind)).one()


def make_due(app, *where, **values) -> None:
    """Make the jobs matching `where` (all of them by default) due now, as if their backoff
    had passed; `values` are set on them too."""
    due = utcnow() - timedelta(seconds=1)
    with app.extensions["db"].sessions.begin() as session:
        session.execute(update(OutboxJob).where(*where).values(next_attempt_at=due, **values))


def unfinished_jobs(app) -> int:
    with app.extensions["db"].sessions() as session:
        return session.scalar(
            select(func.count())
            .select_from(OutboxJob)
            .where(OutboxJob.status.in_([JobStatus.PENDING, JobStatus.RUNNING]))
        )


def wait_until_delivered(app, timeout: float = 10.0) -> None:
    """Poll until the live worker has finished every job: whatever a request queued has
    then been delivered, and nothing more will be."""
    until(lambda: unfinished_jobs(app) == 0, "an empty outbox", timeout)
