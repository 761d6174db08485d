"""views.publish in the emulator is as strict as Slack's: the user must exist, the view be
a Home of at most 100 valid blocks, the Home tab enabled, a given hash current; and the
view published is kept per user, as Slack keeps it."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError

from tests.support.emulator_client import client_for

SECTION = {"type": "section", "text": {"type": "mrkdwn", "text": "hello"}}
LONG = {"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}
TITLE = {"type": "plain_text", "text": "x"}


def refused(call) -> dict:
    with pytest.raises(SlackApiError) as error:
        call()
    return error.value.response.data


@pytest.fixture
def member(emu):
    emu.add_user("U0MEMBER", name="member")
    return "U0MEMBER"


def test_a_home_is_published_and_kept_for_its_user(emu, member):
    answer = client_for(emu).views_publish(
        user_id=member, view={"type": "home", "blocks": [SECTION]}
    )
    assert answer["view"]["type"] == "home" and answer["view"]["hash"]
    home = emu.home_of(member)
    assert home["blocks"][0]["text"]["text"] == "hello"
    assert home["blocks"][0]["block_id"]  # Slack names blocks that came without an id
    assert emu.home_of("U0BOT") is None


def test_an_unknown_user_is_invalid_arguments(emu):
    data = refused(
        lambda: client_for(emu).views_publish(
            user_id="U0NOBODY", view={"type": "home", "blocks": []}
        )
    )
    assert data["error"] == "invalid_arguments"
    assert data["response_metadata"]["messages"] == ["invalid `user_id`"]


@pytest.mark.parametrize(
    "view, reason",
    [
        ({"type": "modal", "blocks": [SECTION]}, "must be home"),
        ({"type": "home", "blocks": [SECTION] * 101}, "no more than 100 items"),
        ({"type": "home", "blocks": [LONG]}, "3001"),
        ({"type": "home", "blocks": [{"type": "table", "rows": []}]}, "unsupported type: table"),
        ({"type": "home", "blocks": [SECTION], "title": TITLE}, "additional property: title"),
        ({"type": "home", "blocks": [SECTION], "private_metadata": "x" * 3001}, "private_metadata"),
    ],
    ids=["modal", "101-blocks", "long-text", "message-only-block", "title", "metadata"],
)  # fmt: skip
def test_a_view_slack_would_refuse_is_refused(emu, member, view, reason):
    data = refused(lambda: client_for(emu).views_publish(user_id=member, view=view))
    assert data["error"] == "invalid_arguments"
    assert reason in " ".join(data["response_metadata"]["messages"])
    assert emu.home_of(member) is None


def test_a_hundred_blocks_are_accepted(emu, member):
    client_for(emu).views_publish(user_id=member, view={"type": "home", "blocks": [SECTION] * 100})
    assert len(emu.home_of(member)["blocks"]) == 100


def test_home_tab_off_is_not_enabled(emu, member):
    emu.home_tab_enabled = False
    data = refused(
        lambda: client_for(emu).views_publish(
            user_id=member, view={"type": "home", "blocks": [SECTION]}
        )
    )
    assert data["error"] == "not_enabled"


def test_a_stale_hash_is_a_conflict(emu, member):
    client = client_for(emu)
    first = client.views_publish(user_id=member, view={"type": "home", "blocks": [SECTION]})
    second = client.views_publish(
        user_id=member, view={"type": "home", "blocks": [SECTION]}, hash=first["view"]["hash"]
    )
    data = refused(
        lambda: client.views_publish(
            user_id=member, view={"type": "home", "blocks": []}, hash=first["view"]["hash"]
        )
    )
    assert data["error"] == "hash_conflict"
    assert emu.home_of(member)["hash"] == second["view"]["hash"]


def test_views_publish_needs_the_bot_token_and_may_be_rate_limited(emu, member):
    from slack_sdk import WebClient

    data = refused(
        lambda: WebClient(base_url=emu.api_url).views_publish(
            user_id=member, view={"type": "home", "blocks": []}
        )
    )
    assert data["error"] == "not_authed"
    emu.limit("views.publish", 1)
    client = client_for(emu)
    client.views_publish(user_id=member, view={"type": "home", "blocks": [SECTION]})
    with pytest.raises(SlackApiError) as limited:
        client.views_publish(user_id=member, view={"type": "home", "blocks": [SECTION]})
    assert limited.value.response.status_code == 429
