"""`flask --app web slack check` says in plain words what is wrong and how to fix it."""

from __future__ import annotations

from web import create_app


def check(config) -> tuple[int, str]:
    result = create_app(config).test_cli_runner().invoke(args=["slack", "check"])
    return result.exit_code, result.output


def test_a_good_setup_passes(slack_config):
    code, output = check(slack_config)
    assert code == 0, output
    assert "token OK: bot leads in workspace Acme Law (T0LEADS)" in output
    assert "channel OK: #leads (C0LEADS)" in output
    assert "Slack is set up." in output


def test_missing_settings_are_named(config):
    code, output = check(config)
    assert code == 1
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_LEADS_CHANNEL"):
        assert f"{name} is not set" in output


def test_a_wrong_token(slack_config):
    slack_config["SLACK_BOT_TOKEN"] = "xoxb-wrong"
    code, output = check(slack_config)
    assert code == 1
    assert "auth.test failed (invalid_auth)" in output
    assert "SLACK_BOT_TOKEN" in output


def test_the_bot_not_in_a_public_channel(slack_config, slack):
    slack.add_channel("C0LEADS", "leads", private=False, bot_in=False)
    slack.scopes |= {"channels:read", "channels:history"}
    code, output = check(slack_config)
    assert code == 1
    assert "the bot is not in #leads: type /invite @leads in that channel" in output


def test_the_bot_not_in_a_private_channel(slack_config, slack):
    slack.remove_bot("C0LEADS")  # Slack then answers as if the channel did not exist
    code, output = check(slack_config)
    assert code == 1
    assert "channel C0LEADS: channel_not_found" in output
    assert "/invite @leads" in output


def test_an_unknown_channel(slack_config):
    slack_config["SLACK_LEADS_CHANNEL"] = "C0NOPE"
    code, output = check(slack_config)
    assert code == 1
    assert "channel C0NOPE: channel_not_found" in output


def test_missing_scopes(slack_config, slack):
    slack.scopes.discard("groups:history")
    code, output = check(slack_config)
    assert code == 1
    assert "missing scopes groups:history" in output


def test_a_missing_read_scope_is_named_not_blamed_on_the_channel(slack_config, slack):
    slack.scopes.discard("groups:read")  # conversations.info on a private channel needs it
    code, output = check(slack_config)
    assert code == 1
    assert "channel C0LEADS: missing_scope groups:read: add it in the manifest" in output
    assert "SLACK_LEADS_CHANNEL to the channel ID" not in output


def test_slack_unreachable(slack_config, slack):
    slack.down()
    code, output = check(slack_config)
    assert code == 1
    assert "cannot reach Slack" in output
