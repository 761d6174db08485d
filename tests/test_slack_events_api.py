"""POST /slack/events takes the Events API: the signed url_verification challenge, events
acknowledged at once, a redelivered event handled once, other workspaces ignored, junk
refused with 400/401 and never a 5xx."""

from __future__ import annotations

import json
import time

import pytest

from tests.support.home import open_home, wait_for_home
from tests.support.polling import stays
from tests.support.slack_requests import (
    SIGNING_SECRET,
    app_home_opened,
    event_envelope,
    post_json,
    signed_headers,
    url_verification,
)

JSON = "application/json"


def test_url_verification_is_answered_with_its_challenge(slack_client):
    response = post_json(slack_client, url_verification("c-123"))
    assert response.status_code == 200
    assert response.json == {"challenge": "c-123"}


def _headers(body: str, how: str) -> dict:
    if how == "unsigned":
        return {"Content-Type": "application/json"}
    if how == "other-secret":
        return signed_headers(body, secret="not-" + SIGNING_SECRET, content_type=JSON)
    if how == "stale":
        return signed_headers(body, timestamp=int(time.time()) - 600, content_type=JSON)
    return signed_headers(body.replace("c-123", "c-456"), content_type=JSON)  # other bytes


@pytest.mark.parametrize("how", ["unsigned", "other-secret", "stale", "other-bytes"])
def test_an_unsigned_or_ill_signed_challenge_is_refused(slack_client, how):
    body = json.dumps(url_verification("c-123"), separators=(",", ":"))
    response = slack_client.post("/slack/events", data=body, headers=_headers(body, how))
    assert response.status_code == 401
    assert b"c-123" not in response.get_data()


@pytest.mark.parametrize(
    "payload",
    [
        {"type": "url_verification"},
        {"type": "url_verification", "challenge": {"x": 1}},
        {"type": "event_callback", "team_id": "T0LEADS", "event": {"type": "app_home_opened"}},
        {"type": "event_callback", "team_id": "T0LEADS", "event_id": "Ev1", "event": "x"},
        {"type": "event_callback", "team_id": "T0LEADS", "event_id": 7, "event": {}},
    ],
    ids=["no-challenge", "challenge-object", "no-event-id", "event-not-object", "id-number"],
)
def test_malformed_events_are_400(slack, slack_client, payload):
    assert post_json(slack_client, payload).status_code == 400
    assert slack.calls_to("views.publish") == []


def test_an_event_is_acknowledged_empty_at_once(slack, slack_app, slack_client):
    response = post_json(slack_client, app_home_opened())
    assert response.status_code == 200
    assert response.get_data() == b""
    wait_for_home(slack, "U0MEMBER", 1)


def test_a_redelivered_event_does_its_work_once(slack, slack_app, slack_client):
    payload = app_home_opened(event_id="Ev0ONCE")
    assert post_json(slack_client, payload).status_code == 200
    wait_for_home(slack, "U0MEMBER", 1)
    for retry in (1, 2, 3):  # Slack's retries: the same body, signed afresh (other timestamps)
        stamp = int(time.time()) + retry
        response = post_json(slack_client, payload, retry=retry, timestamp=stamp)
        assert (response.status_code, response.get_data()) == (200, b"")
    stays(lambda: len(slack.home_publishes("U0MEMBER")) == 1, "one publish")
    open_home(slack, slack_client)  # a different event is handled as usual


def test_a_retry_of_an_event_never_handled_is_handled(slack, slack_app, slack_client):
    # The first delivery never reached us (it timed out on the way): the retry does the work.
    response = post_json(slack_client, app_home_opened(event_id="Ev0LOST"), retry=1)
    assert response.status_code == 200
    wait_for_home(slack, "U0MEMBER", 1)


def test_the_same_event_over_two_processes_is_handled_once(
    slack, slack_config, redis_url, make_app
):
    slack_config["CACHE_URL"] = redis_url
    first, second = make_app(slack_config, migrate=True), make_app(slack_config)
    payload = app_home_opened(event_id=f"Ev{time.time_ns()}")
    assert post_json(first.test_client(), payload).status_code == 200
    wait_for_home(slack, "U0MEMBER", 1)
    stamp = int(time.time()) + 1  # a retry is signed afresh
    assert post_json(second.test_client(), payload, retry=1, timestamp=stamp).status_code == 200
    stays(lambda: len(slack.home_publishes("U0MEMBER")) == 1, "one publish")


def test_an_event_for_another_workspace_is_ignored(slack, slack_app, slack_client, caplog):
    slack.add_user("U0ELSE", name="else", team_id="T0OTHER")
    response = post_json(slack_client, app_home_opened("U0ELSE", team="T0OTHER"))
    assert response.status_code == 200
    deadline = time.monotonic() + 5
    while "ignored an event for team=T0OTHER" not in caplog.text:
        assert time.monotonic() < deadline, "the event was not looked at"
        time.sleep(0.02)
    assert slack.calls_to("views.publish") == []


def test_an_event_nobody_listens_to_is_acknowledged(slack, slack_app, slack_client):
    payload = event_envelope({"type": "member_joined_channel", "user": "U0MEMBER"})
    assert post_json(slack_client, payload).status_code == 200
