"""SlackEmulator: the workspace configuration, lifecycle and test-facing API in one object.

It ties the parts together: a Listener serves HTTP, each request is routed by a
Dispatcher, what happened is kept in SlackState, faults are planned in a FaultPlan, rate
limits counted in RateLimits and response URLs kept in ResponseUrls.  The test-facing
hooks for faults and for the workspace (channels, users, limits) are the mixins
FaultHooks and WorkspaceHooks.
"""

from __future__ import annotations

import re
import threading
import uuid

from .answers import Answer
from .channels import Channel
from .dispatch import Dispatcher, method_for
from .fault_hooks import FaultHooks
from .faults import FaultPlan
from .limits import RateLimits
from .response_urls import ResponseUrls
from .server import HOST, Listener
from .socket_mode import SocketModeServer
from .state import Call, SlackState
from .users import SLACKBOT_ID, slackbot
from .workspace import WorkspaceHooks

DEFAULT_TOKEN = "xoxb-test"
APP_TOKEN = "xapp-test"
# What the app's manifest asks for (tests remove some to see `slack check` complain), and
# the app-level token's scope for Socket Mode.
DEFAULT_SCOPES = frozenset(
    {"chat:write", "commands", "users:read", "groups:history", "groups:read"}
)
APP_SCOPES = frozenset({"connections:write"})


class SlackEmulator(FaultHooks, WorkspaceHooks):
    """An in-process fake of the Slack Web API and of Slack response URLs.

    `channels` are private channels the bot is in, named `channel_name`; add_channel
    makes others (public, shared, without the bot).
    """

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        app_token: str = APP_TOKEN,
        team_id: str = "T0LEADS",
        team_name: str = "Acme Law",
        enterprise_id: str | None = None,
        enterprise_name: str = "Acme Law Group",
        channels: set[str] | None = None,
        channel_name: str = "leads",
        bot_user_id: str = "U0BOT",
        bot_id: str = "B0BOT",
        bot_name: str = "leads",
    ):
        self.token, self.app_token = token, app_token
        self.app_scopes = set(APP_SCOPES)
        self.socket = SocketModeServer()  # listens once apps.connections.open is called
        self.team_id = team_id
        self.team_name = team_name
        self.enterprise_id = enterprise_id
        self.enterprise_name = enterprise_name
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.bot_name = bot_name
        self.scopes = set(DEFAULT_SCOPES)
        self.home_tab_enabled = True  # the manifest's app_home.home_tab_enabled
        self._state = SlackState()
        self._faults = FaultPlan(self._state.lock)
        self._limits = RateLimits(self._state.lock)
        self._response_urls = ResponseUrls(self._state.lock)
        self._dispatcher = Dispatcher(
            self, self._state, self._faults, self._limits, self._response_urls
        )
        self._listener = Listener(self._serve, self._pause)
        self._stopping = threading.Event()
        self.channels: dict[str, Channel] = {}
        for channel_id in sorted(channels if channels is not None else {"C0LEADS"}):
            self.add_channel(channel_id, channel_name)
        self.add_user(bot_user_id, name=bot_name, is_bot=True)
        self._state.add_user(SLACKBOT_ID, slackbot(team_id))

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> SlackEmulator:
        """Listen on a free port of 127.0.0.1 in a daemon thread."""
        if not self._listener.is_up:
            self._stopping = threading.Event()
            self._listener.listen(0)
        return self

    def stop(self) -> None:
        """Stop listening and wake any request that is hanging on purpose."""
        self._stopping.set()
        self._listener.close()
        self.socket.stop()

    def __enter__(self) -> SlackEmulator:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def down(self) -> None:
        """Stop listening (connections are refused) but keep the port for up()."""
        if self._listener.port is None:
            raise RuntimeError("SlackEmulator was never started")
        self._listener.close()

    def up(self) -> None:
        """Listen again on the same port after down()."""
        if self._listener.port is None:
            raise RuntimeError("SlackEmulator was never started")
        if not self._listener.is_up:
            self._listener.listen(self._listener.port)

    @property
    def is_up(self) -> bool:
        return self._listener.is_up

    # -- addresses -------------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._listener.port is None:
            raise RuntimeError("SlackEmulator is not started")
        return self._listener.port

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def workspace_url(self) -> str:
        """The workspace's address, as auth.test names it and permalinks begin."""
        domain = re.sub(r"[^a-z0-9]", "", self.team_name.lower()) or "workspace"
        return f"https://{domain}.slack.com/"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    @property
    def response_url_base(self) -> str:
        return f"{self.base_url}/response/"

    def new_response_url(self) -> str:
        """Issue a response URL: 5 posts within 30 minutes (see ``response_urls``)."""
        key = uuid.uuid4().hex
        self._response_urls.issue(key)
        return f"{self.response_url_base}{key}"

    # -- configuration and what happened -----------------------------------------------------

    @property
    def calls(self) -> list[Call]:
        return self._state.calls

    def calls_to(self, method: str) -> list[Call]:
        return self._state.calls_to(method)

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Wait until at least `count` calls to `method` were recorded; return them all."""
        return self._state.wait_for(method, count, timeout)

    def messages(self, channel: str) -> list[dict]:
        """Every message posted to `channel` (thread replies included), oldest first."""
        return self._state.messages(channel)

    def response_posts(self, url: str) -> list[dict]:
        """The JSON bodies accepted by the response URL `url`, in order."""
        return self._response_urls.posts(url.rstrip("/").rsplit("/", 1)[-1])

    def reset(self, *, keep_messages: bool = False) -> None:
        """Forget calls, fault plans and rate limits; also messages and response URLs
        unless kept."""
        with self._state.lock:
            self._state.clear(keep_messages=keep_messages)
            self._faults.clear()
            self._limits.clear()
            if not keep_messages:
                self._response_urls.clear()

    # -- serving (called by the HTTP server's threads) --------------------------------------

    def _serve(self, path: str, params: dict, headers: dict, arrived: float) -> Answer:
        method = method_for(path)
        self._pause(self._faults.delay_for(method))
        answer = self._dispatcher.answer(method, path, params, headers)
        self._state.record(Call(method, params, headers, arrived, path))
        return answer

    def _pause(self, seconds: float) -> None:
        if seconds > 0:
            self._stopping.wait(seconds)
