"""The workspace half of SlackEmulator's test-facing API (a mixin): channels and who is in
them, users (Slackbot, Enterprise Grid members), messages posted by people, aged
response URLs and per-method rate limits.
"""

from __future__ import annotations

import copy
from typing import Any

from .channels import Channel, visible
from .limits import RateLimits
from .response_urls import ResponseUrls
from .state import SlackState
from .users import grid_user, new_user
from .views import issue_trigger


class WorkspaceHooks:
    team_id: str
    enterprise_id: str | None
    enterprise_name: str
    bot_user_id: str
    channels: dict[str, Channel]
    _state: SlackState
    _limits: RateLimits
    _response_urls: ResponseUrls

    # -- channels --------------------------------------------------------------------------

    def add_channel(
        self,
        channel_id: str,
        name: str | None = None,
        *,
        private: bool = True,
        ext_shared: bool = False,
        bot_in: bool = True,
        members: tuple[str, ...] = (),
    ) -> Channel:
        """A channel (private by default) with the bot in it unless `bot_in` is False."""
        people = ([self.bot_user_id] if bot_in else []) + list(members)
        channel = Channel(channel_id, name or channel_id.lower(), private, ext_shared)
        channel.members = list(dict.fromkeys(people))
        with self._state.lock:
            self.channels[channel_id] = channel
        return channel

    def remove_bot(self, channel_id: str) -> None:
        """The bot is not (any more) in `channel_id`, as after /remove @leads."""
        with self._state.lock:
            members = self.channels[channel_id].members
            if self.bot_user_id in members:
                members.remove(self.bot_user_id)

    def invite_bot(self, channel_id: str) -> None:
        """The bot is in `channel_id` again, as after /invite @leads."""
        self.add_members(channel_id, self.bot_user_id)

    def add_members(self, channel_id: str, *user_ids: str) -> None:
        """Put people in a channel: guests, Slack Connect users, anyone."""
        with self._state.lock:
            channel = self.channels[channel_id]
            channel.members = list(dict.fromkeys([*channel.members, *user_ids]))

    def visible_channel(self, channel_id: Any) -> Channel | None:
        """The channel if Slack would admit to the bot that it exists."""
        channel = self.channels.get(channel_id) if isinstance(channel_id, str) else None
        return channel if visible(channel, self.bot_user_id) else None

    # -- users -----------------------------------------------------------------------------

    def add_user(self, user_id: str, **fields: Any) -> dict:
        """Register a user for users.info; fields override the defaults (profile is merged).
        ``is_app_user=True`` is a human who authorized the app, as Slack means it."""
        return self._state.add_user(user_id, new_user(user_id, self.team_id, fields))

    def add_grid_user(self, user_id: str, home_team: str, teams: list[str], **fields: Any) -> dict:
        """A member of this emulator's Enterprise Grid organisation, homed in `home_team`
        and in the workspaces `teams`."""
        enterprise = self.enterprise_id or "E0ACME"
        user = grid_user(user_id, home_team, teams, enterprise, self.enterprise_name, fields)
        return self._state.add_user(user_id, user)

    # -- messages, response URLs, limits ---------------------------------------------------

    def plant_message(self, channel_id: str, user: str, text: str = "hello", **fields) -> str:
        """A message a person posted in `channel_id` (not the bot's); returns its ts."""
        with self._state.lock:
            message = {"type": "message", "ts": self._state.next_ts(), "user": user}
            message.update(text=text, team=self.team_id, **copy.deepcopy(fields))
            return self._state.post(channel_id, message)["ts"]

    def new_trigger_id(self) -> str:
        """A trigger_id as Slack puts in an interaction's payload: views.open takes it once,
        within three seconds."""
        return issue_trigger(self._state)

    def age_trigger_id(self, trigger: str, seconds: float) -> None:
        """Make `trigger` `seconds` older (three seconds is its whole life)."""
        with self._state.lock:
            self._state.triggers[trigger] -= seconds

    def opened_views(self) -> list[dict]:
        with self._state.lock:
            return copy.deepcopy(self._state.views)

    def home_of(self, user_id: str) -> dict | None:
        """The Home view last published for `user_id` (what they see), or None."""
        with self._state.lock:
            return copy.deepcopy(self._state.homes.get(user_id))

    def home_publishes(self, user_id: str | None = None) -> list[dict]:
        """Every view published (to `user_id`, or to anyone), oldest first."""
        with self._state.lock:
            history = self._state.home_history
            return [copy.deepcopy(v) for u, v in history if user_id in (None, u)]

    def age_response_url(self, url: str, minutes: float) -> None:
        """Make the response URL `url` `minutes` older (30 minutes is its whole life)."""
        self._response_urls.age(url.rstrip("/").rsplit("/", 1)[-1], minutes * 60)

    def limit(self, method: str, per_minute: int | None) -> None:
        """Answer 429 with Retry-After past `per_minute` calls to `method` (None: no limit)."""
        self._limits.set(method, per_minute)
