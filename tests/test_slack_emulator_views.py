"""The emulator's views.open is as strict as Slack's: a trigger once and within 3 s, a
modal's title and submit within 24 characters, 100 blocks, each block checked."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slackkit.note_modal import note_view


def client(emu) -> WebClient:
    return WebClient(token=emu.token, base_url=emu.api_url)


def open_error(emu, trigger: str, view: dict) -> str:
    with pytest.raises(SlackApiError) as raised:
        client(emu).views_open(trigger_id=trigger, view=view)
    return raised.value.response["error"]


def test_a_modal_opens_once_with_a_fresh_trigger(emu):
    trigger = emu.new_trigger_id()
    answer = client(emu).views_open(trigger_id=trigger, view=note_view(7))
    assert answer["view"]["private_metadata"] == "7"
    assert open_error(emu, trigger, note_view(7)) == "exchanged_trigger_id"
    assert open_error(emu, "1.2.3", note_view(7)) == "invalid_trigger_id"


def test_a_trigger_older_than_three_seconds_has_expired(emu):
    trigger = emu.new_trigger_id()
    emu.age_trigger_id(trigger, 3.5)
    assert open_error(emu, trigger, note_view(7)) == "expired_trigger_id"
    assert emu.opened_views() == []


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"title": {"type": "plain_text", "text": "x" * 25}}, "/view/title/text"),
        ({"submit": {"type": "mrkdwn", "text": "Save"}}, "/view/submit/type"),
        ({"type": "home"}, "/view/type"),
        ({"submit": None}, "submit is required"),
        ({"private_metadata": "9" * 3001}, "/view/private_metadata"),
        ({"blocks": [{"type": "divider"}] * 101}, "no more than 100 items"),
        ({"blocks": [{"type": "markdown", "text": "hi"}]}, "unsupported type: markdown"),
    ],
)
def test_a_view_slack_would_refuse_is_refused(emu, change, reason):
    view = {**note_view(7), **change}
    view = {key: value for key, value in view.items() if value is not None}
    with pytest.raises(SlackApiError) as raised:
        client(emu).views_open(trigger_id=emu.new_trigger_id(), view=view)
    answer = raised.value.response
    assert answer["error"] == "invalid_arguments"
    assert any(reason in message for message in answer["response_metadata"]["messages"])


def test_an_input_longer_than_slack_allows_is_refused(emu):
    view = note_view(7)
    view["blocks"][0]["element"]["max_length"] = 3001
    with pytest.raises(SlackApiError) as raised:
        client(emu).views_open(trigger_id=emu.new_trigger_id(), view=view)
    assert "/view/blocks/0/element/max_length" in str(raised.value.response["response_metadata"])
