"""chat.getPermalink in the emulator, as strict as Slack: both arguments, a channel the
bot may see, a message that exists there, and Slack's permalink format; and the values
message metadata may carry (what the digest's metadata is held to)."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError

from tests.support.emulator_client import CHANNEL, client_for


def error_of(call) -> str:
    with pytest.raises(SlackApiError) as refused:
        call()
    return refused.value.response.data["error"]


def test_a_message_gets_slacks_permalink_and_a_reply_names_its_thread(emu):
    client = client_for(emu)
    emu.scopes = {"chat:write"}  # no scope of its own: "No scope required"
    parent = client.chat_postMessage(channel=CHANNEL, text="card")["ts"]
    reply = client.chat_postMessage(channel=CHANNEL, text="reply", thread_ts=parent)["ts"]
    answer = client.chat_getPermalink(channel=CHANNEL, message_ts=parent)
    assert answer["channel"] == CHANNEL
    assert answer["permalink"] == (
        f"https://acmelaw.slack.com/archives/{CHANNEL}/p{parent.replace('.', '')}"
    )
    threaded = client.chat_getPermalink(channel=CHANNEL, message_ts=reply)["permalink"]
    assert threaded == (
        f"https://acmelaw.slack.com/archives/{CHANNEL}/p{reply.replace('.', '')}"
        f"?thread_ts={parent}&cid={CHANNEL}"
    )


def test_unknown_messages_and_channels_the_bot_cannot_see_are_refused(emu):
    client = client_for(emu)
    ts = client.chat_postMessage(channel=CHANNEL, text="card")["ts"]
    emu.add_channel("C0SECRET", "secret", bot_in=False)
    emu.add_channel("C0PUBLIC", "general", private=False, bot_in=False)
    public_ts = "1700000000.000100"
    assert error_of(lambda: client.chat_getPermalink(channel=CHANNEL, message_ts="1.2")) == (
        "message_not_found"
    )
    assert error_of(lambda: client.chat_getPermalink(channel=CHANNEL, message_ts="")) == (
        "message_not_found"
    )
    for channel in ("C0SECRET", "C0NOWHERE", ""):
        assert error_of(lambda c=channel: client.chat_getPermalink(channel=c, message_ts=ts)) == (
            "channel_not_found"
        )
    # A public channel is visible without the bot in it: only the message is missing.
    assert error_of(lambda: client.chat_getPermalink(channel="C0PUBLIC", message_ts=public_ts)) == (
        "message_not_found"
    )
    # The message exists, but in another channel than the one named.
    assert error_of(lambda: client.chat_getPermalink(channel="C0PUBLIC", message_ts=ts)) == (
        "message_not_found"
    )


def test_a_private_channel_the_bot_left_hides_its_messages(emu):
    client = client_for(emu)
    ts = client.chat_postMessage(channel=CHANNEL, text="card")["ts"]
    emu.remove_bot(CHANNEL)
    assert error_of(lambda: client.chat_getPermalink(channel=CHANNEL, message_ts=ts)) == (
        "channel_not_found"
    )


@pytest.mark.parametrize(
    "payload, accepted",
    [
        ({"day": "2026-03-30", "lead_ids": "1,2,3", "count": 3, "late": False}, True),
        ({"leads": [{"id": 1, "name": "x"}], "owner": {"id": "U1"}}, True),
        ({"lead_ids": [1, 2, 3]}, False),  # a list of numbers, not of objects
        ({"nested": {"deeper": {"id": 1}}}, False),
        ({"none": None}, False),
    ],
)
def test_message_metadata_is_held_to_slacks_types(emu, payload, accepted):
    client = client_for(emu)
    metadata = {"event_type": "leads_digest", "event_payload": payload}

    def post():
        return client.chat_postMessage(channel=CHANNEL, text="digest", metadata=metadata)

    if accepted:
        assert post()["ok"]
    else:
        assert error_of(post) == "invalid_metadata_format"
        assert emu.messages(CHANNEL) == []
