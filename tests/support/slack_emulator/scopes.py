"""The OAuth scope each Web API method needs, as Slack's method reference lists it for a
bot token, and Slack's answer when the token lacks it.

- chat.postMessage, chat.postEphemeral, chat.update: ``chat:write``;
- users.info: ``users:read``;
- conversations.info, conversations.members: ``channels:read`` for a public channel,
  ``groups:read`` for a private one;
- conversations.history, conversations.replies: ``channels:history`` / ``groups:history``;
- auth.test, views.open, views.publish, chat.getPermalink: none ("No scopes required");
- apps.connections.open: ``connections:write``, of the app-level token (``tokens``).

The conversations.* methods need "only the scopes corresponding to that conversation
type" (conversations.members reference).  A channel the bot may not see is of no known
type; the method then needs any scope of its family.  The answer is
``{"ok": false, "error": "missing_scope", "needed": "...", "provided": "..."}`` (the
``needed``/``provided`` fields of every Web API response type in slackapi/node-slack-sdk).
"""

from __future__ import annotations

from .answers import error
from .channels import Channel

FIXED = {
    "auth.test": None,
    "chat.postMessage": "chat:write",
    "chat.postEphemeral": "chat:write",
    "chat.update": "chat:write",
    "users.info": "users:read",
    "views.open": None,
    "chat.getPermalink": None,
    "views.publish": None,
    "apps.connections.open": "connections:write",
}
# method -> the part after "channels:" / "groups:"
BY_CHANNEL_KIND = {
    "conversations.info": "read",
    "conversations.members": "read",
    "conversations.history": "history",
    "conversations.replies": "history",
}


def accepted_scopes(method: str, channel: Channel | None) -> list[str]:
    """The scopes any one of which lets the token call `method` (for `channel`)."""
    if method in FIXED:
        return [FIXED[method]] if FIXED[method] else []
    action = BY_CHANNEL_KIND.get(method)
    if action is None:
        return []
    if channel is None:
        return [f"channels:{action}", f"groups:{action}"]
    return [f"{channel.scope_kind()}:{action}"]


def scope_problem(method: str, channel: Channel | None, granted: set[str]) -> dict | None:
    """Slack's missing_scope answer, or None if the token may call `method`."""
    accepted = accepted_scopes(method, channel)
    if not accepted or granted & set(accepted):
        return None
    return {
        **error("missing_scope"),
        "needed": ",".join(accepted),
        "provided": ",".join(sorted(granted)),
    }
