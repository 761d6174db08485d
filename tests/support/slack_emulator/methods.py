"""The Slack Web API methods auth.test, chat.postMessage, chat.update, chat.postEphemeral
and users.info, plus the shapes of Slack's message and user objects.

Each method takes the emulator (for the workspace it was configured with: token, team,
channels, bot), the state and the request params, and returns Slack's JSON answer.  They
are called with ``state.lock`` held.  conversations.* live in ``conversations``.
"""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING, Any

from .answers import error
from .decoding import truthy
from .state import SlackState

if TYPE_CHECKING:
    from .emulator import SlackEmulator

CONTENT_FIELDS = ("text", "blocks", "attachments")


def channel_problem(emu: SlackEmulator, channel: Any) -> str | None:
    """Slack's error for the bot using `channel`, or None if it may."""
    if not channel or channel not in emu.channels | emu.channels_bot_not_in:
        return "channel_not_found"
    if channel in emu.channels_bot_not_in:
        return "not_in_channel"
    return None


def auth_test(emu: SlackEmulator, state: SlackState, params: dict) -> dict:
    domain = re.sub(r"[^a-z0-9]", "", emu.team_name.lower()) or "workspace"
    answer = {
        "ok": True,
        "url": f"https://{domain}.slack.com/",
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
    problem = channel_problem(emu, channel)
    if problem:
        return error(problem)
    if not any(params.get(name) for name in CONTENT_FIELDS):
        return error("no_text")
    message = _new_message(emu, state, params)
    state.history.setdefault(channel, []).append(message)
    return {
        "ok": True,
        "channel": channel,
        "ts": message["ts"],
        "message": copy.deepcopy(message),
    }


def chat_update(emu: SlackEmulator, state: SlackState, params: dict) -> dict:
    channel = params.get("channel")
    problem = channel_problem(emu, channel)
    if problem:
        return error(problem)
    message = state.find_message(channel, params.get("ts"))
    if message is None:
        return error("message_not_found")
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
    problem = channel_problem(emu, params.get("channel"))
    if problem:
        return error(problem)
    if not params.get("user"):
        return error("user_not_found")
    if not any(params.get(name) for name in CONTENT_FIELDS):
        return error("no_text")
    return {"ok": True, "message_ts": state.next_ts()}


def users_info(emu: SlackEmulator, state: SlackState, params: dict) -> dict:
    user = state.users.get(params.get("user", ""))
    if user is None:
        return error("user_not_found")
    return {"ok": True, "user": copy.deepcopy(user)}


def new_user(user_id: str, team_id: str, fields: dict) -> dict:
    """A Slack user object; `fields` override the defaults (profile is merged)."""
    name = fields.get("name") or user_id.lower()
    real_name = fields.get("real_name") or name
    user = {
        "id": user_id,
        "team_id": team_id,
        "name": name,
        "real_name": real_name,
        "deleted": False,
        "is_bot": False,
        "is_app_user": False,
        "is_restricted": False,
        "is_ultra_restricted": False,
        "profile": {
            "real_name": real_name,
            "real_name_normalized": real_name,
            "display_name": name,
            "display_name_normalized": name,
            "team": team_id,
        },
    }
    profile = {**user["profile"], **fields.pop("profile", {})}
    user.update(fields)
    user["profile"] = profile
    return user


def _new_message(emu: SlackEmulator, state: SlackState, params: dict) -> dict:
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
