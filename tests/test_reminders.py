"""Reminders: an unclaimed lead's (broadcast), a still-pending lead's (mentions the
owner), each once however many workers run and across a restart, none for a lead handled
in time, counted in business hours in the configured time zone (an injected clock: the
lead's arrival time, never a sleep through the night)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from config.business_hours import parse
from config.settings import ConfigError
from db.models import JobStatus, Lead, OutboxJob
from service import jobs
from service.outbox import enqueue
from service.ownership import claim
from tests.conftest import migrated_app
from tests.support.form import post_application
from tests.support.polling import until
from tests.test_delivery_guards import make_due
from tests.test_slack_activity import replies

PARIS = "Europe/Paris"
FRIDAY_5PM_PARIS = datetime(2026, 3, 27, 16, 0, tzinfo=UTC)  # 17:00 CET


def reminders_app(slack_config, **settings):
    return next(migrated_app({**slack_config, **settings}))


def reminder_replies(slack, kind: str) -> list[dict]:
    return [r for r in replies(slack) if r["metadata"]["event_payload"].get("reminder") == kind]


def reminder_jobs(app) -> list[OutboxJob]:
    with app.extensions["db"].sessions() as session:
        query = select(OutboxJob).where(OutboxJob.kind == jobs.SLACK_REMINDER)
        return list(session.scalars(query.order_by(OutboxJob.id)))


@pytest.mark.parametrize(
    "arrived, expected",
    [
        (FRIDAY_5PM_PARIS, datetime(2026, 3, 30, 7, 30, tzinfo=UTC)),  # Mon 09:30 CEST
        (datetime(2026, 3, 28, 12, 0, tzinfo=UTC), datetime(2026, 3, 30, 8, 0, tzinfo=UTC)),
        (datetime(2026, 3, 26, 6, 0, tzinfo=UTC), datetime(2026, 3, 26, 9, 0, tzinfo=UTC)),
        (datetime(2026, 3, 26, 9, 0, tzinfo=UTC), datetime(2026, 3, 26, 10, 0, tzinfo=UTC)),
    ],
)
def test_business_time_skips_nights_weekends_and_follows_daylight_saving(arrived, expected):
    # Friday: 30 min before closing, 30 min on Monday after the clocks went forward on
    # Sunday; Saturday: Monday's first hour; Thursday 07:00: from opening; 10:00: at once.
    assert parse("Mon-Fri 09:00-17:30", PARIS).due_at(arrived, 60) == expected


@pytest.mark.parametrize(
    "settings, named",
    [
        ({"BUSINESS_HOURS": "weekdays 9 to 5"}, "BUSINESS_HOURS"),
        ({"BUSINESS_HOURS": "Mon-Fri 17:00-09:00"}, "BUSINESS_HOURS"),
        ({"TIMEZONE": "Europe/Atlantis"}, "TIMEZONE"),
        ({"REMIND_UNCLAIMED_MINUTES": "-1"}, "REMIND_UNCLAIMED_MINUTES"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(config, settings, named):
    from web import create_app

    with pytest.raises(ConfigError) as raised:
        create_app({**config, **settings})
    assert named in str(raised.value)
    if named == "BUSINESS_HOURS":
        assert "Mon-Fri 09:00-17:30" in str(raised.value)  # an example to copy


def test_short_thresholds_remind_in_the_thread_and_the_channel(slack, slack_config):
    app = reminders_app(
        slack_config, REMIND_UNCLAIMED_MINUTES="0.01", REMIND_PENDING_MINUTES="0.02"
    )
    worker = app.extensions["worker"]
    worker.ensure_started()
    try:
        post_application(app.test_client())
        worker.wake()
        until(lambda: len(replies(slack)) == 2, "both reminders")
    finally:
        worker.stop()
    (unclaimed,) = reminder_replies(slack, "unclaimed")
    assert unclaimed["subtype"] == "thread_broadcast"  # reply_broadcast: seen in the channel
    assert "Nobody has claimed this lead yet; it has waited 0 min" in unclaimed["text"]
    (pending,) = reminder_replies(slack, "pending")
    assert "subtype" not in pending
    assert "Still pending after 0 min, and nobody owns it" in pending["text"]


def test_a_lead_claimed_in_time_gets_no_unclaimed_reminder(slack, slack_config):
    app = reminders_app(slack_config, REMIND_UNCLAIMED_MINUTES=60, REMIND_PENDING_MINUTES=1440)
    worker = app.extensions["worker"]
    post_application(app.test_client())
    worker.drain()
    assert [j.status for j in reminder_jobs(app)] == [JobStatus.PENDING] * 2  # not yet due
    with app.extensions["db"].sessions.begin() as session:
        claim(session, 1, "U0MEMBER")
    make_due(app, OutboxJob.kind == jobs.SLACK_REMINDER)
    worker.drain()
    assert reminder_replies(slack, "unclaimed") == []
    (pending,) = reminder_replies(slack, "pending")
    assert "<@U0MEMBER>, it is yours" in pending["text"]


def test_each_reminder_is_posted_once_by_two_workers_and_after_a_restart(slack, slack_config):
    settings = {"REMIND_UNCLAIMED_MINUTES": 60, "REMIND_PENDING_MINUTES": 1440}
    first, second = reminders_app(slack_config, **settings), reminders_app(slack_config, **settings)
    post_application(first.test_client())
    first.extensions["worker"].drain()
    with first.extensions["db"].sessions.begin() as session:  # a second job for each, as
        for kind in ("unclaimed", "pending"):  # if the card had been recorded twice
            enqueue(session, jobs.SLACK_REMINDER, 1, {"reminder": kind})
    make_due(first, OutboxJob.kind == jobs.SLACK_REMINDER)
    start = threading.Barrier(2)

    def drain(app) -> None:
        start.wait()
        app.extensions["worker"].drain()

    threads = [threading.Thread(target=drain, args=(app,)) for app in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    restarted = reminders_app(slack_config, **settings)
    with restarted.extensions["db"].sessions.begin() as session:
        enqueue(session, jobs.SLACK_REMINDER, 1, {"reminder": "unclaimed"})
    restarted.extensions["worker"].drain()
    assert len(reminder_replies(slack, "unclaimed")) == 1
    assert len(reminder_replies(slack, "pending")) == 1
    assert {j.status for j in reminder_jobs(restarted)} == {JobStatus.DONE}


def test_reminders_wait_for_opening_time_in_the_configured_zone(slack, slack_config):
    app = reminders_app(
        slack_config,
        REMIND_UNCLAIMED_MINUTES="60",
        REMIND_PENDING_MINUTES="90.5",
        BUSINESS_HOURS="Mon-Fri 09:00-17:30",
        TIMEZONE=PARIS,
    )
    friday = next_friday_5pm_paris()
    post_application(app.test_client())
    with app.extensions["db"].sessions.begin() as session:  # it arrives on Friday at 17:00
        session.execute(update(Lead).values(created_at=friday))
    app.extensions["worker"].drain()
    due = [(j.payload["reminder"], j.next_attempt_at) for j in reminder_jobs(app)]
    monday = (friday + timedelta(days=3)).astimezone(ZoneInfo(PARIS)).date()
    opening = datetime.combine(monday, time(9, 0), ZoneInfo(PARIS))
    assert due == [
        ("unclaimed", opening + timedelta(minutes=30)),  # 30 min on Friday, 30 on Monday
        ("pending", opening + timedelta(minutes=60, seconds=30)),
    ]
    assert replies(slack) == []  # not during the night nor the weekend


def next_friday_5pm_paris() -> datetime:
    """The coming Friday at 17:00 in Paris: the clock the reminders are measured from."""
    today = datetime.now(ZoneInfo(PARIS)).date()
    friday = today + timedelta(days=(4 - today.weekday()) % 7 or 7)
    return datetime.combine(friday, time(17, 0), ZoneInfo(PARIS)).astimezone(UTC)
