"""The emulator's faults, response URLs and bookkeeping: what the delivery tests lean on."""

from __future__ import annotations

import json
import time
from urllib.error import URLError

import pytest
from slack_sdk.errors import SlackApiError

from tests.support.emulator_client import (
    CARD_METADATA,
    CHANNEL,
    client_for,
    post_json,
)
from tests.support.polling import until


def test_rate_limit_carries_retry_after(emu):
    emu.rate_limit_next("chat.postMessage", retry_after=7)
    client = client_for(emu)

    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel=CHANNEL, text="x")
    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "7"
    assert raised.value.response["error"] == "ratelimited"
    assert emu.messages(CHANNEL) == []
    assert client.chat_postMessage(channel=CHANNEL, text="x")["ok"] is True


def test_fail_next_answers_500_then_recovers(emu):
    emu.fail_next("chat.postMessage", status=500)
    client = client_for(emu)

    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel=CHANNEL, text="x")
    assert raised.value.response.status_code == 500
    assert client.auth_test()["ok"] is True
    assert client.chat_postMessage(channel=CHANNEL, text="x")["ok"] is True
    assert len(emu.calls_to("chat.postMessage")) == 2
    assert len(emu.messages(CHANNEL)) == 1


def test_faults_for_all_methods_are_consumed_in_order(emu):
    emu.error_next(None, error="fatal_error")
    emu.error_next("auth.test", error="account_inactive", times=2)
    client = client_for(emu)

    errors = []
    for _ in range(4):
        try:
            client.auth_test()
            errors.append("ok")
        except SlackApiError as error:
            errors.append(error.response["error"])
    assert errors == ["fatal_error", "account_inactive", "account_inactive", "ok"]


def test_error_next_answers_200_with_the_error(emu):
    emu.error_next("conversations.history", error="channel_not_found")
    client = client_for(emu)

    with pytest.raises(SlackApiError) as raised:
        client.conversations_history(channel=CHANNEL)
    assert raised.value.response.status_code == 200
    assert raised.value.response["error"] == "channel_not_found"
    assert client.conversations_history(channel=CHANNEL)["ok"] is True


def test_fail_for_is_an_outage_window(emu):
    started = time.monotonic()
    emu.fail_for(None, seconds=1.0, status=503)
    client = client_for(emu, retry_handlers=[])

    def answers_ok() -> bool:
        try:
            return client.auth_test()["ok"] is True
        except SlackApiError as error:
            assert error.response.status_code == 503
            return False

    assert not answers_ok()
    until(answers_ok, "the end of the outage", timeout=10)
    assert time.monotonic() - started >= 1.0


def test_response_url_accepts_five_posts(emu):
    url = emu.new_response_url()
    assert url.startswith(emu.response_url_base)

    answers = [post_json(url, {"text": f"update {n}"}) for n in range(6)]
    assert answers[:5] == [(200, "ok")] * 5
    assert answers[5][0] == 404
    assert json.loads(answers[5][1])["error"] == "used_url"
    assert emu.response_posts(url)[0] == {"text": "update 0"}
    assert len(emu.calls_to("response_url")) == 6
    assert post_json(f"{emu.response_url_base}not-issued", {"text": "x"})[0] == 404


def test_down_refuses_connections_and_up_comes_back_on_the_same_port(emu):
    client = client_for(emu, retry_handlers=[])
    api_url = emu.api_url
    emu.down()

    with pytest.raises(URLError):
        client.auth_test()
    emu.up()
    assert emu.api_url == api_url
    assert client.auth_test()["ok"] is True
    assert len(emu.calls_to("auth.test")) == 1


def test_accept_then_hang_posts_although_the_client_times_out(emu):
    # Held far longer than the client waits (stopping the emulator lets it go), so a
    # client that waited the hang out could not pass.
    emu.accept_then_hang("chat.postMessage", seconds=60)
    client = client_for(emu, timeout=1)

    started = time.monotonic()
    with pytest.raises(TimeoutError):
        client.chat_postMessage(channel=CHANNEL, text="New lead", metadata=CARD_METADATA)
    assert time.monotonic() - started < 30
    [message] = emu.messages(CHANNEL)
    assert message["metadata"] == CARD_METADATA
    history = client.conversations_history(channel=CHANNEL, include_all_metadata=True)
    assert history["messages"][0]["ts"] == message["ts"]


def test_wait_for_reports_what_it_saw(emu):
    client_for(emu).auth_test()
    with pytest.raises(AssertionError, match=r"auth\.test"):
        emu.wait_for("chat.postMessage", timeout=0.1)
    assert len(emu.wait_for("auth.test")) == 1


def test_reset_forgets_calls_faults_and_messages_but_keeps_users(emu):
    emu.add_user("U0ALICE")
    client = client_for(emu)
    client.chat_postMessage(channel=CHANNEL, text="x")
    emu.fail_next(None, times=3)

    emu.reset()
    assert emu.calls == []
    assert emu.messages(CHANNEL) == []
    assert client.users_info(user="U0ALICE")["ok"] is True
