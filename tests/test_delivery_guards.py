"""The guards that keep deliveries exactly once and retries honest, each through the real
worker, SMTP server, Slack emulator and database engine."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from db.models import JobStatus, Lead, OutboxJob
from db.types import utcnow
from service import jobs, outbox_admin
from service.outbox import enqueue
from service.states import change_state
from tests.support.form import post_application
from tests.support.outbox import job_of, make_due
from tests.support.slack_requests import CHANNEL


def cards(slack) -> list[dict]:
    return [m for m in slack.messages(CHANNEL) if "thread_ts" not in m]


def test_a_requeued_job_gets_a_fresh_retry_window(slack, slack_app, slack_client):
    slack.remove_bot(CHANNEL)
    post_application(slack_client)
    worker = slack_app.extensions["worker"]
    worker.drain()
    card = OutboxJob.kind == jobs.SLACK_CARD
    make_due(slack_app, card, first_attempt_at=utcnow() - timedelta(days=3))
    assert job_of(slack_app, jobs.SLACK_CARD).status == JobStatus.FAILED
    slack.invite_bot(CHANNEL)
    with slack_app.extensions["db"].sessions.begin() as session:
        outbox_admin.requeue_failed(session)
    slack.fail_next("chat.postMessage", status=500)  # a passing failure after the requeue
    worker.drain()
    assert job_of(slack_app, jobs.SLACK_CARD).status == JobStatus.PENDING  # retried, not given up


def test_database_errors_never_quote_the_values(app):
    secret = "Zanzibar-Quuxley"
    with pytest.raises(IntegrityError) as caught, app.extensions["db"].sessions.begin() as s:
        s.execute(text("INSERT INTO leads (first_name) VALUES (:name)"), {"name": secret})
    message = str(caught.value)
    assert "[SQL parameters hidden due to hide_parameters=True]" in message
    if app.extensions["db"].engine.dialect.name == "sqlite":
        assert secret not in message
    # PostgreSQL's own DETAIL repeats the failing row, whatever SQLAlchemy hides: such
    # messages never reach a log or a job's stored error (next test).


def test_an_unexpected_error_in_a_job_is_stored_without_its_text(app):
    worker = app.extensions["worker"]

    def leaky(job):
        raise ValueError("could not write Zanzibar Quuxley zq@example.com")

    worker.register("test.leaky", leaky)
    with app.extensions["db"].sessions.begin() as session:
        enqueue(session, "test.leaky", None)
    worker.drain()
    error = job_of(app, "test.leaky").last_error
    assert error.startswith("ValueError at test_delivery_guards.py:")
    assert "Zanzibar" not in error


def test_a_retried_email_keeps_its_message_id(app, client, smtp_server):
    settings = app.extensions["settings"]
    settings.smtp_host, settings.smtp_port = "127.0.0.1", smtp_server.port
    post_application(client)
    worker = app.extensions["worker"]
    worker.drain()
    time.sleep(1.1)  # a Message-ID made from the clock would now differ
    confirmation = OutboxJob.kind == jobs.EMAIL_CONFIRMATION
    make_due(app, confirmation, status=JobStatus.PENDING)  # as if the answer had been lost
    worker.drain()
    first, again = smtp_server.messages
    assert first["Message-ID"] == again["Message-ID"]


def test_a_state_change_while_the_card_is_on_its_way_reaches_the_card(
    slack, slack_app, slack_client
):
    post_application(slack_client)
    worker = slack_app.extensions["worker"]
    slack.slow("chat.postMessage", 1.5)
    posting = threading.Thread(target=worker.drain)
    posting.start()
    deadline = time.monotonic() + 10
    while job_of(slack_app, jobs.SLACK_CARD).status != JobStatus.RUNNING:
        assert time.monotonic() < deadline, "the card job was never claimed"
        time.sleep(0.02)
    with slack_app.extensions["db"].sessions.begin() as session:
        lead_id = session.scalar(select(Lead.id))
        change_state(session, lead_id, "REACHED_OUT", "U0MEMBER")
    worker.drain()  # the refresh runs while the card is in flight: nothing to edit yet
    posting.join()
    slack.slow("chat.postMessage", 0)
    worker.drain()
    (card,) = cards(slack)
    assert "Reached out" in str(card["blocks"])


def test_a_second_card_job_for_a_posted_lead_posts_nothing(slack, slack_app, slack_client):
    post_application(slack_client)
    worker = slack_app.extensions["worker"]
    worker.drain()
    with slack_app.extensions["db"].sessions.begin() as session:  # a fresh job: no history look-up
        enqueue(session, jobs.SLACK_CARD, session.scalar(select(Lead.id)))
    worker.drain()
    assert len(cards(slack)) == 1
    assert len(slack.calls_to("chat.postMessage")) == 1


def test_an_applied_again_reply_whose_answer_was_lost_is_not_posted_twice(
    slack, slack_config, make_app
):
    slack_app = make_app({**slack_config, "SLACK_TIMEOUT": 1}, migrate=True)
    slack_client = slack_app.test_client()
    worker = slack_app.extensions["worker"]
    post_application(slack_client)
    worker.drain()
    slack.accept_then_hang("chat.postMessage", seconds=3)
    post_application(slack_client, resume=(b"%PDF-1.7 second resume", "second.pdf"))
    worker.drain()
    replies = [m for m in slack.messages(CHANNEL) if "thread_ts" in m]
    assert len(replies) == 1  # Slack has it; the worker does not know
    assert job_of(slack_app, jobs.SLACK_APPLIED_AGAIN).status == JobStatus.PENDING
    make_due(slack_app, OutboxJob.kind == jobs.SLACK_APPLIED_AGAIN)
    worker.drain()
    replies = [m for m in slack.messages(CHANNEL) if "thread_ts" in m]
    assert len(replies) == 1
    assert job_of(slack_app, jobs.SLACK_APPLIED_AGAIN).status == JobStatus.DONE
