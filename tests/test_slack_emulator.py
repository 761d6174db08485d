"""The Slack emulator answers the real slack_sdk client the way Slack would."""

from __future__ import annotations

import json

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.support.emulator_client import (
    CARD_BLOCKS,
    CARD_METADATA,
    CHANNEL,
    client_for,
)
from tests.support.slack_emulator import SlackEmulator


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


def test_post_to_unknown_or_foreign_channel_fails(emu):
    emu.add_channel("C0OTHER", "other", private=False, bot_in=False)
    emu.add_channel("C0SECRET", "secret", private=True, bot_in=False)
    emu.scopes.add("channels:read")  # a public channel's conversations.info needs it
    client = client_for(emu)
    with pytest.raises(SlackApiError, match="channel_not_found"):
        client.chat_postMessage(channel="C0NOPE", text="x")
    with pytest.raises(SlackApiError, match="not_in_channel"):
        client.chat_postMessage(channel="C0OTHER", text="x")
    with pytest.raises(SlackApiError, match="channel_not_found"):  # Slack hides it
        client.chat_postMessage(channel="C0SECRET", text="x")
    assert client.conversations_info(channel="C0OTHER")["channel"]["is_member"] is False
    assert emu.messages("C0OTHER") == [] and emu.messages("C0SECRET") == []


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
