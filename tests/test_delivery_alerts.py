"""Failed deliveries reach a person: one email per cause to ATTORNEY_EMAIL, health, logs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from db.models import JobStatus, OutboxJob
from db.types import utcnow
from service import jobs
from tests.conftest import migrated_app
from tests.support.form import post_application
from tests.support.slack_requests import CHANNEL

ATTORNEY = "partner@firm.example"


@pytest.fixture
def alerting_app(slack_config, smtp_server):
    slack_config.update(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=smtp_server.port,
        ATTORNEY_EMAIL=ATTORNEY,
        SLACK_POST_INTERVAL=0,
    )
    yield from migrated_app(slack_config)


def alerts_received(smtp_server) -> list:
    return [m for m in smtp_server.messages if m["Subject"].startswith("Deliveries are failing")]


def jobs_of(app, kind: str) -> list[OutboxJob]:
    with app.extensions["db"].sessions() as session:
        return list(session.scalars(select(OutboxJob).where(OutboxJob.kind == kind)))


def test_fifty_failures_with_one_cause_send_one_email(slack, alerting_app, smtp_server, caplog):
    slack.remove_bot(CHANNEL)
    client = alerting_app.test_client()
    for n in range(50):
        post_application(client, email=f"applicant{n}@example.com")
    alerting_app.extensions["worker"].drain(limit=500)
    assert {job.status for job in jobs_of(alerting_app, jobs.SLACK_CARD)} == {JobStatus.FAILED}
    (alert,) = alerts_received(smtp_server)
    assert str(alert["To"]) == ATTORNEY
    body = alert.get_body(("plain",)).get_content()
    assert "lead #" in body and "A Slack delivery" in body
    assert "/invite @leads" in body  # the fix, in plain words
    assert "What to do: Invite the bot to the channel: /invite @leads, or check" in body
    assert "flask --app web outbox retry --all-failed" in body
    assert "Failures with this cause so far: 50" in body
    assert "applicant" not in body and "Lovelace" not in body  # ids only, no person
    health = client.get("/healthz").get_json()
    assert health["outbox"]["failed"] == 50
    assert "failed for good" in caplog.text and "Retry: flask --app web outbox retry" in caplog.text


def test_another_cause_is_news_and_a_requeue_makes_the_same_cause_news_again(
    slack, alerting_app, smtp_server
):
    slack.remove_bot(CHANNEL)
    client = alerting_app.test_client()
    post_application(client)
    worker = alerting_app.extensions["worker"]
    worker.drain()
    assert len(alerts_received(smtp_server)) == 1
    post_application(client, email="grace@example.com")
    worker.drain()
    assert len(alerts_received(smtp_server)) == 1  # same cause, same day: counted only
    with alerting_app.extensions["db"].sessions.begin() as session:
        from service import outbox_admin

        outbox_admin.requeue_failed(session)
    worker.drain()
    assert len(alerts_received(smtp_server)) == 2


def test_a_job_failing_for_over_an_hour_is_reported_while_it_still_retries(
    slack, alerting_app, smtp_server
):
    slack.fail_for("chat.postMessage", seconds=60, status=500)
    post_application(alerting_app.test_client())
    worker = alerting_app.extensions["worker"]
    worker.drain()
    assert alerts_received(smtp_server) == []  # failing for seconds is not news
    with alerting_app.extensions["db"].sessions.begin() as session:
        session.execute(
            update(OutboxJob)
            .where(OutboxJob.kind == jobs.SLACK_CARD)
            .values(next_attempt_at=utcnow(), first_attempt_at=utcnow() - timedelta(minutes=61))
        )
    worker.drain()
    (card_job,) = jobs_of(alerting_app, jobs.SLACK_CARD)
    assert card_job.status == JobStatus.PENDING  # still retried, not given up
    (alert,) = alerts_received(smtp_server)
    assert "HTTP 500" in alert.get_body(("plain",)).get_content()


def test_a_refused_prospect_address_fails_at_once_and_is_reported(alerting_app, smtp_server):
    smtp_server.collector.reject_to["ada@example.com"] = "554 5.7.1 refused by policy"
    post_application(alerting_app.test_client())
    alerting_app.extensions["worker"].drain()
    (confirmation,) = jobs_of(alerting_app, jobs.EMAIL_CONFIRMATION)
    assert confirmation.status == JobStatus.FAILED and confirmation.attempts == 1
    (alert,) = alerts_received(smtp_server)
    body = alert.get_body(("plain",)).get_content()
    assert "refused the message" in body and "ada@example.com" not in body


def test_without_attorney_email_failures_are_logged_and_counted(slack, slack_app, caplog):
    slack.remove_bot(CHANNEL)
    post_application(slack_app.test_client())
    slack_app.extensions["worker"].drain()
    assert jobs_of(slack_app, jobs.EMAIL_ALERT) == []
    assert slack_app.test_client().get("/healthz").get_json()["outbox"]["failed"] == 1
    assert "invite the bot" in caplog.text
