"""The Slack Web API method chat.getPermalink.

After Slack's method reference (docs.slack.dev/reference/methods/chat.getPermalink): both
``channel`` and ``message_ts`` are required; no scope is needed; a channel the bot may not
see (missing, or private without the bot) is ``channel_not_found``, a ts naming no message
of that channel ``message_not_found``. The permalink is
``https://<workspace>.slack.com/archives/<channel>/p<ts without its dot>``; a thread reply's
adds ``?thread_ts=<parent ts>&cid=<channel>``. Called with ``state.lock`` held.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .answers import error
from .channels import visible
from .state import SlackState

if TYPE_CHECKING:
    from .emulator import SlackEmulator


def chat_get_permalink(emu: SlackEmulator, state: SlackState, params: dict) -> dict:
    channel_id = params.get("channel")
    channel = emu.channels.get(channel_id) if isinstance(channel_id, str) else None
    if not visible(channel, emu.bot_user_id):
        return error("channel_not_found")
    ts = params.get("message_ts")
    message = state.find_message(channel_id, ts) if isinstance(ts, str) and ts else None
    if message is None:
        return error("message_not_found")
    permalink = f"{emu.workspace_url}archives/{channel_id}/p{ts.replace('.', '')}"
    thread_ts = message.get("thread_ts")
    if thread_ts and thread_ts != ts:
        permalink += f"?thread_ts={thread_ts}&cid={channel_id}"
    return {"ok": True, "channel": channel_id, "permalink": permalink}
