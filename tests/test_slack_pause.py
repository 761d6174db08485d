"""A channel paused by Slack's 429: its posts are not claimed while the pause lasts (no
worker sleeps on them holding a batch), emails go on, and the cards follow afterwards."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from db.models import JobStatus, OutboxJob
from db.types import utcnow
from service import jobs
from tests.conftest import migrated_app
from tests.support.form import post_application
from tests.support.polling import until

PAUSE = 3  # seconds Slack asks for


@pytest.fixture
def fast_slack_app(slack_config):
    slack_config.update(SLACK_POST_INTERVAL=0)
    yield from migrated_app(slack_config)


def cards(app) -> list[OutboxJob]:
    with app.extensions["db"].sessions() as session:
        query = select(OutboxJob).where(OutboxJob.kind == jobs.SLACK_CARD).order_by(OutboxJob.id)
        return list(session.scalars(query))


def test_posts_to_a_paused_channel_are_not_claimed(slack, fast_slack_app):
    client = fast_slack_app.test_client()
    for n in range(3):
        post_application(client, email=f"applicant{n}@example.com")
    worker = fast_slack_app.extensions["worker"]
    slack.rate_limit_next("chat.postMessage", retry_after=PAUSE)
    while worker.run_once():  # what is due and may run now (drain would await the pause)
        pass
    first, *others = cards(fast_slack_app)
    assert first.status == JobStatus.PENDING and "rate limited" in first.last_error
    # The other cards were never claimed: no attempt spent, no worker asleep on them.
    assert [(job.status, job.attempts) for job in others] == [(JobStatus.PENDING, 0)] * 2
    assert len(slack.calls_to("chat.postMessage")) == 1
    assert jobs.SLACK_CARD not in worker.runnable_kinds()
    assert jobs.SLACK_CARD_REFRESH in worker.runnable_kinds()  # chat.update is not paused
    confirmations = OutboxJob.kind == jobs.EMAIL_CONFIRMATION
    with fast_slack_app.extensions["db"].sessions() as session:
        statuses = set(session.scalars(select(OutboxJob.status).where(confirmations)))
    assert statuses == {JobStatus.DONE}  # email went on during the pause

    until(lambda: jobs.SLACK_CARD in worker.runnable_kinds(), "the pause to end", PAUSE + 5)
    with fast_slack_app.extensions["db"].sessions.begin() as session:
        session.execute(update(OutboxJob).values(next_attempt_at=utcnow()))
    worker.drain()
    assert {job.status for job in cards(fast_slack_app)} == {JobStatus.DONE}
    assert len(slack.calls_to("chat.postMessage")) == 4  # three cards, one of them twice
