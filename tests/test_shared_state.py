"""With CACHE_URL (Redis), processes share the membership cache and the post spacing."""

from __future__ import annotations

import time
import uuid

from slack_sdk import WebClient

from slackkit.membership import MembershipCheck
from slackkit.shared_cache import MemoryStore, RedisStore
from worker.slack.throttle import SharedChannelThrottle


def test_one_users_info_call_for_two_processes(slack, redis_url):
    client = WebClient(token=slack.token, base_url=slack.api_url)
    prefix = f"leads-test-{uuid.uuid4().hex}:"
    first = MembershipCheck(client, RedisStore(redis_url, prefix))
    second = MembershipCheck(client, RedisStore(redis_url, prefix))
    assert first.verdict("U0MEMBER", "T0LEADS").allowed
    assert second.cached("U0MEMBER", "T0LEADS").allowed
    assert second.verdict("U0MEMBER", "T0LEADS").allowed
    assert len(slack.calls_to("users.info")) == 1


def test_without_redis_each_process_asks_for_itself(slack):
    client = WebClient(token=slack.token, base_url=slack.api_url)
    for _ in range(2):
        assert MembershipCheck(client, MemoryStore()).verdict("U0MEMBER", "T0LEADS").allowed
    assert len(slack.calls_to("users.info")) == 2


def test_an_unreachable_cache_asks_slack(slack):
    client = WebClient(token=slack.token, base_url=slack.api_url)
    check = MembershipCheck(client, RedisStore("redis://127.0.0.1:1/0"))
    assert check.verdict("U0MEMBER", "T0LEADS").allowed
    assert len(slack.calls_to("users.info")) == 1


def test_two_processes_space_their_posts_together(redis_url):
    channel = f"C{uuid.uuid4().hex[:8]}"
    first = SharedChannelThrottle(redis_url, interval=0.3)
    second = SharedChannelThrottle(redis_url, interval=0.3)
    started = time.monotonic()
    for throttle in (first, second, first, second):
        throttle.wait(channel)
    assert time.monotonic() - started >= 0.85  # three gaps of 0.3 s, whoever posts


def test_a_429_pauses_every_process(redis_url):
    channel = f"C{uuid.uuid4().hex[:8]}"
    first = SharedChannelThrottle(redis_url, interval=0.0)
    second = SharedChannelThrottle(redis_url, interval=0.0)
    first.pause(channel, 0.5)
    started = time.monotonic()
    second.wait(channel)
    assert time.monotonic() - started >= 0.45
