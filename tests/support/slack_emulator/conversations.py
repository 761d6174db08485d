"""The Slack Web API methods conversations.info, .members, .history and .replies.

Like Slack, history lists parent messages only (thread replies, unless broadcast, are
left to conversations.replies), newest first; replies list a thread oldest first.  Both
honour ``oldest``, ``latest`` and ``inclusive``, show message metadata only when
``include_all_metadata`` is set, and are paginated (``limit``, ``cursor``, ``has_more``,
``response_metadata.next_cursor``: see ``pagination``), as is conversations.members.
A private channel the bot is not in is ``channel_not_found``; reading a public one it is
not in is ``not_in_channel`` (see ``channels``).  Called with ``state.lock`` held.
"""

from __future__ import annotations

import copy
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from .answers import error
from .channels import visible
from .decoding import truthy
from .methods import channel_problem
from .pagination import PageError, page
from .state import SlackState

if TYPE_CHECKING:
    from .emulator import SlackEmulator


def conversations_info(emu: SlackEmulator, state: SlackState, params: dict) -> dict:
    channel = emu.channels.get(params.get("channel") or "")
    if not visible(channel, emu.bot_user_id):
        return error("channel_not_found")
    return {"ok": True, "channel": channel.info(emu.bot_user_id)}


def conversations_members(emu: SlackEmulator, state: SlackState, params: dict) -> dict:
    channel = emu.channels.get(params.get("channel") or "")
    if not visible(channel, emu.bot_user_id):
        return error("channel_not_found")
    try:
        members, cursor = page(list(channel.members), params, "user", lambda member: member)
    except PageError as exc:
        return error(str(exc))
    return {"ok": True, "members": members, "response_metadata": {"next_cursor": cursor}}


def conversations_history(emu: SlackEmulator, state: SlackState, params: dict) -> dict:
    channel = params.get("channel")
    problem = channel_problem(emu, channel)
    if problem:
        return error(problem)
    parents = [m for m in state.history.get(channel, []) if not _is_reply(m)]
    window = _in_window(parents, params)
    window.reverse()
    answer = _paged(window, params)
    return answer if not answer["ok"] else {**answer, "pin_count": 0}


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
    return _paged(_in_window(thread, params), params)


def _paged(messages: list[dict], params: dict) -> dict:
    try:
        shown, cursor = page(messages, params, "next_ts", lambda message: message["ts"])
    except PageError as exc:
        return error(str(exc))
    with_metadata = truthy(params.get("include_all_metadata"))
    return {
        "ok": True,
        "messages": [_public(m, with_metadata) for m in shown],
        "has_more": bool(cursor),
        "response_metadata": {"next_cursor": cursor},
    }


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
