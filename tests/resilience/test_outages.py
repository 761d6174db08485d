"""Slack and SMTP outages: the form keeps answering, everything arrives once afterwards.
How long the form takes meanwhile is printed (-s shows it), not asserted: a bound would
fail on a busy machine, and a form that called Slack or SMTP in the request would be
just as fast against a refused connection or an HTTP 500."""

from __future__ import annotations

import statistics
import time
from collections import Counter

import pytest

from db.models import JobStatus, OutboxJob
from service import jobs
from tests.support.http_client import submit

pytestmark = pytest.mark.resilience
# Outages are about the processes, not the database: SQLite only.
sqlite_only = pytest.mark.parametrize("stack", ["sqlite"], indirect=True)


def apply_many(stack, count: int, prefix: str) -> list[float]:
    latencies = []
    for n in range(count):
        status, seconds, _ = submit(stack.web, "Ada", f"{prefix}{n}", f"{prefix}{n}@example.com")
        assert status == 303
        latencies.append(seconds)
    return latencies


def confirmations_tried(stack) -> int:
    waiting = (
        OutboxJob.kind == jobs.EMAIL_CONFIRMATION,
        OutboxJob.status == JobStatus.PENDING,
        OutboxJob.attempts >= 1,
        OutboxJob.last_error.contains("mail server unavailable"),
    )
    return stack.count(OutboxJob, *waiting)


def report(what: str, latencies: list[float]) -> None:
    print(
        f"\n{what}: n={len(latencies)} p50={statistics.median(latencies) * 1000:.0f} ms "
        f"max={max(latencies) * 1000:.0f} ms"
    )


@sqlite_only
def test_slack_500s_then_a_429(stack):
    stack.slack.fail_for("chat.postMessage", 10, status=500)
    stack.slack.rate_limit_next("chat.postMessage", retry_after=2)
    outage_started = time.monotonic()
    latencies = apply_many(stack, 5, "slack")
    report("form POST during the Slack outage", latencies)
    took = stack.wait(lambda: len(stack.cards()) >= 5, "five cards after the outage", 90)
    print(
        f"last card {time.monotonic() - outage_started:.1f} s after the outage began "
        f"({took:.1f} s of waiting)"
    )
    stack.wait(lambda: stack.unfinished_jobs() == 0, "an empty outbox")  # nothing more to come
    cards = stack.cards()
    lead_ids = Counter(card["metadata"]["event_payload"]["lead_id"] for card in cards)
    assert len(cards) == 5 and set(lead_ids.values()) == {1}
    posts = stack.slack.calls_to("chat.postMessage")
    limited = [i for i, call in enumerate(posts) if call.at >= outage_started + 10]
    first_after = posts[limited[0]]
    following = posts[limited[0] + 1]
    waited = following.at - first_after.at
    print(f"after the 429 the next post came {waited:.2f} s later")
    assert waited >= 2.0


@sqlite_only
def test_smtp_down_for_ten_seconds(stack):
    stack.smtp.stop()
    down_at = time.monotonic()
    latencies = apply_many(stack, 5, "smtp")
    report("form POST while SMTP is down", latencies)
    # A stopped server records nothing: each confirmation's job shows it was tried, could
    # not connect, and waits to be tried again.
    stack.wait(lambda: confirmations_tried(stack) == 5, "five confirmations tried", 30)
    time.sleep(max(0.0, 10 - (time.monotonic() - down_at)))  # the outage lasts ten seconds
    stack.smtp.start()
    took = stack.wait(lambda: len(stack.smtp.messages) >= 5, "five emails after SMTP returned", 90)
    print(f"all emails arrived {took:.1f} s after SMTP returned")
    stack.wait(lambda: stack.unfinished_jobs() == 0, "an empty outbox")  # nothing more to come
    recipients = Counter(str(m["To"]) for m in stack.smtp.messages)
    assert len(recipients) == 5 and set(recipients.values()) == {1}


def test_slack_unreachable_while_everything_starts(tmp_path):
    from tests.support.databases import fresh_database
    from tests.support.stack import start_stack

    with fresh_database("sqlite", tmp_path) as url:
        stack = start_stack(tmp_path, "sqlite", url, slack_down=True)
        try:
            status, seconds, _ = submit(stack.web, "Grace", "Hopper", "grace@example.com")
            report("form POST with Slack unreachable since start-up", [seconds])
            assert status == 303
            stack.wait(
                lambda: len(stack.smtp.messages) == 1, "the confirmation while Slack is down"
            )
            stack.slack.up()
            stack.wait(lambda: len(stack.cards()) == 1, "the card once Slack is back")
        finally:
            stack.stop()
            stack.smtp.stop()
            stack.slack.stop()
