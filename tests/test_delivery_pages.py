"""A post whose answer was lost is looked for before it is made again, through every page
Slack's history and thread listings are cut into (conversations.history and .replies
answer at most `limit` messages a call and a cursor to the next page)."""

from __future__ import annotations

from sqlalchemy import select, update

from db.models import JobStatus, Lead, OutboxJob
from db.types import utcnow
from service import jobs
from tests.conftest import migrated_app
from tests.support.form import post_application
from tests.support.slack_requests import CHANNEL


def job_of(app, kind: str) -> OutboxJob:
    with app.extensions["db"].sessions() as session:
        return session.scalars(select(OutboxJob).where(OutboxJob.kind == kind)).one()


def retry_now(app, kind: str) -> None:
    with app.extensions["db"].sessions.begin() as session:
        session.execute(
            update(OutboxJob).where(OutboxJob.kind == kind).values(next_attempt_at=utcnow())
        )


def bot_messages(slack, in_thread: bool) -> list[dict]:
    return [
        m
        for m in slack.messages(CHANNEL)
        if m.get("bot_id") == slack.bot_id and ("thread_ts" in m) is in_thread
    ]


def test_a_lost_card_is_found_on_the_third_page_of_history(slack, slack_config):
    app = next(migrated_app({**slack_config, "SLACK_TIMEOUT": 1}))
    slack.accept_then_hang("chat.postMessage", seconds=3)
    post_application(app.test_client())
    app.extensions["worker"].drain()
    assert job_of(app, jobs.SLACK_CARD).status == JobStatus.PENDING  # the answer was lost
    for n in range(450):  # the channel goes on talking: the card sinks to the third page
        slack.plant_message(CHANNEL, user="U0MEMBER", text=f"message {n}")
    retry_now(app, jobs.SLACK_CARD)
    app.extensions["worker"].drain()
    (card,) = bot_messages(slack, in_thread=False)
    assert job_of(app, jobs.SLACK_CARD).status == JobStatus.DONE
    with app.extensions["db"].sessions() as session:
        assert session.scalar(select(Lead.slack_ts)) == card["ts"]
    pages = slack.calls_to("conversations.history")
    assert len(pages) == 3
    assert "cursor" not in pages[0].params and all(p.params.get("cursor") for p in pages[1:])


def test_a_lost_reply_is_found_on_the_second_page_of_its_thread(slack, slack_config):
    app = next(migrated_app({**slack_config, "SLACK_TIMEOUT": 1}))
    client, worker = app.test_client(), app.extensions["worker"]
    post_application(client)
    worker.drain()
    (card,) = bot_messages(slack, in_thread=False)
    for n in range(250):  # a busy thread: the reply will be on its second page
        slack.plant_message(CHANNEL, user="U0MEMBER", text=f"reply {n}", thread_ts=card["ts"])
    slack.accept_then_hang("chat.postMessage", seconds=3)
    post_application(client, resume=(b"%PDF-1.7 second resume", "second.pdf"))
    worker.drain()
    assert job_of(app, jobs.SLACK_APPLIED_AGAIN).status == JobStatus.PENDING
    retry_now(app, jobs.SLACK_APPLIED_AGAIN)
    worker.drain()
    assert len(bot_messages(slack, in_thread=True)) == 1
    assert job_of(app, jobs.SLACK_APPLIED_AGAIN).status == JobStatus.DONE
    assert len(slack.calls_to("conversations.replies")) == 2
