"""The Slack emulator answers the real slack_sdk client the way Slack would."""

from __future__ import annotations

import http.client
import json
import time
from urllib.error import URLError
from urllib.parse import urlsplit

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.support.slack_emulator import SlackEmulator

CHANNEL = "C0LEADS"
CARD_METADATA = {"event_type": "lead_card", "event_payload": {"application_id": 42}}
CARD_BLOCKS = [{"type": "section", "text": {"type": "mrkdwn", "text": "*New lead*"}}]


@pytest.fixture
def emu():
    with SlackEmulator() as emulator:
        yield emulator


def client_for(emu: SlackEmulator, **options) -> WebClient:
    return WebClient(token="xoxb-test", base_url=emu.api_url, **options)


def post_json(url: str, payload: dict) -> tuple[int, str]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        body = json.dumps(payload)
        connection.request("POST", parts.path, body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def test_auth_test_answers_with_the_configured_team():
    with SlackEmulator(team_id="T0OTHER", enterprise_id="E0ACME") as emu:
        answer = client_for(emu).auth_test()
    assert answer["team_id"] == "T0OTHER"
    assert answer["enterprise_id"] == "E0ACME"
    assert answer["user_id"] == "U0BOT"
    assert answer["bot_id"] == "B0BOT"
    assert answer.headers["Content-Type"] == "application/json; charset=utf-8"


def test_a_wrong_token_is_invalid_auth(emu):
    with pytest.raises(SlackApiError) as raised:
        WebClient(token="xoxb-wrong", base_url=emu.api_url).auth_test()
    assert raised.value.response.status_code == 200
    assert raised.value.response["error"] == "invalid_auth"


def test_posted_card_is_in_history_with_metadata_only_on_request(emu):
    client = client_for(emu)
    posted = client.chat_postMessage(
        channel=CHANNEL, text="New lead", blocks=CARD_BLOCKS, metadata=CARD_METADATA
    )
    second = client.chat_postMessage(channel=CHANNEL, text="Another lead")

    assert posted["channel"] == CHANNEL
    assert float(second["ts"]) > float(posted["ts"])
    with_metadata = client.conversations_history(channel=CHANNEL, include_all_metadata=True)
    assert [m["ts"] for m in with_metadata["messages"]] == [second["ts"], posted["ts"]]
    assert with_metadata["has_more"] is False
    assert with_metadata["messages"][1]["metadata"] == CARD_METADATA
    assert with_metadata["messages"][1]["blocks"] == CARD_BLOCKS
    plain = client.conversations_history(channel=CHANNEL)
    assert "metadata" not in plain["messages"][1]
    call = emu.calls_to("chat.postMessage")[0]
    assert call.params["metadata"] == CARD_METADATA
    assert call.headers["Authorization"] == "Bearer xoxb-test"


def test_form_encoded_json_fields_are_decoded(emu):
    client_for(emu).api_call(
        "chat.postMessage",
        params={"channel": CHANNEL, "text": "x", "blocks": json.dumps(CARD_BLOCKS)},
    )
    assert emu.wait_for("chat.postMessage")[0].params["blocks"] == CARD_BLOCKS
    assert emu.messages(CHANNEL)[0]["blocks"] == CARD_BLOCKS


def test_post_to_unknown_or_foreign_channel_fails():
    with SlackEmulator(channels_bot_not_in={"C0OTHER"}) as emu:
        client = client_for(emu)
        with pytest.raises(SlackApiError, match="channel_not_found"):
            client.chat_postMessage(channel="C0NOPE", text="x")
        with pytest.raises(SlackApiError, match="not_in_channel"):
            client.chat_postMessage(channel="C0OTHER", text="x")
        assert client.conversations_info(channel="C0OTHER")["channel"]["is_member"] is False
        assert emu.messages("C0OTHER") == []


def test_chat_update_rewrites_the_card(emu):
    client = client_for(emu)
    ts = client.chat_postMessage(channel=CHANNEL, text="New lead", blocks=CARD_BLOCKS)["ts"]
    updated = client.chat_update(channel=CHANNEL, ts=ts, text="Lead: invited", blocks=[])

    assert (updated["ts"], updated["text"]) == (ts, "Lead: invited")
    [message] = emu.messages(CHANNEL)
    assert message["text"] == "Lead: invited"
    assert message["blocks"] == []
    with pytest.raises(SlackApiError, match="message_not_found"):
        client.chat_update(channel=CHANNEL, ts="1.000000", text="nope")


def test_thread_replies_stay_out_of_history(emu):
    client = client_for(emu)
    parent = client.chat_postMessage(channel=CHANNEL, text="card")["ts"]
    client.chat_postMessage(channel=CHANNEL, text="applied again", thread_ts=parent)

    history = client.conversations_history(channel=CHANNEL)["messages"]
    assert [m["text"] for m in history] == ["card"]
    replies = client.conversations_replies(channel=CHANNEL, ts=parent)["messages"]
    assert [m["text"] for m in replies] == ["card", "applied again"]


def test_users_info_known_and_unknown(emu):
    emu.add_user("U0ALICE", real_name="Alice Smith", profile={"email": "alice@example.com"})
    client = client_for(emu)

    user = client.users_info(user="U0ALICE")["user"]
    assert user["real_name"] == "Alice Smith"
    assert user["team_id"] == "T0LEADS"
    assert user["profile"]["email"] == "alice@example.com"
    assert user["is_restricted"] is False
    assert "is_stranger" not in user
    with pytest.raises(SlackApiError) as raised:
        client.users_info(user="U0NOBODY")
    assert raised.value.response["error"] == "user_not_found"


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
    emu.fail_for(None, seconds=0.3, status=503)
    client = client_for(emu)

    with pytest.raises(SlackApiError) as raised:
        client.auth_test()
    assert raised.value.response.status_code == 503
    time.sleep(0.35)
    assert client.auth_test()["ok"] is True


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
    emu.accept_then_hang("chat.postMessage", seconds=3)
    client = client_for(emu, timeout=1)

    started = time.monotonic()
    with pytest.raises(TimeoutError):
        client.chat_postMessage(channel=CHANNEL, text="New lead", metadata=CARD_METADATA)
    assert time.monotonic() - started < 2.5
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
