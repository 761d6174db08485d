"""Sixty applications, twelve at a time: sixty leads, cards and emails; no 5xx."""

from __future__ import annotations

import statistics
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.support.http_client import submit

pytestmark = pytest.mark.resilience


# Cards 0.2 s apart instead of Slack's 1 s, so the suite does not wait a minute for them.
@pytest.mark.stack_env(SLACK_POST_INTERVAL="0.2")
def test_sixty_submissions_twelve_at_a_time(stack):
    with ThreadPoolExecutor(max_workers=12) as pool:
        results = list(
            pool.map(
                lambda n: submit(stack.web, "Burst", f"N{n}", f"burst{n}@example.com"), range(60)
            )
        )
    statuses = Counter(status for status, _, _ in results)
    latencies = sorted(seconds for _, seconds, _ in results)
    print(
        f"\nburst: statuses={dict(statuses)} p50={statistics.median(latencies) * 1000:.0f} ms "
        f"p95={latencies[int(len(latencies) * 0.95) - 1] * 1000:.0f} ms"
    )
    assert statuses == {303: 60}
    assert stack.leads() == 60
    took = stack.wait(
        lambda: len(stack.cards()) >= 60 and len(stack.smtp.messages) >= 60,
        "60 cards and 60 emails",
        timeout=120,
    )
    print(f"all cards and emails delivered {took:.1f} s after the burst")
    stack.wait(lambda: stack.unfinished_jobs() == 0, "an empty outbox")
    cards = Counter(card["metadata"]["event_payload"]["lead_id"] for card in stack.cards())
    mails = Counter(str(message["To"]) for message in stack.smtp.messages)
    assert len(cards) == 60 and set(cards.values()) == {1}
    assert len(mails) == 60 and set(mails.values()) == {1}
