"""Outbox claims in batches: racing workers run each job once, an open claim does not
hand its jobs to another worker, a slow job does not hold back its batch, a batch is of
one lane, a finished job is written soon, and a stop gives back the untried rest."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from sqlalchemy import select

from db.models import JobStatus, OutboxJob
from db.types import utcnow
from service import outbox
from tests.support.outbox_jobs import LEASE, add_jobs, job, make_worker
from tests.support.polling import until
from worker import Worker, batch


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
