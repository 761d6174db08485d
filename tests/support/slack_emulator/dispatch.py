"""Routing one request to its answer: an outage, else a planned fault, else the real thing.

``/api/<method>`` is a Web API call (its token, as a bearer header or a ``token`` param,
must be the emulator's); ``/response/<key>`` is a post to a response URL, whose calls are
recorded under the pseudo-method ``"response_url"``; any other path is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from . import conversations, methods
from .answers import Answer, error, status_answer
from .decoding import bearer_token
from .faults import FaultPlan, fault_answer
from .state import SlackState

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
    "users.info": methods.users_info,
    "conversations.info": conversations.conversations_info,
    "conversations.history": conversations.conversations_history,
    "conversations.replies": conversations.conversations_replies,
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

    def __init__(self, emu: SlackEmulator, state: SlackState, faults: FaultPlan):
        self._emu, self._state, self._faults = emu, state, faults

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
        token = self._emu.token
        if bearer_token(headers) != token and params.get("token") != token:
            return Answer(body=error("invalid_auth"))
        handler = METHODS.get(method)
        if handler is None:
            return Answer(body=error("unknown_method"))
        with self._state.lock:
            body = handler(self._emu, self._state, params)
        # Slack names the token's scopes on every Web API answer.
        return Answer(body=body, headers={"x-oauth-scopes": ",".join(sorted(self._emu.scopes))})

    def _use_response_url(self, path: str, payload: dict) -> Answer:
        key = path[len(RESPONSE_PREFIX) :].strip("/")
        problem = self._state.use_response_url(key, payload)
        if problem is not None:
            return Answer(status=404, body=error(problem))
        return Answer(body="ok")
