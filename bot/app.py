"""Build the Bolt App from the settings: no Slack call at start-up nor before an ack."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient

from bot import listeners
from bot.authorization import make_gate
from bot.services import BotServices


def build_bolt_app(
    client: WebClient, bot_token: str, signing_secret: str, services: BotServices
) -> App:
    def authorize(enterprise_id: str | None, team_id: str | None, user_id: str | None):
        # One workspace, one bot token: nothing to look up. (Bolt's default for a single
        # token calls auth.test on the first request, before the acknowledgement.) Who
        # may act is decided by bot/authorization.py.
        return AuthorizeResult(
            enterprise_id=enterprise_id, team_id=team_id, user_id=user_id, bot_token=bot_token
        )

    app = App(
        # A token-less client: Bolt gives each request a copy carrying `bot_token`.
        client=WebClient(base_url=client.base_url, timeout=client.timeout, retry_handlers=[]),
        authorize=authorize,
        signing_secret=signing_secret,
        # bot/endpoint.py verifies every request and hands Bolt the body it parsed,
        # re-encoded as JSON, which Bolt's own check could not verify.
        request_verification_enabled=False,
        # The HTTP response is the ack: it waits for the ack function (which reads the
        # database at most), not for the lazy listeners Bolt starts on its thread pool.
        process_before_response=True,
        logger=logging.getLogger("leads.bolt"),
    )
    app.use(make_gate(services))
    listeners.register(app, services)
    return app
