"""Leases with the production default: a dead worker's job runs again within 30 s, and a
live worker's job is never taken from it, however slow Slack is."""

from __future__ import annotations

import signal
import time

import pytest

from config.settings import Settings
from db.models import JobStatus, OutboxJob
from tests.support.http_client import apply
from tests.support.worker_process import WorkerProcess

pytestmark = pytest.mark.resilience
DEFAULT_LEASE = str(Settings.model_fields["outbox_lease_seconds"].default)


def card_job_running(stack) -> bool:
    where = (OutboxJob.kind == "slack.card", OutboxJob.status == JobStatus.RUNNING)
    return stack.count(OutboxJob, *where) == 1


@pytest.mark.stack_env(OUTBOX_LEASE_SECONDS=DEFAULT_LEASE)
def test_a_card_in_flight_when_its_worker_dies_arrives_within_30_s(stack):
    stack.slack.hang_then_fail("chat.postMessage", seconds=120)  # never reaches Slack
    apply(stack.web, "Ada", "Lovelace", "ada@example.com")
    stack.wait(lambda: card_job_running(stack), "the card job to be claimed")
    stack.slack.wait_for("chat.postMessage")  # the post is on the wire, held by the emulator
    stack.signal_workers(signal.SIGKILL)
    killed = time.monotonic()
    stack.start_workers()
    stack.wait(lambda: len(stack.cards()) == 1, "the card after the restart", timeout=30)
    recovered = time.monotonic() - killed
    print(f"card posted {recovered:.1f} s after its worker was killed")
    stack.wait(lambda: stack.unfinished_jobs() == 0, "an empty outbox")
    assert len(stack.cards()) == 1
    assert recovered < 30


@pytest.mark.stack_env(OUTBOX_LEASE_SECONDS=DEFAULT_LEASE, SLACK_TIMEOUT="60")
def test_a_post_held_40_s_is_not_taken_by_another_worker(stack):
    extra = WorkerProcess(stack.web, "worker-extra")  # at least two workers on any database
    stack.workers.append(extra)
    extra.start()
    stack.slack.slow("chat.postMessage", 40)
    apply(stack.web, "Ada", "Lovelace", "ada@example.com")
    stack.wait(lambda: len(stack.cards()) == 1, "the slow card", timeout=90)
    stack.slack.slow("chat.postMessage", 0)
    stack.wait(lambda: stack.unfinished_jobs() == 0, "an empty outbox")
    posts = stack.slack.calls_to("chat.postMessage")
    assert len(posts) == 1, f"{len(posts)} posts of one card"
    with stack.db.connect() as connection:
        attempts = connection.scalar(
            OutboxJob.__table__.select()
            .with_only_columns(OutboxJob.attempts)
            .where(OutboxJob.kind == "slack.card")
        )
    assert attempts == 1  # nobody else claimed it while it was in hand
