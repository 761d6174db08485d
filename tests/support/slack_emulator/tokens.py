"""Which token a Web API method takes, and Slack's answer to the wrong one.

A bot token (``xoxb-``) calls the workspace's methods, in the Authorization header or a
``token`` parameter. apps.connections.open takes the app-level token (``xapp-``), in the
header only ("passing it as a POST parameter will result in an error", its method
reference). Either kind of token where the other is needed is ``not_allowed_token_type``;
an unknown one ``invalid_auth``; none at all ``not_authed``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .answers import error
from .decoding import bearer_token

if TYPE_CHECKING:
    from .emulator import SlackEmulator

APP_LEVEL_METHODS = frozenset({"apps.connections.open"})


def token_problem(emu: SlackEmulator, method: str, headers: dict, params: dict) -> dict | None:
    """Slack's error body for the token of this call, or None if it may call `method`."""
    bearer = bearer_token(headers)
    if method in APP_LEVEL_METHODS:
        return _kind_problem(bearer, wanted=emu.app_token, other=emu.token)
    return _kind_problem(bearer or params.get("token"), wanted=emu.token, other=emu.app_token)


def scopes_of(emu: SlackEmulator, method: str) -> set[str]:
    """The scopes of the token `method` takes."""
    return emu.app_scopes if method in APP_LEVEL_METHODS else emu.scopes


def _kind_problem(given: str | None, *, wanted: str, other: str) -> dict | None:
    if given == wanted:
        return None
    if not given:
        return error("not_authed")
    return error("not_allowed_token_type" if given == other else "invalid_auth")
