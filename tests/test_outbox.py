"""Claiming jobs with a lease, retries with backoff, giving up, requeueing."""

from __future__ import annotations

import random
import threading
from datetime import timedelta

from sqlalchemy import select

from db.models import JobStatus, OutboxJob
from db.types import utcnow
from service import outbox, outbox_admin
from worker import Worker
from worker.errors import PermanentFailure, RetryLater

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


def test_two_workers_never_run_the_same_job(app):
    ids = add_jobs(app, 40)
    ran: list[int] = []
    lock = threading.Lock()

    def record(job: OutboxJob) -> None:
        with lock:
            ran.append(job.id)

    workers = [make_worker(app, record) for _ in range(2)]
    threads = [threading.Thread(target=w.drain) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(ran) == ids
    with app.extensions["db"].sessions() as session:
        statuses = set(session.scalars(select(OutboxJob.status)))
    assert statuses == {JobStatus.DONE}


def test_a_claimed_job_is_not_claimed_again_while_leased(app):
    add_jobs(app, 1)
    with app.extensions["db"].sessions.begin() as session:
        first = outbox.claim_next(session, worker_id="a", kinds=["test.record"], lease=LEASE)
    with app.extensions["db"].sessions.begin() as session:
        second = outbox.claim_next(session, worker_id="b", kinds=["test.record"], lease=LEASE)
    assert first is not None and first.claimed_by == "a"
    assert second is None


def test_a_dead_workers_job_comes_back_when_its_lease_expires(app):
    (job_id,) = add_jobs(app, 1)
    with app.extensions["db"].sessions.begin() as session:
        outbox.claim_next(session, worker_id="dead", kinds=["test.record"], lease=LEASE)
    later = utcnow() + LEASE + timedelta(seconds=1)
    with app.extensions["db"].sessions.begin() as session:
        again = outbox.claim_next(
            session, worker_id="alive", kinds=["test.record"], lease=LEASE, now=later
        )
        assert again.id == job_id and again.attempts == 2
    # The dead worker can no longer settle the job it lost.
    with app.extensions["db"].sessions.begin() as session:
        assert outbox.complete(session, job_id, "dead") is False
        assert outbox.complete(session, job_id, "alive") is True


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


def test_the_in_process_thread_wakes_at_once_on_a_new_job(app):
    ran = threading.Event()
    worker = make_worker(app, lambda job: ran.set())
    worker.poll_seconds = 60  # only a wake-up can make it run in time
    worker.ensure_started()
    try:
        worker._wake.wait(0.2)
        add_jobs(app, 1)
        worker.wake()
        assert ran.wait(2), "the woken worker did not run the job"
    finally:
        worker.stop()
