"""The Slack Web API methods conversations.info, conversations.history and .replies.

Like Slack, history lists parent messages only (thread replies, unless broadcast, are
left to conversations.replies), newest first; replies list a thread oldest first.  Both
honour ``oldest``, ``latest``, ``inclusive`` and ``limit``, and show message metadata only
when ``include_all_metadata`` is set.  Called with ``state.lock`` held, like ``methods``.
"""

from __future__ import annotations

import copy
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from .answers import error
from .decoding import truthy
from .methods import channel_problem
from .state import SlackState

if TYPE_CHECKING:
    from .emulator import SlackEmulator


def conversations_info(emu: SlackEmulator, state: SlackState, params: dict) -> dict:
    channel = params.get("channel")
    if not channel or channel not in emu.channels | emu.channels_bot_not_in:
        return error("channel_not_found")
    info = {
        "id": channel,
        "name": emu.channel_name,
        "is_channel": False,
        "is_group": True,
        "is_private": True,
        "is_archived": False,
        "is_member": channel not in emu.channels_bot_not_in,
    }
    return {"ok": True, "channel": info}


def conversations_history(emu: SlackEmulator, state: SlackState, params: dict) -> dict:
    channel = params.get("channel")
    problem = channel_problem(emu, channel)
    if problem:
        return error(problem)
    parents = [m for m in state.history.get(channel, []) if not _is_reply(m)]
    window = _in_window(parents, params)
    window.reverse()
    limit = _limit(params)
    shown = [_public(m, truthy(params.get("include_all_metadata"))) for m in window[:limit]]
    return {"ok": True, "messages": shown, "has_more": len(window) > limit, "pin_count": 0}


def conversations_replies(emu: SlackEmulator, state: SlackState, params: dict) -> dict:
    channel = params.get("channel")
    problem = channel_problem(emu, channel)
    if problem:
        return error(problem)
    parent_ts = params.get("ts")
    thread = [
        m
        for m in state.history.get(channel, [])
        if m["ts"] == parent_ts or m.get("thread_ts") == parent_ts
    ]
    if not thread:
        return error("thread_not_found")
    window = _in_window(thread, params)
    limit = _limit(params)
    shown = [_public(m, truthy(params.get("include_all_metadata"))) for m in window[:limit]]
    return {"ok": True, "messages": shown, "has_more": len(window) > limit}


def _limit(params: dict) -> int:
    try:
        return max(1, int(params.get("limit") or 100))
    except (TypeError, ValueError):
        return 100


def _in_window(messages: list[dict], params: dict) -> list[dict]:
    oldest = _ts_value(params.get("oldest"), Decimal(0))
    latest = _ts_value(params.get("latest"))
    inclusive = truthy(params.get("inclusive"))

    def inside(message: dict) -> bool:
        ts = Decimal(message["ts"])
        after = ts >= oldest if inclusive else ts > oldest
        before = latest is None or (ts <= latest if inclusive else ts < latest)
        return after and before

    return [message for message in messages if inside(message)]


def _ts_value(ts: Any, default: Decimal | None = None) -> Decimal | None:
    try:
        return Decimal(str(ts)) if ts not in (None, "") else default
    except InvalidOperation:
        return default


def _is_reply(message: dict) -> bool:
    thread_ts = message.get("thread_ts")
    return thread_ts not in (None, message["ts"]) and message.get("subtype") != "thread_broadcast"


def _public(message: dict, with_metadata: bool) -> dict:
    shown = copy.deepcopy(message)
    if not with_metadata:
        shown.pop("metadata", None)
    return shown
