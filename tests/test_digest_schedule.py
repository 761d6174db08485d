"""The morning digest's schedule, on an injected clock: at DIGEST_AT on business days in
TIMEZONE and never before, once however many workers ask and after a restart, late on the
day the app comes back and never for a day it missed, and never posted twice."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from db.models import DigestRun, JobStatus, OutboxJob
from service import jobs
from tests.support.outbox import job_of, make_due
from tests.support.polling import until
from tests.support.slack_requests import CHANNEL

PARIS = ZoneInfo("Europe/Paris")
SATURDAY, MONDAY, TUESDAY = date(2026, 3, 28), date(2026, 3, 30), date(2026, 3, 31)
WEDNESDAY = date(2026, 4, 1)
WEEKDAYS = {
    "DIGEST_AT": "08:30",
    "BUSINESS_HOURS": "Mon-Fri 09:00-17:30",
    "TIMEZONE": "Europe/Paris",
}


def paris(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), PARIS).astimezone(UTC)


def digests(slack) -> list[dict]:
    return [
        m
        for m in slack.messages(CHANNEL)
        if (m.get("metadata") or {}).get("event_type") == "leads_digest"
    ]


def digest_days(slack) -> list[str]:
    return [m["metadata"]["event_payload"]["day"] for m in digests(slack)]


def runs(app) -> list[date]:
    with app.extensions["db"].sessions() as session:
        return list(session.scalars(select(DigestRun.day).order_by(DigestRun.day)))


def at(app, moment: datetime):
    """Set the app's digest clock (the schedule's and the post's) to `moment`."""
    schedule = app.extensions["digest"]
    schedule.clock = lambda: moment
    return schedule


def idle_at(app, moment: datetime) -> int | None:
    """One idle moment of the worker at `moment`, then whatever it queued is delivered."""
    job_id = at(app, moment)()
    app.extensions["worker"].drain()
    return job_id


@pytest.fixture
def digest_config(slack_config) -> dict:
    return {**slack_config, **WEEKDAYS}


def test_unset_there_is_no_schedule(slack_app):
    assert slack_app.extensions["digest"].digest_at is None
    assert slack_app.extensions["digest"] not in slack_app.extensions["worker"].idle_tasks


def test_at_digest_at_on_a_business_day_and_not_before_nor_at_the_weekend(
    slack, digest_config, make_app
):
    app = make_app(digest_config, migrate=True)
    assert app.extensions["digest"] in app.extensions["worker"].idle_tasks
    assert idle_at(app, paris(SATURDAY, 10)) is None
    assert idle_at(app, paris(MONDAY, 8, 29)) is None
    assert digests(slack) == [] and runs(app) == []
    assert idle_at(app, paris(MONDAY, 8, 30)) is not None
    assert digest_days(slack) == ["2026-03-30"]
    assert idle_at(app, paris(MONDAY, 17)) is None
    assert len(digests(slack)) == 1


def test_every_day_when_business_hours_are_unset(slack, slack_config, make_app):
    app = make_app({**slack_config, "DIGEST_AT": "07:00", "TIMEZONE": "Europe/Paris"}, True)
    assert idle_at(app, paris(SATURDAY, 6, 59)) is None
    assert idle_at(app, paris(SATURDAY, 7)) is not None
    assert digest_days(slack) == ["2026-03-28"]


def test_the_workers_idle_loop_posts_it(slack, digest_config, make_app):
    app = make_app({**digest_config, "WORKER_POLL_SECONDS": "0.05"}, migrate=True)
    at(app, paris(MONDAY, 9))
    worker = app.extensions["worker"]
    worker.ensure_started()
    try:
        until(lambda: len(digests(slack)) == 1, "the digest from the idle loop", timeout=10)
        done = lambda: job_of(app, jobs.SLACK_DIGEST).status == JobStatus.DONE  # noqa: E731
        until(done, "the digest's job settled")
    finally:
        worker.stop()
    assert digest_days(slack) == ["2026-03-30"]


def test_once_with_two_workers_and_a_restart(slack, digest_config, make_app):
    first, second = (make_app(digest_config, migrate=True) for _ in range(2))
    start = threading.Barrier(2)
    queued: list[int | None] = []

    def worker(app) -> None:
        schedule = at(app, paris(MONDAY, 9))
        start.wait()
        queued.append(schedule())
        app.extensions["worker"].drain()

    threads = [threading.Thread(target=worker, args=(app,)) for app in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(queued) == 2 and sum(job is not None for job in queued) == 1
    restarted = make_app(digest_config)
    assert idle_at(restarted, paris(MONDAY, 16)) is None
    assert digest_days(slack) == ["2026-03-30"]
    assert runs(restarted) == [MONDAY]
    assert job_of(restarted, jobs.SLACK_DIGEST).status == JobStatus.DONE


def test_late_the_day_it_comes_back_and_never_for_a_day_it_missed(slack, digest_config, make_app):
    monday = make_app(digest_config, migrate=True)
    assert idle_at(monday, paris(MONDAY, 8, 30)) is not None
    # Down all of Tuesday; back on Wednesday, first before DIGEST_AT, then restarted at 15:00.
    wednesday = make_app(digest_config)
    assert idle_at(wednesday, paris(WEDNESDAY, 7)) is None
    assert idle_at(make_app(digest_config), paris(WEDNESDAY, 15)) is not None
    assert digest_days(slack) == ["2026-03-30", "2026-04-01"]
    assert runs(wednesday) == [MONDAY, WEDNESDAY]
    # Wednesday's covers from Monday's, the last digest posted.
    with wednesday.extensions["db"].sessions() as session:
        monday_as_of = session.get(DigestRun, MONDAY).as_of
    assert f"<!date^{int(monday_as_of.timestamp())}^" in str(digests(slack)[1]["blocks"])


def test_a_digest_whose_answer_was_lost_is_not_posted_twice(slack, digest_config, make_app):
    app = make_app({**digest_config, "SLACK_TIMEOUT": 1}, migrate=True)
    slack.accept_then_hang("chat.postMessage", seconds=3)
    assert idle_at(app, paris(MONDAY, 8, 30)) is not None
    assert len(digests(slack)) == 1  # Slack has it; the worker does not know
    assert job_of(app, jobs.SLACK_DIGEST).status == JobStatus.PENDING
    make_due(app, OutboxJob.kind == jobs.SLACK_DIGEST)
    app.extensions["worker"].drain()
    assert len(digests(slack)) == 1
    assert len(slack.calls_to("chat.postMessage")) == 1
    with app.extensions["db"].sessions() as session:
        assert session.get(DigestRun, MONDAY).ts == digests(slack)[0]["ts"]
    assert job_of(app, jobs.SLACK_DIGEST).status == JobStatus.DONE


def test_a_digest_held_up_past_midnight_is_dropped_for_the_new_days(slack, digest_config, make_app):
    app = make_app(digest_config, migrate=True)
    slack.fail_next("chat.postMessage", status=500)  # Slack down at Monday's DIGEST_AT
    assert idle_at(app, paris(MONDAY, 8, 30)) is not None
    assert digests(slack) == []
    make_due(app, OutboxJob.kind == jobs.SLACK_DIGEST)
    assert idle_at(app, paris(TUESDAY, 8)) is None  # Monday's, retried on Tuesday: dropped
    assert digests(slack) == []
    assert idle_at(app, paris(TUESDAY, 8, 30)) is not None
    assert digest_days(slack) == ["2026-03-31"]


def test_the_digest_and_a_card_keep_the_channels_spacing(slack, digest_config, make_app):
    from tests.support.form import post_application

    app = make_app(digest_config, migrate=True)  # SLACK_POST_INTERVAL: 1 s by default
    post_application(app.test_client())
    at(app, paris(MONDAY, 9))()  # the digest and the card both due now
    app.extensions["worker"].drain()
    first, second = slack.calls_to("chat.postMessage")
    kinds = {call.params["metadata"]["event_type"] for call in (first, second)}
    assert kinds == {"lead_card", "leads_digest"}
    assert second.at - first.at >= 0.9
