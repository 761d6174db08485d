"""A Slack Web API emulator that the test suite owns.

A real HTTP server (standard library only) on 127.0.0.1 that answers the handful of Slack
Web API methods the app uses, the way Slack documents them, and records every request.
Point slack_sdk's ``WebClient(base_url=emu.api_url)`` at it.

    with SlackEmulator() as emu:
        client = WebClient(token="xoxb-test", base_url=emu.api_url)
        client.chat_postMessage(channel="C0LEADS", text="hi")
        emu.wait_for("chat.postMessage")
        assert emu.messages("C0LEADS")[0]["text"] == "hi"

Behaviour worth knowing:

- Requests are ``POST /api/<method>`` (GET works too); params come from the query string and
  from a form-encoded, multipart or JSON body.  ``blocks``, ``metadata`` and ``attachments``
  sent as JSON strings are decoded.
- A call is recorded once the emulator has acted on it (before any hang), so after
  ``wait_for`` its effects are visible in ``messages()``.  ``Call.at`` is the arrival time.
- ``conversations.history`` lists parent messages only (thread replies are returned by
  ``conversations.replies``), newest first, like Slack.
- ``new_response_url()`` issues Slack-style response URLs; their POSTs are recorded as calls
  to the pseudo-method ``"response_url"``, which the fault helpers accept too.
- Faults given ``method=None`` apply to every request, response URLs included.  One-shot
  faults (``fail_next``, ``rate_limit_next``, ``error_next``, ``accept_then_hang``) are
  consumed in the order they were planned.

It is at least as strict as Slack, each rule after Slack's documentation (cited where it
is kept): Block Kit payloads are validated (``blocks``, ``block_rules``, ``payloads``),
each method needs its scope (``scopes``), a private channel the bot is not in does not
exist for it (``channels``), lists are paginated (``pagination``), response URLs expire
(``response_urls``), chat.update edits only the bot's own messages, and a test can switch
on a rate limit per method (``limits``).  Users include Slackbot and Enterprise Grid
members (``users``).  Socket Mode: apps.connections.open takes the app-level token only
(``tokens``) and hands out URLs of ``emu.socket``, a WebSocket server that greets each
connection, sends the envelopes a test gives it and checks their acknowledgements
(``socket_mode``).

The parts: ``emulator`` (SlackEmulator, with the hooks of ``workspace`` and
``fault_hooks``), ``server`` (HTTP plumbing), ``decoding`` (request params), ``dispatch``
(routing a request), ``methods``, ``conversations`` and ``permalinks`` (the Slack
methods), ``faults`` (fault plans), ``state`` (what is remembered) and ``answers``.
"""

from .answers import STATUS_ERRORS
from .decoding import JSON_ENCODED_FIELDS, decode_params
from .dispatch import RESPONSE_URL_METHOD
from .emulator import APP_TOKEN, DEFAULT_TOKEN, SlackEmulator
from .response_urls import MAX_USES as RESPONSE_URL_MAX_USES
from .server import HOST, JSON_CONTENT_TYPE, TEXT_CONTENT_TYPE
from .state import FIRST_TS_MICROS, TS_STEP_MICROS, Call

__all__ = [
    "APP_TOKEN",
    "DEFAULT_TOKEN",
    "FIRST_TS_MICROS",
    "HOST",
    "JSON_CONTENT_TYPE",
    "JSON_ENCODED_FIELDS",
    "RESPONSE_URL_MAX_USES",
    "RESPONSE_URL_METHOD",
    "STATUS_ERRORS",
    "TEXT_CONTENT_TYPE",
    "TS_STEP_MICROS",
    "Call",
    "SlackEmulator",
    "decode_params",
]
