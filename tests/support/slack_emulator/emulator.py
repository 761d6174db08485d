"""SlackEmulator: the workspace configuration, lifecycle and test-facing API in one object.

It ties the parts together: a Listener serves HTTP, each request is routed by a
Dispatcher, what happened is kept in SlackState, and faults are planned in a FaultPlan.
"""

from __future__ import annotations

import threading
from typing import Any

from .answers import Answer
from .dispatch import Dispatcher, method_for
from .faults import Fault, FaultPlan
from .methods import new_user
from .server import HOST, Listener
from .state import Call, SlackState

DEFAULT_TOKEN = "xoxb-test"


# What the app's manifest asks for; tests remove some to see `slack check` complain.
DEFAULT_SCOPES = frozenset(
    {
        "chat:write",
        "commands",
        "users:read",
        "groups:history",
        "channels:history",
        "channels:read",
        "groups:read",
    }
)


class SlackEmulator:
    """An in-process fake of the Slack Web API and of Slack response URLs."""

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        team_id: str = "T0LEADS",
        team_name: str = "Acme Law",
        enterprise_id: str | None = None,
        channels: set[str] | None = None,
        channels_bot_not_in: set[str] | None = None,
        channel_name: str = "leads",
        bot_user_id: str = "U0BOT",
        bot_id: str = "B0BOT",
        bot_name: str = "leads",
    ):
        self.token = token
        self.team_id = team_id
        self.team_name = team_name
        self.enterprise_id = enterprise_id
        self.channels = set(channels) if channels is not None else {"C0LEADS"}
        self.channels_bot_not_in = set(channels_bot_not_in or ())
        self.channel_name = channel_name
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.bot_name = bot_name
        self.scopes = set(DEFAULT_SCOPES)
        self._state = SlackState()
        self._faults = FaultPlan(self._state.lock)
        self._dispatcher = Dispatcher(self, self._state, self._faults)
        self._listener = Listener(self._serve, self._pause)
        self._stopping = threading.Event()
        self.add_user(bot_user_id, name=bot_name, is_bot=True)

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
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    @property
    def response_url_base(self) -> str:
        return f"{self.base_url}/response/"

    def new_response_url(self) -> str:
        """Issue a response URL that accepts RESPONSE_URL_MAX_USES posts."""
        key = self._state.new_response_url()
        return f"{self.response_url_base}{key}"

    # -- configuration and what happened -----------------------------------------------------

    def add_user(self, user_id: str, **fields: Any) -> dict:
        """Register a user for users.info; fields override the defaults (profile is merged)."""
        return self._state.add_user(user_id, new_user(user_id, self.team_id, fields))

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
        return self._state.response_posts(url)

    def reset(self, *, keep_messages: bool = False) -> None:
        """Forget calls and every fault plan; also messages and response URLs unless kept."""
        with self._state.lock:
            self._state.clear(keep_messages=keep_messages)
            self._faults.clear()

    # -- fault injection -------------------------------------------------------------------

    def fail_next(
        self, method: str | None, status: int = 500, times: int = 1, body: dict | str | None = None
    ) -> None:
        """Answer the next `times` calls with HTTP `status` (JSON error body by default)."""
        self._faults.plan(Fault("status", method, times, status=status, body=body))

    def rate_limit_next(self, method: str | None, retry_after: int = 1, times: int = 1) -> None:
        """Answer the next `times` calls with 429, Retry-After and error "ratelimited"."""
        self._faults.plan(Fault("ratelimit", method, times, retry_after=retry_after))

    def error_next(
        self, method: str | None, error: str = "channel_not_found", times: int = 1
    ) -> None:
        """Answer the next `times` calls with 200 {"ok": false, "error": error}."""
        self._faults.plan(Fault("error", method, times, error=error))

    def accept_then_hang(self, method: str | None, seconds: float) -> None:
        """Act on the next call for real, then wait `seconds` before answering it."""
        self._faults.plan(Fault("hang", method, 1, seconds=seconds))

    def hang_then_fail(self, method: str | None, seconds: float, status: int = 503) -> None:
        """Hold the next call `seconds` without acting on it, then answer HTTP `status`:
        a request that never reached Slack, from the client's side of the wire."""
        self._faults.plan(Fault("status", method, 1, status=status, seconds=seconds))

    def slow(self, method: str | None, seconds: float) -> None:
        """Delay every answer (before acting) until reset(); 0 removes the delay."""
        self._faults.slow(method, seconds)

    def fail_for(self, method: str | None, seconds: float, status: int = 500) -> None:
        """Answer HTTP `status` to every call arriving during the next `seconds`."""
        self._faults.fail_for(method, seconds, status)

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
