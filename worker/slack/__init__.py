"""Slack delivery, a job kind of the worker beside email: post the lead card, reply in its
thread (a resume sent again, what happened to the lead), rewrite it. Registered by
`worker.init_app` when Slack is configured."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import Flask

from config import current_settings
from service import jobs
from service.reminders import ReminderPlan
from slackkit.client import make_client
from slackkit.membership import MembershipCheck
from slackkit.shared_cache import make_store
from worker.digest import DigestTask
from worker.slack.activity import ActivityReplies
from worker.slack.delivery import SlackDelivery
from worker.slack.digest import DigestPost
from worker.slack.erasure import SlackErasure
from worker.slack.home import HomeRefresh
from worker.slack.reminders import Reminders
from worker.slack.throttle import ChannelThrottle, SharedChannelThrottle

log = logging.getLogger("leads.worker.slack")
# The kinds that call chat.postMessage.
POSTS = [
    jobs.SLACK_CARD,
    jobs.SLACK_APPLIED_AGAIN,
    jobs.SLACK_ACTIVITY,
    jobs.SLACK_REMINDER,
    jobs.SLACK_DIGEST,
]


def register(app: Flask, worker) -> None:
    settings = current_settings(app)
    if settings.digest_time is not None and not (
        settings.slack_configured and settings.slack_leads_channel
    ):
        log.warning(
            "DIGEST_AT is set, but no digest is posted until Slack is set up: "
            "SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN), SLACK_LEADS_CHANNEL"
        )
    if not settings.slack_configured:
        return  # Slack jobs wait in the outbox until the credentials are set
    if not settings.slack_leads_channel:
        log.warning("SLACK_LEADS_CHANNEL is not set: cards wait in the outbox")
        return
    channel, throttle = settings.slack_leads_channel, _throttle(settings)
    delivery = SlackDelivery(
        make_client(settings, settings.slack_timeout),
        channel,
        app.extensions["db"],
        throttle,
        ReminderPlan(
            settings.remind_unclaimed_minutes, settings.remind_pending_minutes, settings.hours
        ),
    )
    delivery.register(worker)
    ActivityReplies(delivery).register(worker)
    Reminders(delivery).register(worker)
    # Posts go out a second apart, longer after a 429: one is claimed only once it could
    # go out, so no worker sleeps on it while emails wait; and one at a time.
    worker.gate(POSTS, lambda: throttle.next_post_in(channel))
    worker.limit_batches("slack", 1)
    SlackErasure(delivery).register(worker)
    _digest(app, worker, delivery)
    _home(settings, delivery).register(worker)


def _digest(app: Flask, worker, delivery: SlackDelivery) -> None:
    """The digest's post is always handled (`flask leads digest --post`); the schedule
    runs in the idle loop when DIGEST_AT is set. Its clock is `app.extensions["digest"]`'s."""
    schedule = DigestTask(app)
    app.extensions["digest"] = schedule
    DigestPost(delivery, schedule).register(worker)
    if schedule.digest_at is not None:
        worker.idle_tasks.append(schedule)


def _home(settings, delivery: SlackDelivery) -> HomeRefresh:
    membership = MembershipCheck(delivery.client, make_store(settings.cache_url))
    quiet_for = timedelta(seconds=settings.home_refresh_seconds)
    return HomeRefresh(delivery, membership, settings.slack_team_id, quiet_for)


def _throttle(settings):
    if settings.cache_url:
        return SharedChannelThrottle(settings.cache_url, settings.slack_post_interval)
    return ChannelThrottle(settings.slack_post_interval)
