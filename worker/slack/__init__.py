"""Slack delivery, a job kind of the worker beside email: post the lead card, reply in its
thread, rewrite it. Registered by `worker.init_app` when Slack is configured."""

from __future__ import annotations

import logging

from flask import Flask

from config import current_settings
from slackkit.client import make_client
from worker.slack.delivery import SlackDelivery
from worker.slack.erasure import SlackErasure
from worker.slack.throttle import ChannelThrottle, SharedChannelThrottle

log = logging.getLogger("leads.worker.slack")


def register(app: Flask, worker) -> None:
    settings = current_settings(app)
    if not settings.slack_configured:
        return  # Slack jobs wait in the outbox until the credentials are set
    if not settings.slack_leads_channel:
        log.warning("SLACK_LEADS_CHANNEL is not set: cards wait in the outbox")
        return
    delivery = SlackDelivery(
        make_client(settings, settings.slack_timeout),
        settings.slack_leads_channel,
        app.extensions["db"],
        _throttle(settings),
    )
    delivery.register(worker)
    SlackErasure(delivery).register(worker)


def _throttle(settings):
    if settings.cache_url:
        return SharedChannelThrottle(settings.cache_url, settings.slack_post_interval)
    return ChannelThrottle(settings.slack_post_interval)
