"""`flask --app web slack check` on the leads channel: the scopes its kind needs, and who
sees the cards there (private, not shared with another organisation, guests counted but
never named); and the app-level token for Socket Mode."""

from __future__ import annotations

import pytest

from db.migrate import upgrade
from tests.support.slack_requests import CHANNEL
from web import create_app

PUBLIC_SCOPES = {"channels:read", "channels:history"}


def check(config) -> tuple[int, str]:
    app = create_app(config)
    upgrade(app.extensions["db"].engine)
    result = app.test_cli_runner().invoke(args=["slack", "check"])
    app.extensions["db"].engine.dispose()
    return result.exit_code, result.output


def test_a_private_channel_of_members_passes(slack_config, slack):
    slack.add_members(CHANNEL, "U0MEMBER")
    code, output = check(slack_config)
    assert code == 0, output
    assert "channel OK: #leads (C0LEADS), private" in output
    assert "warning" not in output


def test_a_private_channel_needs_the_groups_scopes(slack_config, slack):
    slack.scopes.discard("groups:history")
    slack.scopes |= PUBLIC_SCOPES  # a public channel's scopes do not stand in for them
    code, output = check(slack_config)
    assert code == 1
    assert "missing scopes groups:history for a private channel" in output


def test_a_public_channel_needs_the_channels_scopes_and_is_refused(slack_config, slack):
    slack.add_channel(CHANNEL, "leads", private=False)
    slack.scopes -= {"groups:read", "groups:history"}
    slack.scopes |= PUBLIC_SCOPES
    code, output = check(slack_config)
    assert code == 1
    assert "missing scopes" not in output  # groups:* are not asked of a public channel
    assert "#leads is public: anyone in the workspace can join it and see every card" in output


def test_a_public_channel_without_its_scopes_says_which(slack_config, slack):
    slack.add_channel(CHANNEL, "leads", private=False)
    slack.scopes.add("channels:read")
    code, output = check(slack_config)
    assert code == 1
    assert "missing scopes channels:history for a public channel" in output


def test_a_channel_shared_with_another_organisation_is_refused(slack_config, slack):
    slack.add_channel(CHANNEL, "leads", ext_shared=True)
    code, output = check(slack_config)
    assert code == 1
    assert "#leads is shared with another organisation (Slack Connect)" in output


@pytest.mark.parametrize(
    "guests, said",
    [
        ({"U0TEMP": {"is_restricted": True}}, "1 guest is in #leads"),
        (
            {
                "U0TEMP": {"is_restricted": True},
                "U0VISIT": {"is_ultra_restricted": True, "is_restricted": True},
            },
            "2 guests are in #leads",
        ),
    ],
    ids=["one", "two"],
)
def test_guests_are_counted_never_named(slack_config, slack, guests, said):
    for user_id, fields in guests.items():
        slack.add_user(user_id, name=f"{user_id.lower()}-name", real_name="Gus Guest", **fields)
    slack.add_members(CHANNEL, "U0MEMBER", *guests)
    code, output = check(slack_config)
    assert code == 0, output
    assert f"warning: {said} and see every card" in output
    for user_id in guests:
        assert user_id not in output and user_id.lower() not in output
    assert "Gus" not in output


def test_every_page_of_members_is_read(slack_config, slack):
    people = [f"U0P{n:04d}" for n in range(230)]  # more than one page of 200
    for user_id in people:
        slack.add_user(user_id)
    slack.add_user("U0LAST", is_restricted=True)
    slack.add_members(CHANNEL, *people, "U0LAST")
    code, output = check(slack_config)
    assert "1 guest is in #leads" in output
    assert len(slack.calls_to("conversations.members")) == 2


def test_members_slack_would_not_show_are_said_to_be_unchecked(slack_config, slack):
    slack.add_members(CHANNEL, "U0GONE")  # users.info: user_not_found
    code, output = check(slack_config)
    assert "could not look up 1 member(s) of #leads: run the check again" in output


def test_the_app_level_token_is_checked(slack_config, slack):
    del slack_config["SLACK_SIGNING_SECRET"]  # over Socket Mode nothing is signed
    slack_config["SLACK_APP_TOKEN"] = slack.app_token
    code, output = check(slack_config)
    assert code == 0, output
    assert "app-level token OK" in output
    slack.app_scopes.clear()
    code, output = check(slack_config)
    assert code == 1
    assert "apps.connections.open failed (missing_scope)" in output
    assert "connections:write" in output


def test_a_wrong_app_level_token_is_named(slack_config, slack):
    slack_config["SLACK_APP_TOKEN"] = "xapp-wrong"
    code, output = check(slack_config)
    assert code == 1
    assert "apps.connections.open failed (invalid_auth)" in output
    assert "SLACK_APP_TOKEN" in output
