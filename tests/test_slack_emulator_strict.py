"""The emulator refuses the Block Kit payloads Slack refuses, with Slack's errors, and posts
what Slack would post: Slack's documented examples and the app's own card."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from slack_sdk.errors import SlackApiError

from db.models import Lead, LeadState, Resume
from slackkit.cards import card_blocks
from tests.support.emulator_client import CHANNEL, client_for, post_json
from tests.support.slack_emulator.blocks import block_errors

# Slack's Block Kit reference examples (docs.slack.dev/reference/block-kit/blocks/...).
SECTION_EXAMPLE = {
    "type": "section",
    "text": {
        "type": "mrkdwn",
        "text": "A message *with some bold text* and _some italicized text_.",
    },
}
ACTIONS_EXAMPLE = {
    "type": "actions",
    "block_id": "actions1",
    "elements": [
        {
            "type": "static_select",
            "placeholder": {"type": "plain_text", "text": "Which witch is the witchiest witch?"},
            "action_id": "select_2",
            "options": [
                {"text": {"type": "plain_text", "text": "Matilda"}, "value": "matilda"},
                {"text": {"type": "plain_text", "text": "Glinda"}, "value": "glinda"},
            ],
        },
        {"type": "button", "text": {"type": "plain_text", "text": "Cancel"}, "value": "cancel",
         "action_id": "button_1"},
    ],
}  # fmt: skip


def text(n: int, kind: str = "mrkdwn") -> dict:
    return {"type": kind, "text": "x" * n}


def button(action_id: str = "go", label: str = "Go", **more) -> dict:
    return {"type": "button", "text": text(len(label), "plain_text") | {"text": label},
            "action_id": action_id, **more}  # fmt: skip


def section(**fields) -> dict:
    return {"type": "section", **fields}


# (blocks, a reason Slack gives for refusing them)
INVALID = {
    "unknown block type": ([{"type": "banner", "text": text(3)}], "unsupported type: banner"),
    "unknown block field": (
        [{"type": "divider", "colour": "red"}],
        "invalid additional property: colour [json-pointer:/blocks/0]",
    ),
    "emoji on mrkdwn": (
        [section(text=text(3) | {"emoji": True})],
        "invalid additional property: emoji [json-pointer:/blocks/0/text]",
    ),
    "unknown text type": ([section(text=text(3, "markdown"))], "[json-pointer:/blocks/0/text"),
    "section text 3001": (
        [section(text=text(3001))],
        "must be less than 3001 characters [json-pointer:/blocks/0/text/text]",
    ),
    "11 fields": ([section(fields=[text(1)] * 11)], "no more than 10 items allowed"),
    "field 2001": (
        [section(fields=[text(2001)])],
        "must be less than 2001 characters [json-pointer:/blocks/0/fields/0/text]",
    ),
    "neither text nor fields": ([section()], "must define either `text` or `fields`"),
    "empty text": ([section(text=text(0))], "must be more than 0 characters"),
    "header 151": (
        [{"type": "header", "text": text(151, "plain_text")}],
        "must be less than 151 characters [json-pointer:/blocks/0/text/text]",
    ),
    "mrkdwn header": ([{"type": "header", "text": text(5)}], "/blocks/0/text/type"),
    "button text 76": (
        [{"type": "actions", "elements": [button(label="x" * 76)]}],
        "must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]",
    ),
    "mrkdwn button": (
        [{"type": "actions", "elements": [button() | {"text": text(2)}]}],
        "/blocks/0/elements/0/text/type",
    ),
    "value 2001": (
        [{"type": "actions", "elements": [button(value="v" * 2001)]}],
        "must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]",
    ),
    "action_id 256": (
        [{"type": "actions", "elements": [button(action_id="a" * 256)]}],
        "must be less than 256 characters [json-pointer:/blocks/0/elements/0/action_id]",
    ),
    "unknown button field": (
        [{"type": "actions", "elements": [button(colour="red")]}],
        "invalid additional property: colour",
    ),
    "26 actions": (
        [{"type": "actions", "elements": [button(f"b{n}") for n in range(26)]}],
        "no more than 25 items allowed [json-pointer:/blocks/0/elements]",
    ),
    "11 context elements": (
        [{"type": "context", "elements": [text(1)] * 11}],
        "no more than 10 items allowed [json-pointer:/blocks/0/elements]",
    ),
    "button in a context": (
        [{"type": "context", "elements": [button()]}],
        "[json-pointer:/blocks/0/elements/0]",
    ),
    "action_id twice in a block": (
        [{"type": "actions", "elements": [button("same"), button("same")]}],
        "action_id must be unique in its block [json-pointer:/blocks/0/elements/1/action_id]",
    ),
    "block_id twice in a message": (
        [section(text=text(1), block_id="b"), section(text=text(1), block_id="b")],
        "block_id must be unique in a message [json-pointer:/blocks/1/block_id]",
    ),
    "51 blocks": (
        [{"type": "divider"}] * 51,
        "no more than 50 items allowed [json-pointer:/blocks]",
    ),
}


@pytest.mark.parametrize("case", INVALID)
def test_invalid_blocks_are_refused_with_slacks_reason(emu, case):
    blocks, reason = INVALID[case]
    with pytest.raises(SlackApiError) as refused:
        client_for(emu).chat_postMessage(channel=CHANNEL, text="fallback", blocks=blocks)
    answer = refused.value.response
    assert answer["error"] == "invalid_blocks"
    assert any(reason in error for error in answer["errors"]), answer["errors"]
    assert answer["response_metadata"]["messages"][0].startswith("[ERROR] ")
    assert emu.messages(CHANNEL) == []


def test_slacks_examples_and_the_apps_card_are_posted(emu):
    lead = Lead(id=7, first_name="Ada", last_name="Lovelace", email="ada@example.com",
                state=LeadState.PENDING, created_at=datetime.now(UTC))  # fmt: skip
    resume = Resume(filename="cv.pdf", size=2048, created_at=datetime.now(UTC))
    client = client_for(emu)
    for blocks in ([SECTION_EXAMPLE, ACTIONS_EXAMPLE], card_blocks(lead, resume)):
        assert client.chat_postMessage(channel=CHANNEL, text="x", blocks=blocks)["ok"]
    # Buttons in different blocks may share an action_id: Slack asks for uniqueness
    # within the containing block only.
    rows = [section(text=text(2), accessory=button("mark")) for _ in range(10)]
    assert client.chat_postMessage(channel=CHANNEL, text="x", blocks=rows)["ok"]
    assert len(emu.messages(CHANNEL)) == 3


def test_a_view_holds_100_blocks_and_a_message_50():
    divider = {"type": "divider"}
    assert block_errors([divider] * 100, surface="view") == []
    assert block_errors([divider] * 101, surface="view") != []
    assert block_errors([divider] * 50) == []


def test_text_over_40000_characters_is_msg_too_long(emu):
    client = client_for(emu)
    with pytest.raises(SlackApiError, match="msg_too_long"):
        client.chat_postMessage(channel=CHANNEL, text="x" * 40_001)
    assert client.chat_postMessage(channel=CHANNEL, text="x" * 40_000)["ok"]


def test_blocks_that_are_not_json_are_invalid_blocks_format(emu):
    with pytest.raises(SlackApiError, match="invalid_blocks_format"):
        client_for(emu).api_call(
            "chat.postMessage", params={"channel": CHANNEL, "text": "x", "blocks": "[{"}
        )


def test_update_ephemeral_and_response_urls_check_blocks_too(emu):
    client = client_for(emu)
    bad = [section(text=text(3001))]
    ts = client.chat_postMessage(channel=CHANNEL, text="card")["ts"]
    with pytest.raises(SlackApiError, match="invalid_blocks"):
        client.chat_update(channel=CHANNEL, ts=ts, text="card", blocks=bad)
    assert emu.messages(CHANNEL)[0].get("blocks") is None
    emu.add_user("U0ALICE")
    emu.add_members(CHANNEL, "U0ALICE")
    with pytest.raises(SlackApiError, match="invalid_blocks"):
        client.chat_postEphemeral(channel=CHANNEL, user="U0ALICE", text="x", blocks=bad)
    url = emu.new_response_url()
    status, body = post_json(url, {"text": "x", "blocks": bad})
    assert status == 400 and json.loads(body)["error"] == "invalid_blocks"
    assert emu.response_posts(url) == []
