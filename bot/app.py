"""Build the Bolt App from the settings: no network at start-up, one error handler."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient

from bot import listeners
from bot.authorization import make_middleware
from bot.services import BotServices

log = logging.getLogger("leads.bot")


def build_bolt_app(client: WebClient, signing_secret: str, services: BotServices) -> App:
    app = App(
        client=client,
        signing_secret=signing_secret,
        # Without this, App() calls auth.test now and the web app cannot start while
        # Slack is unreachable.
        token_verification_enabled=False,
        logger=logging.getLogger("leads.bolt"),
    )
    app.use(make_middleware(services))
    listeners.register(app)
    app.error(_log_error)
    return app


def _log_error(error: Exception, body: dict) -> None:
    user = (body.get("user") or {}).get("id") or body.get("user_id")
    kind = body.get("type") or body.get("command")
    log.error("Slack request failed (user=%s, %s): %r", user, kind, error, exc_info=error)
