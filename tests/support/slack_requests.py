"""Requests to /slack/events built and signed exactly as Slack builds and signs them."""

from __future__ import annotations

import json
import time
import uuid
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

SIGNING_SECRET = "test-signing-secret"
TEAM = "T0LEADS"
CHANNEL = "C0LEADS"


def signed_headers(
    body: str,
    secret: str = SIGNING_SECRET,
    timestamp: int | None = None,
    content_type: str = "application/x-www-form-urlencoded",
) -> dict:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature,
    }


def command_body(text: str, response_url: str, **options) -> str:
    return urlencode(command_fields(text, response_url, **options))


def command_fields(
    text: str,
    response_url: str,
    user: str = "U0MEMBER",
    team: str = TEAM,
    enterprise: str | None = None,
) -> dict[str, str]:
    """A slash command's fields: a form over HTTP, an envelope's payload over Socket Mode."""
    fields = {
        "token": "legacy-verification-token",
        "team_id": team,
        "team_domain": "acme-law",
        "channel_id": CHANNEL,
        "channel_name": "leads",
        "user_id": user,
        "user_name": "member",
        "command": "/leads",
        "text": text,
        "api_app_id": "A0LEADS",
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": "1.2.3",
    }
    if enterprise:
        fields["enterprise_id"] = enterprise
    return fields


def action_body(action_id: str, value: str, response_url: str, **options) -> str:
    return urlencode(
        {"payload": json.dumps(action_payload(action_id, value, response_url, **options))}
    )


def action_payload(
    action_id: str,
    value: str,
    response_url: str,
    user: str = "U0MEMBER",
    team: str = TEAM,
    user_team: str | None = None,
    enterprise: str | None = None,
    ephemeral: bool = False,
    message_ts: str = "1700000000.000100",
) -> dict:
    """A button click: the `payload` field over HTTP, an envelope's payload over Socket Mode."""
    return {
        "type": "block_actions",
        "user": {"id": user, "username": "member", "name": "member", "team_id": user_team or team},
        "api_app_id": "A0LEADS",
        "token": "legacy-verification-token",
        "container": {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": CHANNEL,
            "is_ephemeral": ephemeral,
        },
        "trigger_id": "1.2.3",
        "team": {"id": team, "domain": "acme-law"},
        "enterprise": {"id": enterprise, "name": "Acme Group"} if enterprise else None,
        "is_enterprise_install": False,
        "channel": {"id": CHANNEL, "name": "leads"},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": "b",
                "type": "button",
                "value": value,
                "action_ts": "1700000001.000000",
                "text": {"type": "plain_text", "text": "button"},
            }
        ],
    }


def view_submission_body(response_urls: list, user: str = "U0MEMBER", team: str = TEAM) -> str:
    """A modal submitted with `response_url_enabled`: Slack lists the URLs to answer in."""
    payload = {
        "type": "view_submission",
        "team": {"id": team, "domain": "acme-law"},
        "user": {"id": user, "username": "member", "name": "member", "team_id": team},
        "api_app_id": "A0LEADS",
        "token": "legacy-verification-token",
        "trigger_id": "1.2.3",
        "view": {"id": "V0VIEW", "type": "modal", "callback_id": "leads_modal", "state": {}},
        "response_urls": [
            {"block_id": "b", "action_id": "a", "channel_id": CHANNEL, "response_url": url}
            for url in response_urls
        ],
        "is_enterprise_install": False,
        "enterprise": None,
    }
    return urlencode({"payload": json.dumps(payload)})


def post(client, body: str, **header_options):
    return client.post("/slack/events", data=body, headers=signed_headers(body, **header_options))


def command(slack, client, text: str, timeout: float = 5.0, **options) -> dict:
    """Send `/leads text`; return the answer, from the acknowledgement or, when the app
    deferred the request (membership not cached yet), from the response_url."""
    response_url = slack.new_response_url()
    response = post(client, command_body(text, response_url, **options))
    return answer_to(slack, response, response_url, timeout)


def answer_to(slack, response, response_url: str, timeout: float = 5.0) -> dict:
    """The answer to a command whose acknowledgement is `response`: in it, or (deferred)
    posted to `response_url` afterwards. Waiting for it also keeps the work the request
    started from outliving the test."""
    assert response.status_code == 200
    if response.get_data():
        return response.json
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        posts = slack.response_posts(response_url)
        if posts:
            return posts[0]
        time.sleep(0.01)
    raise AssertionError("no answer to the command, inline or through the response_url")


def ask(slack, client, text: str) -> dict:
    """`/leads text` as a member: the answer, which only the asker sees."""
    answer = command(slack, client, text)
    assert answer["response_type"] == "ephemeral"
    return answer


# -- the Events API: JSON bodies, signed over the exact bytes sent ---------------------------


def event_envelope(
    event: dict,
    team: str = TEAM,
    event_id: str | None = None,
    enterprise: str | None = None,
    api_app_id: str = "A0LEADS",
) -> dict:
    """An `event_callback` as Slack sends it (over HTTP, or as an events_api envelope's
    payload over Socket Mode)."""
    return {
        "token": "legacy-verification-token",
        "team_id": team,
        "enterprise_id": enterprise,
        "api_app_id": api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": enterprise,
                "team_id": team,
                "user_id": "U0BOT",
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-{uuid.uuid4().hex}",
    }


def app_home_opened(user: str = "U0MEMBER", tab: str = "home", **options) -> dict:
    event = {
        "type": "app_home_opened",
        "user": user,
        "channel": "D0HOME",
        "tab": tab,
        "event_ts": f"{time.time():.6f}",
    }
    return event_envelope(event, **options)


def url_verification(
    challenge: str = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
) -> dict:
    return {
        "token": "legacy-verification-token",
        "challenge": challenge,
        "type": "url_verification",
    }


def post_json(client, payload: dict, retry: int | None = None, **header_options):
    """POST `payload` as Slack does: compact JSON, signed over those bytes; a redelivery
    carries X-Slack-Retry-Num (and the reason Slack gives)."""
    body = json.dumps(payload, separators=(",", ":"))
    headers = signed_headers(body, content_type="application/json", **header_options)
    if retry:
        headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
    return client.post("/slack/events", data=body, headers=headers)
