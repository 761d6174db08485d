"""Answering Slack: the Bolt app, its listeners, the membership check, `/leads`.

`bot.init_app(app)` mounts POST /slack/events and `flask slack check`, and when Slack
credentials are set builds the Bolt App. Delivering to Slack (cards, replies) is the
worker's job (worker/slack/). Without credentials the app runs and Slack jobs wait in
the outbox.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import Flask
from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.signature import SignatureVerifier

from config import current_settings

if TYPE_CHECKING:
    from bot.replay import ReplayGuard
    from bot.response_urls import ResponseUrls
    from bot.services import BotServices
    from config import Settings

log = logging.getLogger("leads.bot")

# A user waits on the lookups made for their request (after its ack); deliveries wait
# SLACK_TIMEOUT.
INTERACTIVE_TIMEOUT = 2.5


@dataclass
class SlackIntegration:
    bolt: App
    verifier: SignatureVerifier | None  # None without SLACK_SIGNING_SECRET: Socket Mode only
    client: WebClient
    replay: ReplayGuard
    response_urls: ResponseUrls


def init_app(app: Flask) -> SlackIntegration | None:
    from bot.cli import slack_cli
    from bot.endpoint import bp

    app.register_blueprint(bp)
    app.cli.add_command(slack_cli)
    settings = current_settings(app)
    if not settings.slack_configured:
        log.info(
            "Slack is not configured (SLACK_BOT_TOKEN, and SLACK_SIGNING_SECRET or "
            "SLACK_APP_TOKEN): cards wait in the outbox"
        )
        return None
    integration = _build_integration(app, settings)
    app.extensions["slack"] = integration
    return integration


def _build_integration(app: Flask, settings: Settings) -> SlackIntegration:
    from bot.app import build_bolt_app
    from bot.replay import ReplayGuard
    from bot.response_urls import ResponseUrls
    from slackkit.client import make_client
    from slackkit.shared_cache import make_store

    quick = make_client(settings, INTERACTIVE_TIMEOUT)
    store = make_store(settings.cache_url)
    services = _services(app, settings, quick, store)
    return SlackIntegration(
        bolt=build_bolt_app(
            quick, settings.slack_bot_token, settings.slack_signing_secret or "", services
        ),
        verifier=_verifier(settings.slack_signing_secret),
        client=make_client(settings, settings.slack_timeout),
        replay=ReplayGuard(store),
        response_urls=ResponseUrls(settings.slack_api_url),
    )


def _services(app: Flask, settings: Settings, quick: WebClient, store) -> BotServices:
    from bot.services import BotServices
    from bot.workspace import Workspace
    from slackkit.membership import MembershipCheck

    database = app.extensions["db"]
    return BotServices(
        settings=settings,
        sessions=database.sessions,
        reads=database.reads,
        workspace=Workspace(quick, settings.slack_team_id),
        membership=MembershipCheck(quick, store),
        wake_worker=app.extensions["worker"].wake,
        client=quick,
    )


def _verifier(signing_secret: str | None) -> SignatureVerifier | None:
    # Without a signing secret Slack's requests come over Socket Mode only.
    return SignatureVerifier(signing_secret) if signing_secret else None
