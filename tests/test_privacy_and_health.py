"""Logs carry ids, never names, addresses or resume bytes; /healthz reports the backlog."""

from __future__ import annotations

import logging

from tests.support.form import post_application
from tests.support.polling import until
from tests.support.slack_requests import action_body, command_body, post

NAME, SURNAME, EMAIL = "Zanzibar", "Quuxley", "zq.private@example.com"


def test_no_personal_data_in_info_logs(slack, slack_app, slack_client, smtp_server, caplog):
    caplog.set_level(logging.INFO)
    settings = slack_app.extensions["settings"]
    settings.smtp_host, settings.smtp_port = "127.0.0.1", smtp_server.port
    settings.attorney_email = "partner@example.com"
    smtp_server.collector.reject_with = f"451 4.7.1 <{EMAIL}> greylisted, try later"
    post_application(
        slack_client,
        first_name=NAME,
        last_name=SURNAME,
        email=EMAIL,
        resume=(b"%PDF-1.4 SECRET-RESUME-BYTES", "Zanzibar.pdf"),
    )
    worker = slack_app.extensions["worker"]
    worker.drain()
    smtp_server.collector.reject_with = None
    with slack_app.extensions["db"].sessions.begin() as session:
        from sqlalchemy import select, update

        from db.models import OutboxJob
        from db.types import utcnow

        session.execute(update(OutboxJob).values(next_attempt_at=utcnow()))
        errors = [job.last_error or "" for job in session.scalars(select(OutboxJob))]
    worker.drain()
    smtp_server.wait_for(2)
    url = slack.new_response_url()
    post(slack_client, action_body("mark_reached_out", "1", url))
    post(slack_client, action_body("open_resume", "1", url))
    post(slack_client, command_body("all", slack.new_response_url()))
    slack.wait_for("response_url")
    worker.drain()
    # Everything the app and its libraries logged; not the test's own SMTP server.
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name != "mail.log")
    assert "job=" in logged and "lead=1" in logged  # the logs did speak
    for secret in (NAME, SURNAME, EMAIL, "SECRET-RESUME-BYTES", "Zanzibar.pdf"):
        assert secret not in logged
    assert any("greylisted" in error for error in errors)
    assert all(EMAIL not in error for error in errors)  # stored errors are redacted too


def test_healthz_reports_the_outbox(app, client):
    healthy = client.get("/healthz")
    assert healthy.status_code == 200
    assert healthy.json == {
        "status": "ok",
        "database": "ok",
        "oldest_due_seconds": None,
        "outbox": {"pending": 0, "running": 0, "failed": 0},
        "honeypot_caught": 0,
    }
    post_application(client)
    # Each process answers from a snapshot up to a second old (web/health.py).
    until(lambda: client.get("/healthz").json["outbox"]["pending"] == 2, "the new jobs")
    assert client.get("/healthz").json["oldest_due_seconds"] >= 0


def test_healthz_is_503_when_the_database_is_unreachable(config, tmp_path):
    from web import create_app

    config["DATABASE_URL"] = f"sqlite:///{tmp_path / 'missing-dir' / 'leads.sqlite3'}"
    response = create_app(config).test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "error", "database": "unreachable"}
