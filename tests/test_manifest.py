"""manifest.yml matches what the code needs from Slack."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.cli import NEEDED_SCOPES

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


def test_the_bot_has_every_scope_the_code_uses():
    scopes = set(MANIFEST["oauth_config"]["scopes"]["bot"])
    assert scopes >= NEEDED_SCOPES
    assert MANIFEST["features"]["bot_user"]["display_name"] == "leads"
