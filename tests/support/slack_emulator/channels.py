"""Channels as Slack keeps them, and what a bot may do with each.

A channel is public or private, may be shared with other organisations (Slack Connect:
``is_ext_shared``) and has members, the bot among them or not.  Slack does not reveal
that a private channel exists to a bot that is not in it: every method answers
``channel_not_found`` (as for a channel that does not exist).  A public channel the bot
is not in can be looked at (conversations.info, .members), but posting answers
``not_in_channel`` unless the token has ``chat:write.public``, and reading its history
answers ``not_in_channel`` too (chat.postMessage and conversations.history references,
docs.slack.dev/reference/methods/...).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Channel:
    id: str
    name: str
    is_private: bool = True
    is_ext_shared: bool = False
    is_archived: bool = False
    members: list[str] = field(default_factory=list)

    def scope_kind(self) -> str:
        """The scope family a method needs here: ``groups:*`` private, ``channels:*`` public."""
        return "groups" if self.is_private else "channels"

    def info(self, bot_user_id: str) -> dict:
        """The conversation object conversations.info answers with."""
        return {
            "id": self.id,
            "name": self.name,
            "is_channel": True,
            "is_group": False,
            "is_im": False,
            "is_mpim": False,
            "is_private": self.is_private,
            "is_archived": self.is_archived,
            "is_general": False,
            "is_shared": self.is_ext_shared,
            "is_ext_shared": self.is_ext_shared,
            "is_org_shared": False,
            "is_member": bot_user_id in self.members,
        }


def visible(channel: Channel | None, bot_user_id: str) -> bool:
    """Whether Slack admits to the bot that `channel` exists."""
    return channel is not None and (not channel.is_private or bot_user_id in channel.members)


def use_problem(
    channel: Channel | None, bot_user_id: str, scopes: set[str], *, posting: bool = False
) -> str | None:
    """Slack's error for the bot posting to (or reading) `channel`, or None if it may."""
    if not visible(channel, bot_user_id):
        return "channel_not_found"
    assert channel is not None
    if bot_user_id not in channel.members and not (posting and "chat:write.public" in scopes):
        return "not_in_channel"
    if posting and channel.is_archived:
        return "is_archived"
    return None
