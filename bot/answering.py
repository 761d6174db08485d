"""Getting an answer to the person who asked: through the response URL, or else by
chat.postEphemeral in the channel the request came from.

Bolt's `respond()` posts with a WebhookClient, which never raises for Slack's refusals:
it returns Slack's status and body. A response URL refuses a sixth post or one after 30
minutes, and refuses a message Slack will not show (`invalid_blocks` …). Unchecked, the
member would look at nothing and no log would say why. So the result is read: a failure
is logged with Slack's reason, and the answer goes to the member privately in the
channel instead (Slack shows an ephemeral message to that user only). A message Slack
refused as a message would be refused again: the member is told something went wrong.
"""

from __future__ import annotations

import json
import logging

from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.authorization import Actor
from bot.replies import SORRY, private

log = logging.getLogger("leads.bot")

# Slack's answers to a message it will not show, whichever way it is sent.
REFUSED_CONTENT = {"invalid_blocks", "invalid_blocks_format", "msg_too_long", "no_text"}
MAX_REASONS = 3


def answer(respond: Respond, client: WebClient, reply: dict, body: dict) -> None:
    """Send `reply` through the request's response URL; if Slack refuses it, privately."""
    failure = refusal(respond, reply)
    if failure is None:
        return
    status, error, reason = failure
    log.warning(
        "could not answer user=%s through the response_url (HTTP %s: %s)",
        Actor.of(body).user,
        status,
        reason,
    )
    post_privately(client, private(SORRY) if error in REFUSED_CONTENT else reply, body)


def refusal(respond: Respond, reply: dict) -> tuple[int | None, str | None, str] | None:
    """None if Slack took `reply`; else (HTTP status, Slack's error code, the reason)."""
    try:
        sent = respond(**reply)
    except Exception as exc:  # the response URL could not be reached, or there is none
        return None, None, type(exc).__name__
    data = _json(sent.body)
    error = data.get("error") if isinstance(data, dict) and data.get("ok") is False else None
    if sent.status_code == 200 and error is None:
        return None
    return sent.status_code, error, reason_of(data, sent.body)


def post_privately(client: WebClient, reply: dict, body: dict) -> None:
    """`reply` as an ephemeral message to the actor in the request's channel."""
    user, channel = Actor.of(body).user, channel_of(body)
    if not user or not channel:
        log.warning("no channel to answer user=%s in either", user)
        return
    try:
        client.chat_postEphemeral(
            channel=channel, user=user, text=reply.get("text", ""), blocks=reply.get("blocks")
        )
    except SlackApiError as exc:
        error = exc.response.get("error") if isinstance(exc.response.data, dict) else None
        log.warning("could not answer user=%s in channel=%s either (%s)", user, channel, error)
    except OSError as exc:
        log.warning("could not answer user=%s in channel=%s either (%s)", user, channel, exc)
    else:
        log.info("answered user=%s in channel=%s instead", user, channel)


def channel_of(body: dict) -> str | None:
    """The channel a slash command (flat) or an interaction (nested) came from."""
    if "command" in body:
        return body.get("channel_id")
    return (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")


def reason_of(data: object, text: object) -> str:
    """Slack's reason, as a response URL states it: `{"ok": false, "error": …}` with the
    block errors, or a short plain text. Neither holds what a person typed."""
    if isinstance(data, dict) and data.get("error"):
        errors = data.get("errors") if isinstance(data.get("errors"), list) else []
        return "; ".join([str(data["error"]), *map(str, errors[:MAX_REASONS])])
    return str(text)[:100] if text else "no reason given"


def _json(text: object) -> object:
    try:
        return json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None
