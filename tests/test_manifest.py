"""manifest.yml matches what the code needs from Slack, asks for nothing more, and says
honestly who sees the cards; README's Socket Mode variant is the same app over a socket."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.setup_check import NEEDED_SCOPES

ROOT = Path(__file__).parent.parent
MANIFEST = yaml.safe_load((ROOT / "manifest.yml").read_text())


def test_command_and_interactivity_point_at_the_bolt_endpoint():
    (command,) = MANIFEST["features"]["slash_commands"]
    assert command["command"] == "/leads"
    assert command["usage_hint"]
    assert command["url"] == "https://YOUR-HOST/slack/events"
    assert MANIFEST["settings"]["interactivity"] == {
        "is_enabled": True,
        "request_url": "https://YOUR-HOST/slack/events",
    }
    assert MANIFEST["settings"]["socket_mode_enabled"] is False


def test_the_home_tab_is_on_and_its_event_comes_to_the_bolt_endpoint():
    assert MANIFEST["features"]["app_home"] == {
        "home_tab_enabled": True,
        "messages_tab_enabled": False,
        "messages_tab_read_only_enabled": False,
    }
    assert MANIFEST["settings"]["event_subscriptions"] == {
        "request_url": "https://YOUR-HOST/slack/events",
        "bot_events": ["app_home_opened"],
    }


def test_the_bot_has_the_scopes_the_documented_set_up_uses_and_no_more():
    scopes = MANIFEST["oauth_config"]["scopes"]["bot"]
    assert sorted(scopes) == sorted(NEEDED_SCOPES)
    assert MANIFEST["features"]["bot_user"]["display_name"] == "leads"


def test_the_description_says_the_channel_sees_every_card():
    text = " ".join(MANIFEST["display_information"]["long_description"].split())
    assert "Anyone in that channel sees every card" in text
    assert "cannot see" not in text
    assert 174 <= len(text) <= 4000  # Slack's bounds for a long description


def socket_mode_variant() -> dict:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("### Trying it from a laptop: Socket Mode") :]
    block = section[section.index("```yaml\n") + len("```yaml\n") :]
    return yaml.safe_load(block[: block.index("```")])


def test_the_socket_mode_variant_is_the_same_app_over_a_socket():
    variant = socket_mode_variant()
    assert variant["settings"]["socket_mode_enabled"] is True
    assert variant["settings"]["interactivity"] == {"is_enabled": True}  # no request URL
    assert sorted(variant["oauth_config"]["scopes"]["bot"]) == sorted(NEEDED_SCOPES)
    (command,) = variant["features"]["slash_commands"]
    (http_command,) = MANIFEST["features"]["slash_commands"]
    assert command == {key: value for key, value in http_command.items() if key != "url"}
    assert variant["features"]["bot_user"] == MANIFEST["features"]["bot_user"]
    assert variant["features"]["app_home"] == MANIFEST["features"]["app_home"]
    events = MANIFEST["settings"]["event_subscriptions"]
    assert variant["settings"]["event_subscriptions"] == {"bot_events": events["bot_events"]}
    assert "YOUR-HOST" not in str(variant)
