"""The emulator gives the bot no more than Slack does: scopes, private channels, pages,
response URLs that expire, its own messages only, Slack's users and rate limits."""

from __future__ import annotations

import json

import pytest
from slack_sdk.errors import SlackApiError

from tests.support.emulator_client import CHANNEL, client_for, post_json


def error_of(call) -> dict:
    with pytest.raises(SlackApiError) as refused:
        call()
    return refused.value.response.data


@pytest.mark.parametrize(
    "scope, method, args",
    [
        ("chat:write", "chat_postMessage", {"channel": CHANNEL, "text": "x"}),
        ("users:read", "users_info", {"user": "U0BOT"}),
        ("groups:read", "conversations_info", {"channel": CHANNEL}),
        ("groups:read", "conversations_members", {"channel": CHANNEL}),
        ("groups:history", "conversations_history", {"channel": CHANNEL}),
    ],
)
def test_a_missing_scope_names_what_is_needed_and_what_the_token_has(emu, scope, method, args):
    emu.scopes.discard(scope)
    answer = error_of(lambda: getattr(client_for(emu), method)(**args))
    assert answer["error"] == "missing_scope"
    assert answer["needed"] == scope
    assert answer["provided"] == ",".join(sorted(emu.scopes))
    assert emu.messages(CHANNEL) == []


def test_scopes_follow_the_kind_of_channel_and_auth_test_needs_none(emu):
    emu.add_channel("C0PUBLIC", "general", private=False)
    emu.scopes = {"channels:read"}
    client = client_for(emu)
    assert client.conversations_info(channel="C0PUBLIC")["channel"]["is_private"] is False
    assert error_of(lambda: client.conversations_info(channel=CHANNEL))["needed"] == "groups:read"
    emu.scopes = set()
    assert client.auth_test()["ok"]


def test_a_private_channel_the_bot_is_not_in_does_not_exist_for_it(emu):
    client = client_for(emu)
    emu.remove_bot(CHANNEL)
    for call in (
        lambda: client.chat_postMessage(channel=CHANNEL, text="x"),
        lambda: client.conversations_info(channel=CHANNEL),
        lambda: client.conversations_history(channel=CHANNEL),
        lambda: client.conversations_members(channel=CHANNEL),
    ):
        assert error_of(call)["error"] == "channel_not_found"
    emu.invite_bot(CHANNEL)
    info = client.conversations_info(channel=CHANNEL)["channel"]
    assert (info["is_private"], info["is_member"], info["is_ext_shared"]) == (True, True, False)


def test_a_public_channel_the_bot_is_not_in_can_be_seen_not_used(emu):
    emu.add_channel("C0PUBLIC", "general", private=False, ext_shared=True, bot_in=False)
    emu.scopes |= {"channels:read", "channels:history"}  # a public channel's scopes
    client = client_for(emu)
    info = client.conversations_info(channel="C0PUBLIC")["channel"]
    assert (info["is_member"], info["is_ext_shared"]) == (False, True)
    post = lambda: client.chat_postMessage(channel="C0PUBLIC", text="x")  # noqa: E731
    assert error_of(post)["error"] == "not_in_channel"
    history = lambda: client.conversations_history(channel="C0PUBLIC")  # noqa: E731
    assert error_of(history)["error"] == "not_in_channel"
    emu.scopes.add("chat:write.public")  # lets a bot post to public channels it is not in
    assert post()["ok"]


def test_members_are_paginated_and_can_include_guests_and_outsiders(emu):
    emu.add_members(CHANNEL, "U0GUEST", "U0OUTSIDER", "U0ALICE")
    client = client_for(emu)
    first = client.conversations_members(channel=CHANNEL, limit=3)
    cursor = first["response_metadata"]["next_cursor"]
    second = client.conversations_members(channel=CHANNEL, limit=3, cursor=cursor)
    assert first["members"] + second["members"] == ["U0BOT", "U0GUEST", "U0OUTSIDER", "U0ALICE"]
    assert second["response_metadata"]["next_cursor"] == ""


def test_history_and_replies_come_in_pages(emu):
    client = client_for(emu)
    posted = [client.chat_postMessage(channel=CHANNEL, text=f"m{n}")["ts"] for n in range(7)]
    for n in range(4):
        client.chat_postMessage(channel=CHANNEL, text=f"r{n}", thread_ts=posted[0])
    seen, cursor, pages = [], None, 0
    while cursor != "":
        page = client.conversations_history(channel=CHANNEL, limit=3, cursor=cursor)
        assert page["has_more"] is (page["response_metadata"]["next_cursor"] != "")
        seen += [m["ts"] for m in page["messages"]]
        cursor, pages = page["response_metadata"]["next_cursor"], pages + 1
    assert (seen, pages) == (posted[::-1], 3)
    first = client.conversations_replies(channel=CHANNEL, ts=posted[0], limit=2)
    assert first["has_more"] and len(first["messages"]) == 2
    assert len(client.conversations_history(channel=CHANNEL)["messages"]) == 7  # default 100
    for bad in ({"limit": 1000}, {"limit": "many"}, {"cursor": "bm9wZQ=="}):
        answer = error_of(lambda b=bad: client.conversations_history(channel=CHANNEL, **b))
        assert answer["error"] in ("invalid_limit", "invalid_cursor")


def test_a_response_url_takes_five_posts_within_thirty_minutes(emu):
    url = emu.new_response_url()
    assert [post_json(url, {"text": f"{n}"})[0] for n in range(5)] == [200] * 5
    status, body = post_json(url, {"text": "sixth"})
    assert (status, json.loads(body)["error"]) == (404, "used_url")
    fresh = emu.new_response_url()
    emu.age_response_url(fresh, minutes=29)
    assert post_json(fresh, {"text": "still good"})[0] == 200
    emu.age_response_url(fresh, minutes=2)
    status, body = post_json(fresh, {"text": "too late"})
    assert (status, json.loads(body)["error"]) == (404, "expired_url")
    assert len(emu.response_posts(fresh)) == 1


def test_chat_update_edits_only_the_bots_own_messages(emu):
    human = emu.plant_message(CHANNEL, user="U0ALICE", text="my words")
    client = client_for(emu)
    answer = error_of(lambda: client.chat_update(channel=CHANNEL, ts=human, text="edited"))
    assert answer["error"] == "cant_update_message"
    assert emu.messages(CHANNEL)[0]["text"] == "my words"
    ours = client.chat_postMessage(channel=CHANNEL, text="card")["ts"]
    assert client.chat_update(channel=CHANNEL, ts=ours, text="card v2")["ok"]


def test_slackbot_grid_members_and_app_users_look_as_slack_shows_them():
    from tests.support.slack_emulator import SlackEmulator

    with SlackEmulator(enterprise_id="E0ACME") as emu:
        emu.add_grid_user("W0GRID", home_team="T0OTHER", teams=["T0OTHER", "T0LEADS"])
        emu.add_user("U0ADMIN", is_app_user=True)
        client = client_for(emu)
        slackbot = client.users_info(user="USLACKBOT")["user"]
        grid = client.users_info(user="W0GRID")["user"]
        admin = client.users_info(user="U0ADMIN")["user"]
    assert (slackbot["is_bot"], slackbot["deleted"]) == (False, False)
    assert (grid["team_id"], grid["enterprise_id"]) == ("T0OTHER", "E0ACME")
    assert grid["enterprise_user"] == {
        "id": "W0GRID",
        "enterprise_id": "E0ACME",
        "enterprise_name": "Acme Law Group",
        "is_admin": False,
        "is_owner": False,
        "teams": ["T0OTHER", "T0LEADS"],
    }
    assert (admin["is_app_user"], admin["is_bot"]) == (True, False)


def test_a_rate_limit_answers_429_with_retry_after_until_lifted(emu):
    emu.limit("users.info", per_minute=2)
    client = client_for(emu)
    for _ in range(2):
        assert client.users_info(user="U0BOT")["ok"]
    with pytest.raises(SlackApiError) as limited:
        client.users_info(user="U0BOT")
    assert limited.value.response.status_code == 429
    assert 1 <= int(limited.value.response.headers["Retry-After"]) <= 60
    assert limited.value.response["error"] == "ratelimited"
    assert client.auth_test()["ok"]  # other methods are not limited
    emu.limit("users.info", per_minute=None)
    assert client.users_info(user="U0BOT")["ok"]
