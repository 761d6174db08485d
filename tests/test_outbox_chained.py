"""The worker's busy loop (run_while_busy): each batch's outcomes are written in the
transaction that claims the next one, and nothing else changes: every job once, failures
recorded, all outcomes written when it returns, a stop gives back the untried rest."""

from __future__ import annotations

import threading
from datetime import timedelta

from db.models import JobStatus, OutboxJob
from service import outbox
from tests.support.outbox_jobs import add_jobs, job, make_worker
from tests.support.write_counter import WriteCounter
from worker import Worker
from worker.errors import RetryLater


def test_one_write_transaction_per_batch_while_busy(app):
    """Three batches of two: the first claim, then one write per batch (its outcomes and
    the next claim, the last one claiming nothing). Batch by batch it took two each."""
    ids = add_jobs(app, 6)
    ran: list[int] = []
    worker = make_worker(app, lambda job: ran.append(job.id))
    worker.limit_batches("test", 2)
    writes = WriteCounter(app.extensions["db"].engine)
    assert worker.run_while_busy() == 6
    assert writes.writes == 1 + 3
    assert sorted(ran) == ids
    assert {(job(app, i).status, job(app, i).attempts) for i in ids} == {(JobStatus.DONE, 1)}

    more = add_jobs(app, 6)
    writes.writes = 0
    while worker.run_once():
        pass
    assert writes.writes == 2 * 3
    assert {job(app, i).status for i in more} == {JobStatus.DONE}


def test_two_busy_workers_run_each_job_once(app):
    ids = add_jobs(app, 4 * outbox.BATCH_SIZE)
    ran: list[tuple[str, int]] = []
    lock = threading.Lock()

    def recording(name: str) -> Worker:
        def record(job: OutboxJob) -> None:
            with lock:
                ran.append((name, job.id))

        return make_worker(app, record)

    threads = [threading.Thread(target=recording(n).run_while_busy) for n in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(job_id for _, job_id in ran) == ids
    assert {(job(app, i).status, job(app, i).attempts) for i in ids} == {(JobStatus.DONE, 1)}


def test_a_failure_in_a_busy_run_is_recorded_and_the_rest_are_done(app):
    ids = add_jobs(app, 5)

    def handler(job: OutboxJob) -> None:
        if job.id == ids[2]:
            raise RetryLater("the server said later", delay=timedelta(seconds=60))

    worker = make_worker(app, handler)
    worker.limit_batches("test", 2)
    assert worker.run_while_busy() == 5
    failed = job(app, ids[2])
    assert (failed.status, failed.attempts) == (JobStatus.PENDING, 1)
    assert "the server said later" in failed.last_error
    assert {job(app, i).status for i in ids if i != ids[2]} == {JobStatus.DONE}


def test_a_stop_during_a_busy_run_writes_what_ran_and_claims_no_more(app):
    ids = add_jobs(app, 6)
    ran: list[int] = []
    worker = make_worker(app, lambda job: ran.append(job.id))
    worker.limit_batches("test", 2)

    def run_then_stop(job: OutboxJob) -> None:
        ran.append(job.id)
        worker.stop(timeout=0)  # SIGTERM while the first job runs

    worker.register("test.record", run_then_stop)
    assert worker.run_while_busy() == 1
    assert ran == ids[:1]
    assert job(app, ids[0]).status == JobStatus.DONE
    assert {(job(app, i).status, job(app, i).attempts) for i in ids[1:]} == {(JobStatus.PENDING, 0)}
