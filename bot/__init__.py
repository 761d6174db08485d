"""Slack: the Bolt app, its listeners, the membership check and the Block Kit builders.

`bot.init_app(app)` mounts POST /slack/events and `flask slack check`, and when Slack
credentials are set builds the Bolt App and registers the Slack delivery jobs with
the worker. Without credentials the app runs and Slack jobs wait in the outbox.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import Flask
from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.signature import SignatureVerifier

if TYPE_CHECKING:
    from bot.replay import ReplayGuard
    from bot.response_urls import ResponseUrls

log = logging.getLogger("leads.bot")

# A user waits on requests made before the acknowledgement; deliveries can wait longer.
INTERACTIVE_TIMEOUT = 2.5
DELIVERY_TIMEOUT = 10


@dataclass
class SlackIntegration:
    bolt: App
    verifier: SignatureVerifier
    client: WebClient
    replay: ReplayGuard
    response_urls: ResponseUrls


def init_app(app: Flask) -> SlackIntegration | None:
    from bot.app import build_bolt_app
    from bot.cli import slack_cli
    from bot.deferral import Deferral
    from bot.delivery import SlackDelivery
    from bot.endpoint import bp
    from bot.membership import MembershipCheck
    from bot.replay import ReplayGuard
    from bot.response_urls import ResponseUrls
    from bot.services import BotServices
    from bot.shared_cache import make_store
    from bot.workspace import Workspace

    app.register_blueprint(bp)
    app.cli.add_command(slack_cli)
    settings = app.extensions["settings"]
    if not settings.slack_configured:
        log.info(
            "Slack is not configured (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET): "
            "cards wait in the outbox"
        )
        return None
    quick = make_client(settings, INTERACTIVE_TIMEOUT)
    worker = app.extensions["worker"]
    database = app.extensions["db"]
    store = make_store(settings.cache_url)
    services = BotServices(
        settings=settings,
        sessions=database.sessions,
        reads=database.reads,
        workspace=Workspace(quick, settings.slack_team_id),
        membership=MembershipCheck(quick, store),
        wake_worker=worker.wake,
        deferral=Deferral(),
    )
    integration = SlackIntegration(
        bolt=build_bolt_app(
            quick, settings.slack_bot_token, settings.slack_signing_secret, services
        ),
        verifier=SignatureVerifier(settings.slack_signing_secret),
        client=make_client(settings, DELIVERY_TIMEOUT),
        replay=ReplayGuard(store),
        response_urls=ResponseUrls(settings.slack_api_url),
    )
    app.extensions["slack"] = integration
    if settings.slack_leads_channel:
        SlackDelivery(
            integration.client,
            settings.slack_leads_channel,
            database,
            make_throttle(settings),
        ).register(worker)
    else:
        log.warning("SLACK_LEADS_CHANNEL is not set: cards wait in the outbox")
    return integration


def make_throttle(settings):
    from bot.throttle import ChannelThrottle, SharedChannelThrottle

    if settings.cache_url:
        return SharedChannelThrottle(settings.cache_url, settings.slack_post_interval)
    return ChannelThrottle(settings.slack_post_interval)


def make_client(settings, timeout: float) -> WebClient:
    # No automatic retries: a retried chat.postMessage could post twice. The outbox
    # retries, and looks for an earlier copy first.
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=timeout,
        retry_handlers=[],
    )
