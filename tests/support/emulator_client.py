"""Helpers for the emulator's own tests: a real slack_sdk client pointed at it."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

from slack_sdk import WebClient

from tests.support.slack_emulator import SlackEmulator

CHANNEL = "C0LEADS"
CARD_METADATA = {"event_type": "lead_card", "event_payload": {"application_id": 42}}
CARD_BLOCKS = [{"type": "section", "text": {"type": "mrkdwn", "text": "*New lead*"}}]


def client_for(emu: SlackEmulator, **options) -> WebClient:
    return WebClient(token="xoxb-test", base_url=emu.api_url, **options)


def post_json(url: str, payload: dict) -> tuple[int, str]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        body = json.dumps(payload)
        connection.request("POST", parts.path, body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()
