"""The Slack Web API methods auth.test, chat.postMessage, chat.update, chat.postEphemeral
and users.info.

Each method takes the emulator (for the workspace it was configured with: token, team,
channels, bot), the state and the request params, and returns Slack's JSON answer.  They
are called with ``state.lock`` held, after the token's scopes were checked (``scopes``).
conversations.* live in ``conversations``.

What Slack refuses is refused here, with the error its method reference names: a message
whose text, blocks or metadata Slack would not post (``payloads``), a channel the bot may
not use (``channels``), chat.update of a message the bot did not post
(``cant_update_message``: "Authenticated user does not have permission to update this
message"), chat.postEphemeral to someone not in the channel (``user_not_in_channel``).
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from .answers import error
from .channels import use_problem
from .decoding import truthy
from .payloads import content_problem
from .state import SlackState

if TYPE_CHECKING:
    from .emulator import SlackEmulator


def channel_problem(emu: SlackEmulator, channel_id: object, posting: bool = False) -> str | None:
    """Slack's error for the bot using `channel_id`, or None if it may."""
    channel = emu.channels.get(channel_id) if isinstance(channel_id, str) else None
    return use_problem(channel, emu.bot_user_id, emu.scopes, posting=posting)


def auth_test(emu: SlackEmulator, state: SlackState, params: dict) -> dict:
    answer = {
        "ok": True,
        "url": emu.workspace_url,
        "team": emu.team_name,
        "user": emu.bot_name,
        "team_id": emu.team_id,
        "user_id": emu.bot_user_id,
        "bot_id": emu.bot_id,
        "is_enterprise_install": False,
    }
    if emu.enterprise_id:
        answer["enterprise_id"] = emu.enterprise_id
    return answer


def chat_post_message(emu: SlackEmulator, state: SlackState, params: dict) -> dict:
    channel = params.get("channel")
    problem = channel_problem(emu, channel, posting=True)
    if problem:
        return error(problem)
    refused = content_problem(params)
    if refused:
        return refused
    message = state.post(channel, bot_message(emu, state, params))
    return {"ok": True, "channel": channel, "ts": message["ts"], "message": message}


def chat_update(emu: SlackEmulator, state: SlackState, params: dict) -> dict:
    channel = params.get("channel")
    problem = channel_problem(emu, channel)
    if problem:
        return error(problem)
    message = state.find_message(channel, params.get("ts"))
    if message is None:
        return error("message_not_found")
    if message.get("bot_id") != emu.bot_id:
        return error("cant_update_message")
    refused = content_problem(params)
    if refused:
        return refused
    for name in ("text", "blocks", "attachments", "metadata"):
        if name in params:
            message[name] = params[name]
    message["edited"] = {"user": emu.bot_user_id, "ts": state.next_ts()}
    return {
        "ok": True,
        "channel": channel,
        "ts": message["ts"],
        "text": message.get("text", ""),
        "message": copy.deepcopy(message),
    }


def chat_post_ephemeral(emu: SlackEmulator, state: SlackState, params: dict) -> dict:
    channel_id = params.get("channel")
    problem = channel_problem(emu, channel_id, posting=True)
    if problem:
        return error(problem)
    user = params.get("user")
    if not user or user not in state.users:
        return error("user_not_found")
    if user not in emu.channels[channel_id].members:
        return error("user_not_in_channel")
    refused = content_problem(params)
    if refused:
        return refused
    return {"ok": True, "message_ts": state.next_ts()}


def users_info(emu: SlackEmulator, state: SlackState, params: dict) -> dict:
    user = state.users.get(params.get("user", ""))
    if user is None:
        return error("user_not_found")
    return {"ok": True, "user": copy.deepcopy(user)}


def bot_message(emu: SlackEmulator, state: SlackState, params: dict) -> dict:
    """The message object Slack stores for a post made with the bot's token."""
    message = {
        "type": "message",
        "ts": state.next_ts(),
        "text": params.get("text", ""),
        "user": emu.bot_user_id,
        "bot_id": emu.bot_id,
        "team": emu.team_id,
    }
    for name in ("blocks", "attachments", "metadata", "thread_ts"):
        if params.get(name) not in (None, ""):
            message[name] = params[name]
    if message.get("thread_ts") and truthy(params.get("reply_broadcast")):
        message["subtype"] = "thread_broadcast"
    return message
