"""Outbox claims with a lease: two workers never run the same job, a leased job is not
claimed again, a dead worker's job comes back when its lease expires, and a woken worker
claims a new job at once."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import select

from db.models import JobStatus, OutboxJob
from db.types import utcnow
from service import outbox
from tests.support.outbox_jobs import LEASE, add_jobs, make_worker


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
