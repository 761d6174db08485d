"""The card's thread says what happened to the lead: one reply per claim, release,
assignment and state change, through the outbox, never twice."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import JobStatus, LeadEvent, OutboxJob
from service import jobs
from service.ownership import claim
from tests.conftest import migrated_app
from tests.support.form import post_application
from tests.support.leads import posted_lead
from tests.support.polling import stays, until
from tests.support.slack_requests import CHANNEL
from tests.test_delivery_guards import job_of, make_due
from tests.test_slack_buttons import click
from tests.test_slack_claims import pick


def replies(slack) -> list[dict]:
    return [m for m in slack.messages(CHANNEL) if m.get("thread_ts")]


def texts(slack) -> list[str]:
    return [m["text"] for m in replies(slack)]


@pytest.mark.usefixtures("live_worker")
def test_each_event_is_one_reply_in_the_cards_thread(slack, slack_app, slack_client):
    lead = posted_lead(slack_app, slack_client)
    slack.add_user("U0OTHER", name="other")
    steps = [
        (lambda: click(slack, slack_client, "claim_lead", lead.id), "<@U0MEMBER> claimed this"),
        (lambda: pick(slack, slack_client, lead.id, "U0OTHER"), "assigned this to <@U0OTHER>"),
        (lambda: click(slack, slack_client, "release_lead", lead.id), "released this"),
        (lambda: click(slack, slack_client, "mark_reached_out", lead.id), "reached out and took"),
        (lambda: click(slack, slack_client, "move_to_pending", lead.id), "back to pending"),
    ]
    for count, (act, said) in enumerate(steps, start=1):
        act()
        until(lambda n=count: len(replies(slack)) >= n, f"reply {count}")
        assert said in texts(slack)[-1]
    stays(lambda: len(replies(slack)) == len(steps), "one reply per event", seconds=0.5)
    card = slack.messages(CHANNEL)[0]
    for reply in replies(slack):
        assert reply["thread_ts"] == card["ts"]
        assert reply["metadata"]["event_type"] == "lead_activity"
        assert "subtype" not in reply  # in the thread only, not broadcast to the channel
    with slack_app.extensions["db"].sessions() as session:
        kinds = list(session.scalars(select(LeadEvent.kind).order_by(LeadEvent.id)))
    assert kinds[-6:] == ["claimed", "assigned", "released", "claimed", "state_changed",
                          "state_changed"]  # fmt: skip


def test_a_reply_whose_answer_was_lost_is_not_posted_twice(slack, slack_config):
    slack_app = next(migrated_app({**slack_config, "SLACK_TIMEOUT": 1}))
    worker = slack_app.extensions["worker"]
    post_application(slack_app.test_client())
    worker.drain()
    with slack_app.extensions["db"].sessions.begin() as session:
        claim(session, 1, "U0MEMBER")
    slack.accept_then_hang("chat.postMessage", seconds=3)
    worker.drain()
    assert len(replies(slack)) == 1  # Slack has it; the worker does not know
    assert job_of(slack_app, jobs.SLACK_ACTIVITY).status == JobStatus.PENDING
    make_due(slack_app, OutboxJob.kind == jobs.SLACK_ACTIVITY)
    worker.drain()
    assert len(replies(slack)) == 1
    assert job_of(slack_app, jobs.SLACK_ACTIVITY).status == JobStatus.DONE


def test_a_reply_waits_for_its_card(slack, slack_app):
    slack.fail_next("chat.postMessage", status=500)
    post_application(slack_app.test_client())
    worker = slack_app.extensions["worker"]
    worker.drain()
    with slack_app.extensions["db"].sessions.begin() as session:
        claim(session, 1, "U0MEMBER")
    worker.drain()
    assert replies(slack) == []
    make_due(slack_app)
    worker.drain()
    worker.drain()
    (reply,) = replies(slack)
    assert reply["thread_ts"] == slack.messages(CHANNEL)[0]["ts"]
