"""Jobs of a test kind and a worker that runs them, for the outbox's own tests
(test_outbox*.py): enqueue a few, build a worker with a handler, read a job back."""

from __future__ import annotations

from datetime import timedelta

from db.models import OutboxJob
from service import outbox
from worker import Worker

LEASE = timedelta(seconds=60)


def add_jobs(app, count: int, kind: str = "test.record") -> list[int]:
    with app.extensions["db"].sessions.begin() as session:
        return [outbox.enqueue(session, kind, None, {"n": n}) for n in range(count)]


def make_worker(app, handler, kind: str = "test.record") -> Worker:
    worker = Worker(app, lease_seconds=60, max_age_hours=24, poll_seconds=0.05)
    worker.register(kind, handler)
    return worker


def job(app, job_id: int) -> OutboxJob:
    with app.extensions["db"].sessions() as session:
        return session.get(OutboxJob, job_id)
