"""Outbox retries: backoff after a passing failure, a named delay, failing at once on a
permanent failure, giving up after the max age, requeueing failed jobs.

(Claims and leases: test_outbox_leases.py; batches: test_outbox_batches.py.)
"""

from __future__ import annotations

import random
from datetime import timedelta

from db.models import JobStatus, OutboxJob
from db.types import utcnow
from service import outbox, outbox_admin
from tests.support.outbox_jobs import LEASE, add_jobs, job, make_worker
from worker.errors import PermanentFailure, RetryLater


def test_a_passing_failure_is_retried_with_backoff(app):
    (job_id,) = add_jobs(app, 1)

    def flaky(job: OutboxJob) -> None:
        raise ConnectionError("server went away")

    before = utcnow()
    make_worker(app, flaky).run_once()
    stored = job(app, job_id)
    assert stored.status == JobStatus.PENDING
    assert stored.attempts == 1
    assert stored.last_error.startswith("ConnectionError at test_outbox.py:")  # no text
    wait = stored.next_attempt_at - before
    assert timedelta(seconds=2) <= wait <= timedelta(seconds=6)


def test_retry_later_honours_the_delay_it_names(app):
    (job_id,) = add_jobs(app, 1)

    def rate_limited(job: OutboxJob) -> None:
        raise RetryLater("429", delay=timedelta(seconds=42))

    before = utcnow()
    make_worker(app, rate_limited).run_once()
    wait = job(app, job_id).next_attempt_at - before
    assert timedelta(seconds=41) <= wait <= timedelta(seconds=43)


def test_a_permanent_failure_fails_at_once(app):
    (job_id,) = add_jobs(app, 1)

    def bad_address(job: OutboxJob) -> None:
        raise PermanentFailure("recipient refused")

    make_worker(app, bad_address).run_once()
    stored = job(app, job_id)
    assert stored.status == JobStatus.FAILED
    assert stored.last_error == "recipient refused"


def test_retries_give_up_after_the_max_age(app):
    (job_id,) = add_jobs(app, 1)
    with app.extensions["db"].sessions.begin() as session:
        claimed = outbox.claim_next(session, worker_id="w", kinds=["test.record"], lease=LEASE)
        claimed.first_attempt_at = utcnow() - timedelta(hours=25)
        status = outbox.retry_later(
            session, claimed, "w", "still down", max_age=timedelta(hours=24)
        )
    assert status == JobStatus.FAILED
    assert "gave up after 1 attempts: still down" in job(app, job_id).last_error


def test_backoff_grows_and_is_capped():
    rng = random.Random(7)
    waits = [outbox.backoff(attempt, rng) for attempt in range(1, 16)]
    assert timedelta(seconds=2.5) <= waits[0] <= timedelta(seconds=5)
    assert waits[3] > waits[0]
    assert max(waits) <= timedelta(minutes=15)
    assert waits[-1] >= timedelta(minutes=7.5)


def test_requeue_failed_jobs(app):
    ids = add_jobs(app, 3)
    with app.extensions["db"].sessions.begin() as session:
        for job_id in ids:
            outbox.claim_next(session, worker_id="w", kinds=["test.record"], lease=LEASE)
            outbox.fail(session, job_id, "w", "boom")
    with app.extensions["db"].sessions.begin() as session:
        assert outbox_admin.requeue_failed(session, [ids[0]]) == 1
        assert outbox_admin.status_counts(session) == {"pending": 1, "failed": 2}
        assert outbox_admin.requeue_failed(session) == 2
        assert outbox_admin.status_counts(session) == {"pending": 3}
