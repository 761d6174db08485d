"""POST /slack/events: signatures, junk, Slack's retries, and the app without Slack."""

from __future__ import annotations

import time

import pytest

from db.models import LeadState
from tests.support.form import post_application
from tests.support.leads import lead_state
from tests.support.polling import stays
from tests.support.slack_requests import (
    SIGNING_SECRET,
    action_body,
    answer_to,
    command,
    command_body,
    post,
    signed_headers,
)


def test_a_signed_command_is_answered(slack, slack_client):
    answer = command(slack, slack_client, "help")
    assert answer["response_type"] == "ephemeral"
    assert "/leads reached" in answer["blocks"][0]["text"]["text"]


@pytest.mark.parametrize(
    "headers",
    [
        lambda body: signed_headers(body, secret="not-the-secret"),
        lambda body: signed_headers(body, timestamp=int(time.time()) - 600),
        lambda body: signed_headers(body, timestamp=int(time.time()) - 360),
        lambda body: signed_headers(body, timestamp=int(time.time()) + 120),
        lambda body: {"Content-Type": "application/x-www-form-urlencoded"},
        lambda body: {**signed_headers(body), "X-Slack-Signature": "v0=00"},
    ],
    ids=[
        "wrong-secret",
        "ten-minutes-old",
        "six-minutes-old",
        "two-minutes-ahead",
        "unsigned",
        "forged-signature",
    ],
)
def test_bad_signatures_get_401_and_nothing_happens(slack, slack_client, headers):
    body = command_body("all", slack.new_response_url())
    response = slack_client.post("/slack/events", data=body, headers=headers(body))
    assert response.status_code == 401
    assert slack.calls_to("users.info") == []


@pytest.mark.parametrize("offset", [-290, 30])
def test_a_clock_a_little_off_is_tolerated(slack, slack_client, offset):
    """Up to 5 minutes old, or up to a minute ahead (our clock behind Slack's)."""
    url = slack.new_response_url()
    body = command_body("help", url)
    headers = signed_headers(body, timestamp=int(time.time()) + offset)
    response = slack_client.post("/slack/events", data=body, headers=headers)
    assert "/leads reached" in str(answer_to(slack, response, url)["blocks"])


@pytest.mark.parametrize("body", ["payload=%7B", "payload=%5B1%5D", "{not json", ""])
def test_unsigned_junk_gets_401_not_500(slack_client, body):
    response = slack_client.post(
        "/slack/events", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("payload=%7B", "application/x-www-form-urlencoded"),
        ("payload=%5B1%5D", "application/x-www-form-urlencoded"),
        ("{not json", "application/x-www-form-urlencoded"),
        ("[1, 2]", "application/json"),
    ],
)
def test_signed_malformed_bodies_get_400(slack_client, body, content_type):
    headers = signed_headers(body, content_type=content_type)
    response = slack_client.post("/slack/events", data=body, headers=headers)
    assert response.status_code == 400


RETRY = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}


def test_a_retried_command_is_acknowledged_without_work(slack, slack_client):
    post_application(slack_client)
    command(slack, slack_client, "help")  # the member's verdict is cached: answered inline
    body = command_body("all", slack.new_response_url())
    headers = {**signed_headers(body), **RETRY}
    response = slack_client.post("/slack/events", data=body, headers=headers)
    assert response.status_code == 200
    assert response.get_data() == b""


@pytest.mark.parametrize("warm", [True, False], ids=["member-cached", "member-not-cached"])
def test_a_retried_click_changes_nothing(slack, slack_app, slack_client, warm):
    post_application(slack_client)
    if warm:
        command(slack, slack_client, "help")
    looked_up = len(slack.calls_to("users.info"))
    url = slack.new_response_url()
    body = action_body("mark_reached_out", "1", url)
    response = slack_client.post(
        "/slack/events", data=body, headers={**signed_headers(body), **RETRY}
    )
    assert response.status_code == 200 and response.get_data() == b""
    stays(
        lambda: (
            lead_state(slack_app, 1) == LeadState.PENDING
            and len(slack.calls_to("users.info")) == looked_up
            and not slack.response_posts(url)
        ),
        "the lead pending, nobody looked up, nothing answered",
    )


def test_without_slack_settings_the_endpoint_says_so(client):
    body = "command=%2Fleads&text="
    response = client.post("/slack/events", data=body, headers=signed_headers(body))
    assert response.status_code == 503
    assert "not configured" in response.json["error"]


def test_app_starts_without_calling_slack(slack_config, slack, make_app):
    make_app(slack_config)  # Slack is up: a call at start-up (auth.test) would be seen
    assert slack.calls == []
    slack.down()
    app = make_app(slack_config)  # and while it is unreachable, start-up still succeeds
    assert "slack" in app.extensions


def test_command_text_with_the_word_payload_works(slack, slack_client):
    answer = command(slack, slack_client, "payload")
    assert answer["response_type"] == "ephemeral"
    assert "payload" in answer["blocks"][0]["text"]["text"]


def test_signing_secret_is_the_configured_one(slack_client, slack):
    url = slack.new_response_url()
    response = post(slack_client, command_body("help", url), secret=SIGNING_SECRET)
    assert "/leads reached" in str(answer_to(slack, response, url)["blocks"])
