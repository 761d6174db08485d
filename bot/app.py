"""Build the Bolt App from the settings: no Slack call at start-up nor before an ack."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient

from bot import listeners
from bot.authorization import make_middleware
from bot.services import BotServices

log = logging.getLogger("leads.bot")


def build_bolt_app(
    client: WebClient, bot_token: str, signing_secret: str, services: BotServices
) -> App:
    def authorize(enterprise_id: str | None, team_id: str | None, user_id: str | None):
        # One workspace, one bot token: nothing to look up. (Bolt's default for a single
        # token calls auth.test on the first request, before the acknowledgement.) Who
        # may act is decided by our membership middleware.
        return AuthorizeResult(
            enterprise_id=enterprise_id, team_id=team_id, user_id=user_id, bot_token=bot_token
        )

    app = App(
        # A token-less client: Bolt gives each request a copy carrying `bot_token`.
        client=WebClient(base_url=client.base_url, timeout=client.timeout, retry_handlers=[]),
        authorize=authorize,
        signing_secret=signing_secret,
        # bot/endpoint.py verifies every request before Bolt sees it. Checking again here
        # would drop a deferred request whose 5-minute signature window ran out in the
        # queue, with nobody told.
        request_verification_enabled=False,
        # Listeners answer before returning (commands from the database; buttons ack and
        # hand their work to lazy listeners), so Bolt need not poll for the ack.
        process_before_response=True,
        logger=logging.getLogger("leads.bolt"),
    )
    app.use(make_middleware(services))
    listeners.register(app)
    app.error(_log_error)
    services.deferral.dispatch = app.dispatch
    return app


def _log_error(error: Exception, body: dict) -> None:
    user = (body.get("user") or {}).get("id") or body.get("user_id")
    kind = body.get("type") or body.get("command")
    log.error("Slack request failed (user=%s, %s): %r", user, kind, error, exc_info=error)
