"""A signed request captured and sent again, byte for byte, within its 5-minute window is
acknowledged empty and does nothing: in one process, and across processes sharing
`CACHE_URL`."""

from __future__ import annotations

import threading
import uuid
from types import SimpleNamespace

import pytest

from db.migrate import upgrade
from db.models import LeadState
from tests.support.form import post_application
from tests.support.leads import lead_state, posted_lead, state_changes
from tests.support.polling import stays, until
from tests.support.slack_requests import action_body, command, command_body, post, signed_headers
from web import create_app


def send(client, body: str, headers: dict):
    return client.post("/slack/events", data=body, headers=headers)


def test_a_replayed_click_does_not_change_the_lead_again(
    slack, slack_app, slack_client, live_worker
):
    lead = posted_lead(slack_app, slack_client)
    click = action_body("mark_reached_out", str(lead.id), slack.new_response_url())
    captured = signed_headers(click)
    assert send(slack_client, click, captured).status_code == 200
    slack.wait_for("chat.update")
    post(slack_client, action_body("move_to_pending", str(lead.id), slack.new_response_url()))
    slack.wait_for("chat.update", count=2)
    until(lambda: lead_state(slack_app, lead.id) == LeadState.PENDING, "the move back")

    replay = send(slack_client, click, captured)
    assert replay.status_code == 200
    assert replay.get_data() == b""
    stays(
        lambda: (
            lead_state(slack_app, lead.id) == LeadState.PENDING
            and state_changes(slack_app, lead.id) == 2
            and len(slack.calls_to("chat.update")) == 2
        ),
        "the lead pending, two changes, two card updates",
    )


def test_a_replayed_command_shows_no_lead(slack, slack_client):
    post_application(slack_client)
    command(slack, slack_client, "help")  # the member's verdict is cached: answers inline
    body = command_body("all", slack.new_response_url())
    captured = signed_headers(body)
    first = send(slack_client, body, captured)
    assert "Lovelace" in first.get_data(as_text=True)
    replay = send(slack_client, body, captured)
    assert replay.status_code == 200
    assert replay.get_data() == b""


def test_a_fresh_signature_of_the_same_body_is_not_a_replay(slack, slack_client):
    """Only the exact signed request is remembered: Slack's own requests are never lost."""
    command(slack, slack_client, "help")
    body = command_body("help", slack.new_response_url())
    now = int(signed_headers(body)["X-Slack-Request-Timestamp"])
    for stamp in (now - 1, now):
        answer = send(slack_client, body, signed_headers(body, timestamp=stamp))
        assert "/leads reached" in answer.get_data(as_text=True)


@pytest.fixture
def two_instances(slack_config, redis_url):
    """Two app instances on one database and one CACHE_URL (Redis), like two web processes."""
    slack_config["CACHE_URL"] = redis_url
    apps = [create_app(slack_config), create_app(slack_config)]
    upgrade(apps[0].extensions["db"].engine)
    yield apps
    for app in apps:
        app.extensions["db"].engine.dispose()


def test_a_replay_is_refused_by_another_instance_sharing_redis(slack, two_instances):
    first, second = two_instances
    client = first.test_client()
    post_application(client)
    # The user id in the body is new to Redis, so no earlier run's entry can match.
    user = f"U{uuid.uuid4().hex[:10].upper()}"
    slack.add_user(user, name="member")
    click = action_body("mark_reached_out", "1", slack.new_response_url(), user=user)
    captured = signed_headers(click)
    assert send(client, click, captured).status_code == 200
    until(lambda: lead_state(first, 1) == LeadState.REACHED_OUT, "the first click")
    post(client, action_body("move_to_pending", "1", slack.new_response_url(), user=user))
    until(lambda: lead_state(first, 1) == LeadState.PENDING, "the move back")

    replay = send(second.test_client(), click, captured)
    assert replay.status_code == 200
    assert replay.get_data() == b""
    stays(
        lambda: lead_state(second, 1) == LeadState.PENDING and state_changes(second, 1) == 2,
        "the lead pending after two changes",
    )


def test_set_if_absent_is_atomic_in_memory():
    from slackkit.shared_cache import MemoryStore

    store = MemoryStore()
    start = threading.Barrier(8)
    wins: list[bool] = []

    def racer() -> None:
        start.wait()
        wins.append(store.add("key", "1", ttl=60))

    threads = [threading.Thread(target=racer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert sorted(wins) == [False] * 7 + [True]
    assert store.add("gone", "1", ttl=0) and store.add("gone", "1", ttl=60)  # expired: absent


def test_set_if_absent_is_shared_through_redis(redis_url):
    from slackkit.shared_cache import RedisStore

    prefix = f"leads-test-{uuid.uuid4().hex}:"
    first, second = RedisStore(redis_url, prefix), RedisStore(redis_url, prefix)
    assert first.add("request", "1", ttl=60)
    assert not second.add("request", "1", ttl=60)
    assert not first.add("request", "1", ttl=60)


def test_while_redis_is_unreachable_a_process_still_remembers(caplog):
    from slackkit.shared_cache import RedisStore

    store = RedisStore("redis://127.0.0.1:1/0")
    assert store.add("request", "1", ttl=60)
    assert not store.add("request", "1", ttl=60)
    assert "remembered locally" in caplog.text


def test_expired_entries_do_not_pile_up_in_memory(monkeypatch):
    """One entry per request: a long-lived process must forget the expired ones."""
    from slackkit import shared_cache

    clock = [1000.0]
    # The module's own `time`, not time.monotonic itself: other threads keep real time.
    monkeypatch.setattr(shared_cache, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    store = shared_cache.MemoryStore()
    for n in range(100):
        store.add(f"request-{n}", "1", ttl=1)
    clock[0] += shared_cache.SWEEP_EVERY + 1
    store.add("one-more", "1", ttl=1)
    assert len(store._items) == 1
