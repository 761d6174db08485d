"""Socket Mode: the same Bolt app, door and listeners, with requests coming over a
WebSocket the app opens to Slack instead of POST /slack/events. No public address is
needed, which is what trying the app from a laptop wants.

slack_bolt's built-in adapter (slack_sdk's own WebSocket client, no other dependency)
holds the connection: it asks apps.connections.open for a URL with the app-level token
(`SLACK_APP_TOKEN`), reconnects when Slack asks, and runs `handle` for each envelope.
There is no signature over a socket: the connection itself is Slack's. What every request
passes however it came (bot/inbound.py) still applies: an envelope Slack sends again, by
its `envelope_id`, is acknowledged and dropped; a response URL that is not Slack's is
refused. Every envelope is acknowledged, also one Bolt has no listener for, or Slack
sends it again.

The web process keeps serving the form (and POST /slack/events, if signed requests come
too); this process answers Slack and, like a web process, runs the delivery thread unless
WORKER_IN_PROCESS is off.
"""

from __future__ import annotations

import logging
import signal
import threading
import time

import click
from flask import Flask
from slack_bolt.adapter.socket_mode.builtin import SocketModeHandler
from slack_bolt.adapter.socket_mode.internals import send_response
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from bot import replay
from bot.inbound import admit, bolt_request
from config import current_settings
from config.logs import configure_logging

log = logging.getLogger("leads.bot.socket")


class LeadsSocketModeHandler(SocketModeHandler):
    """Bolt's built-in handler, with our checks before dispatch and an ack for all."""

    def __init__(self, slack, app_token: str) -> None:
        super().__init__(slack.bolt, app_token, logger=log)
        self.slack = slack

    def handle(self, client, req: SocketModeRequest) -> None:  # type: ignore[override]
        started = time.time()
        refusal = admit(self.slack, replay.envelope(req.envelope_id), req.payload)
        if refusal is None:
            response = self.slack.bolt.dispatch(
                bolt_request(req.payload, retry_marks(req), mode="socket_mode")
            )
            if response.status == 200:
                send_response(client, req, response, started)
                return
            log.info("envelope type=%s not handled (HTTP %s)", req.type, response.status)
        client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))


def retry_marks(req: SocketModeRequest) -> dict[str, str]:
    """The Events API's retry count as Slack's HTTP header says it: only from the first
    retry on (a first delivery carries `retry_attempt: 0`, which is no retry)."""
    if not req.retry_attempt:
        return {}
    marks = {"X-Slack-Retry-Num": str(req.retry_attempt)}
    if req.retry_reason:
        marks["X-Slack-Retry-Reason"] = req.retry_reason
    return marks


def serve(app: Flask) -> None:
    """Connect, answer until SIGTERM or SIGINT, then close."""
    settings = current_settings(app)
    slack = app.extensions.get("slack")
    if not settings.slack_app_token:
        raise click.ClickException(
            "SLACK_APP_TOKEN is not set: create an app-level token with connections:write "
            "(Basic Information → App-Level Tokens) and turn Socket Mode on"
        )
    if slack is None:
        raise click.ClickException("SLACK_BOT_TOKEN is not set")
    configure_logging()
    handler = LeadsSocketModeHandler(slack, settings.slack_app_token)
    try:
        handler.connect()
    except SlackApiError as exc:
        handler.close()
        raise click.ClickException(
            f"apps.connections.open failed ({exc.response.get('error')}): "
            "run `flask --app web slack check`"
        ) from None
    worker = app.extensions["worker"]
    if settings.worker_in_process:
        worker.ensure_started()
    click.echo("answering Slack over Socket Mode; stop with Ctrl-C")
    _wait_for_a_stop_signal()
    handler.close()
    worker.stop()
    click.echo("socket mode stopped")


def _wait_for_a_stop_signal() -> None:
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    stop.wait()
