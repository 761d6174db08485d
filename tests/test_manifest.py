"""manifest.yml matches what the code needs from Slack, asks for nothing more, and says
honestly who sees the cards; README's Socket Mode variant is the same app over a socket."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.setup_check import NEEDED_SCOPES

MANIFEST = yaml.safe_load((Path(__file__).parent.parent / "manifest.yml").read_text())


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


def test_the_bot_has_the_scopes_the_documented_set_up_uses_and_no_more():
    scopes = MANIFEST["oauth_config"]["scopes"]["bot"]
    assert sorted(scopes) == sorted(NEEDED_SCOPES)
    assert MANIFEST["features"]["bot_user"]["display_name"] == "leads"


def test_the_description_says_the_channel_sees_every_card():
    text = " ".join(MANIFEST["display_information"]["long_description"].split())
    assert "Anyone in that channel sees every card" in text
    assert "cannot see" not in text
    assert 174 <= len(text) <= 4000  # Slack's bounds for a long description
