"""Claiming jobs with a lease, retries with backoff, giving up, requeueing."""

from __future__ import annotations

import random
import threading
import time
from datetime import timedelta

from sqlalchemy import select

from db.models import JobStatus, OutboxJob
from db.types import utcnow
from service import outbox, outbox_admin
from tests.support.polling import until
from worker import Worker, batch
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


def test_two_workers_racing_on_batches_run_each_job_once(app):
    """Many batches each, interleaved: every job runs once, on its first attempt."""
    ids = add_jobs(app, 5 * outbox.BATCH_SIZE)
    ran: list[tuple[str, int]] = []
    lock = threading.Lock()

    def worker_recording(name: str) -> Worker:
        def record(job: OutboxJob) -> None:
            with lock:
                ran.append((name, job.id))
            time.sleep(0.002)  # long enough for the other worker to claim meanwhile

        return make_worker(app, record)

    workers = [worker_recording("a"), worker_recording("b")]
    threads = [threading.Thread(target=w.drain) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(job_id for _, job_id in ran) == ids
    assert {name for name, _ in ran} == {"a", "b"}  # both took batches
    with app.extensions["db"].sessions() as session:
        settled = set(session.execute(select(OutboxJob.status, OutboxJob.attempts)))
    assert settled == {(JobStatus.DONE, 1)}


def test_a_claim_held_open_does_not_hand_its_jobs_to_another_worker(app):
    """Worker a's claim is not committed yet when worker b claims: b gets the other jobs
    (PostgreSQL: at once, SKIP LOCKED; SQLite: after a's commit, one writer at a time)."""
    ids = add_jobs(app, 30)
    claims: dict[str, list[int]] = {}
    a_claimed, a_may_commit = threading.Event(), threading.Event()

    def claim_a() -> None:
        with app.extensions["db"].sessions.begin() as session:
            claims["a"] = [j.id for j in outbox.claim_batch(session, **claim_args("a"))]
            a_claimed.set()
            a_may_commit.wait(10)

    def claim_b() -> None:
        with app.extensions["db"].sessions.begin() as session:
            claims["b"] = [j.id for j in outbox.claim_batch(session, **claim_args("b"))]

    first = threading.Thread(target=claim_a)
    first.start()
    assert a_claimed.wait(10)
    second = threading.Thread(target=claim_b)
    second.start()
    if app.extensions["db"].engine.dialect.name == "postgresql":
        second.join(10)  # no waiting on a's locked rows
        assert "b" in claims
    a_may_commit.set()
    first.join(10)
    second.join(10)
    assert len(claims["a"]) == outbox.BATCH_SIZE and len(claims["b"]) == 30 - outbox.BATCH_SIZE
    assert sorted(claims["a"] + claims["b"]) == ids


def claim_args(worker_id: str) -> dict:
    return {"worker_id": worker_id, "kinds": ["test.record"], "lease": LEASE}


def test_a_slow_job_does_not_hold_back_the_rest_of_its_batch(app):
    """While job 3 hangs: jobs 1-2 are settled at once, jobs 4-5 go to another worker."""
    ids = add_jobs(app, 5)
    slow_started, slow_may_end = threading.Event(), threading.Event()

    def record(job: OutboxJob) -> None:
        if job.id == ids[2]:
            slow_started.set()
            slow_may_end.wait(30)

    hanging, other = make_worker(app, record), make_worker(app, record)
    thread = threading.Thread(target=hanging.drain)
    thread.start()
    try:
        assert slow_started.wait(10)
        ran = []
        until(lambda: ran.append(other.drain()) or sum(ran) == 2, "the others delivered")
        before_the_slow_one_ends = {job_id: job(app, job_id) for job_id in ids}
    finally:
        slow_may_end.set()
        thread.join(30)
    early = before_the_slow_one_ends
    done, running = JobStatus.DONE, JobStatus.RUNNING
    assert [early[i].status for i in ids] == [done, done, running, done, done]
    assert {early[i].claimed_by for i in ids[3:]} == {other.worker_id}
    assert [early[i].attempts for i in ids] == [1] * 5  # given back, not counted as tried
    assert job(app, ids[2]).status == JobStatus.DONE


def test_a_batch_holds_the_jobs_of_one_lane_the_most_overdue_ones(app):
    """Emails and Slack posts interleaved by age: a claim takes the lane of the oldest job
    (as a one-job claim would), up to its cap, and only that lane's jobs."""
    now = utcnow()
    with app.extensions["db"].sessions.begin() as session:
        for n in range(6):
            kind = "slack.record" if n % 2 else "email.record"
            outbox.enqueue(session, kind, None, now=now - timedelta(seconds=60 - n))
    kinds, lease = ["email.record", "slack.record"], LEASE
    with app.extensions["db"].sessions.begin() as session:
        emails = outbox.claim_batch(session, worker_id="w", kinds=kinds, lease=lease)
        posts = outbox.claim_batch(
            session, worker_id="w", kinds=kinds, lease=lease, lane_limits={"slack": 1}
        )
    assert [job.kind for job in emails] == ["email.record"] * 3
    assert [job.kind for job in posts] == ["slack.record"]


def test_a_finished_job_is_written_soon_even_while_its_batch_runs_on(app, monkeypatch):
    """Delivered but unwritten is at risk of a second delivery after a crash: job 1 is
    written while job 2 still runs (below the slow threshold, made long here)."""
    monkeypatch.setattr(batch, "SLOW_SECONDS", 60.0)
    ids = add_jobs(app, 2)
    second_started, second_may_end = threading.Event(), threading.Event()

    def record(job: OutboxJob) -> None:
        if job.id == ids[1]:
            second_started.set()
            second_may_end.wait(30)

    thread = threading.Thread(target=make_worker(app, record).drain)
    thread.start()
    try:
        assert second_started.wait(10)
        until(lambda: job(app, ids[0]).status == JobStatus.DONE, "the first job written")
        assert job(app, ids[1]).status == JobStatus.RUNNING
    finally:
        second_may_end.set()
        thread.join(30)


def test_a_stop_lets_the_job_in_hand_finish_and_gives_back_the_rest(app):
    """SIGTERM just after a claim: the batch's first job is the job in hand and runs;
    the others go back to pending untried, for another worker."""
    ids = add_jobs(app, 3)
    ran: list[int] = []
    worker = make_worker(app, lambda job: ran.append(job.id))
    worker.stop(timeout=0)  # what the SIGTERM handler of `flask worker` does
    assert worker.run_once() == 1
    assert ran == ids[:1]
    assert [(job(app, i).status, job(app, i).attempts) for i in ids[1:]] == [
        (JobStatus.PENDING, 0)
    ] * 2
