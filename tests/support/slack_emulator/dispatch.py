"""Routing one request to its answer: an outage, else a planned fault, else the real thing.

``/api/<method>`` is a Web API call: its token must be the one the method takes
(``tokens``), then a rate limit switched on for the method may answer 429, then the
token must have the method's scope (``scopes``), and only then does the method act.
``/response/<key>`` is a post to a response URL, whose calls are recorded under the
pseudo-method ``"response_url"``; any other path is a 404.  Every Web API answer names the
token's scopes in ``x-oauth-scopes`` and the method's in ``x-accepted-oauth-scopes``, as
Slack's do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from . import conversations, home_tab, methods, permalinks, socket_mode, views
from .answers import Answer, error, status_answer
from .faults import FaultPlan, fault_answer
from .limits import RateLimits
from .response_urls import ResponseUrls
from .scopes import accepted_scopes, scope_problem
from .state import SlackState
from .tokens import scopes_of, token_problem

if TYPE_CHECKING:
    from .emulator import SlackEmulator

RESPONSE_URL_METHOD = "response_url"
API_PREFIX = "/api/"
RESPONSE_PREFIX = "/response/"

Method = Callable[["SlackEmulator", SlackState, dict], dict]
METHODS: dict[str, Method] = {
    "auth.test": methods.auth_test,
    "chat.postMessage": methods.chat_post_message,
    "chat.update": methods.chat_update,
    "chat.postEphemeral": methods.chat_post_ephemeral,
    "chat.getPermalink": permalinks.chat_get_permalink,
    "users.info": methods.users_info,
    "views.open": views.views_open,
    "views.publish": home_tab.views_publish,
    "conversations.info": conversations.conversations_info,
    "conversations.members": conversations.conversations_members,
    "conversations.history": conversations.conversations_history,
    "conversations.replies": conversations.conversations_replies,
    "apps.connections.open": socket_mode.apps_connections_open,
}


def method_for(path: str) -> str:
    """The method a request path is recorded under."""
    if path.startswith(API_PREFIX):
        return path[len(API_PREFIX) :]
    if path.startswith(RESPONSE_PREFIX):
        return RESPONSE_URL_METHOD
    return path


class Dispatcher:
    """Answers requests for one emulator, from its state and fault plan."""

    def __init__(
        self,
        emu: SlackEmulator,
        state: SlackState,
        faults: FaultPlan,
        limits: RateLimits,
        response_urls: ResponseUrls,
    ):
        self._emu, self._state, self._faults = emu, state, faults
        self._limits, self._response_urls = limits, response_urls

    def answer(self, method: str, path: str, params: dict, headers: dict) -> Answer:
        status = self._faults.outage_status(method)
        if status is not None:
            return status_answer(status)
        fault = self._faults.take(method)
        planned = fault_answer(fault) if fault else None
        if planned is not None:
            planned.hang = fault.seconds  # a failure that is also slow to come
            return planned
        answer = self._act(method, path, params, headers)
        if fault is not None:
            answer.hang = fault.seconds
        return answer

    def _act(self, method: str, path: str, params: dict, headers: dict) -> Answer:
        if method == RESPONSE_URL_METHOD:
            return self._use_response_url(path, params)
        if not path.startswith(API_PREFIX):
            return Answer(status=404, body="not found")
        refused = token_problem(self._emu, method, headers, params)
        if refused is not None:
            return Answer(body=refused)
        handler = METHODS.get(method)
        if handler is None:
            return Answer(body=error("unknown_method"))
        wait = self._limits.retry_after(method)
        if wait is not None:
            headers = {"Retry-After": str(wait)}
            return Answer(status=429, body=error("ratelimited"), headers=headers)
        scopes = scopes_of(self._emu, method)
        with self._state.lock:
            channel = self._emu.visible_channel(params.get("channel"))
            body = scope_problem(method, channel, scopes)
            if body is None:
                body = handler(self._emu, self._state, params)
        headers = {
            "x-oauth-scopes": ",".join(sorted(scopes)),
            "x-accepted-oauth-scopes": ",".join(accepted_scopes(method, channel)),
        }
        return Answer(body=body, headers=headers)

    def _use_response_url(self, path: str, payload: dict) -> Answer:
        key = path[len(RESPONSE_PREFIX) :].strip("/")
        refused = self._response_urls.use(key, payload)
        if refused is not None:
            status, body = refused
            return Answer(status=status, body=body)
        return Answer(body="ok")
