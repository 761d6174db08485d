"""Slack's certificate check (`ssl_check=1`, no signature headers) is answered 200 before
any signature check, so that Slack accepts the request URL; nothing else unsigned is."""

from __future__ import annotations

import json

import pytest

from tests.support.slack_requests import command_body, signed_headers

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.mark.parametrize("body", ["ssl_check=1&token=legacy-verification-token", "ssl_check=1"])
def test_slacks_ssl_check_gets_200_without_a_signature(slack, slack_client, body):
    response = slack_client.post("/slack/events", data=body, headers=FORM)
    assert response.status_code == 200
    assert response.get_data() == b""
    assert slack.calls == []


def test_the_ssl_check_is_answered_before_slack_is_configured(client):
    """The request URL is saved on the same page that shows the signing secret."""
    response = client.post("/slack/events", data="ssl_check=1&token=x", headers=FORM)
    assert response.status_code == 200


def test_a_signed_ssl_check_gets_200_too(slack_client):
    body = "ssl_check=1&token=x"
    response = slack_client.post("/slack/events", data=body, headers=signed_headers(body))
    assert (response.status_code, response.get_data()) == (200, b"")


@pytest.mark.parametrize(
    "body, content_type",
    [
        ("ssl_check=1&" + command_body("all", "https://hooks.slack.com/commands/1/2/3"), None),
        ("ssl_check=1&payload=%7B%22type%22%3A%22block_actions%22%7D", None),
        ("ssl_check=1&text=all", None),
        ("ssl_check=1&ssl_check=1", None),
        ("ssl_check=0&token=x", None),
        ("ssl_check=true&token=x", None),
        ("ssl_check=&token=x", None),
        ("token=x", None),
        (json.dumps({"ssl_check": "1"}), "application/json"),
        ('{"ssl_check": "1"}', None),
    ],
    ids=[
        "with-a-command",
        "with-a-payload",
        "with-text",
        "twice",
        "zero",
        "true",
        "empty",
        "token-only",
        "json",
        "json-as-form",
    ],
)
def test_nothing_else_unsigned_is_answered(slack, slack_client, body, content_type):
    headers = {"Content-Type": content_type} if content_type else FORM
    response = slack_client.post("/slack/events", data=body, headers=headers)
    assert response.status_code == 401
    assert slack.calls == []
