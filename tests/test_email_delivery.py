"""Email through a real SMTP server on loopback, and the .eml fallback without one."""

from __future__ import annotations

from email import message_from_bytes, policy

import pytest
from sqlalchemy import select

from db.models import JobStatus, Lead, OutboxJob
from service import jobs
from tests.support import files
from tests.support.form import post_application
from tests.support.smtp import use_smtp


def run_email_jobs(app) -> int:
    worker = app.extensions["worker"]
    # Only the email handlers: Slack is not configured in these tests.
    return worker.drain()


def by_recipient(messages) -> dict[str, object]:
    return {str(message["To"]): message for message in messages}


def lead_id(app) -> int:
    with app.extensions["db"].sessions() as session:
        return session.scalars(select(Lead.id)).one()


def test_confirmation_and_attorney_notice_arrive(app, client, smtp_server):
    use_smtp(app, smtp_server)
    pdf = files.pdf_bytes(4096)
    post_application(client, first_name="Ada", resume=(pdf, "Ada.pdf"))
    assert run_email_jobs(app) == 2
    messages = by_recipient(smtp_server.wait_for(2))
    confirmation = messages["ada@example.com"]  # no display name: no applicant text in To
    assert confirmation["Subject"] == "We received your application"
    assert "Dear Ada," in confirmation.get_body(("plain",)).get_content()
    assert "Dear Ada," in confirmation.get_body(("html",)).get_content()
    notice = messages["partner@example.com"]
    assert notice["Subject"] == f"New applicant: Ada Lovelace (lead #{lead_id(app)})"
    assert "ada@example.com" in notice.get_body(("plain",)).get_content()
    (attachment,) = list(notice.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "resume-Ada-Lovelace.pdf"
    assert attachment.get_content() == pdf


def test_names_are_escaped_in_html_mail(app, client, smtp_server):
    use_smtp(app, smtp_server, attorney=None)
    post_application(client, first_name="<b>Ada</b>")
    run_email_jobs(app)
    (message,) = smtp_server.wait_for(1)
    html = message.get_body(("html",)).get_content()
    assert "&lt;b&gt;Ada&lt;/b&gt;" in html
    assert "<b>Ada</b>" not in html


def test_smtp_down_then_up_delivers_each_email_exactly_once(app, client, smtp_server):
    use_smtp(app, smtp_server)
    smtp_server.stop()
    post_application(client, email="one@example.com")
    post_application(client, email="two@example.com")
    assert run_email_jobs(app) == 4
    with app.extensions["db"].sessions() as session:
        waiting = session.scalars(select(OutboxJob).where(OutboxJob.kind.like("email.%"))).all()
        assert {job.status for job in waiting} == {JobStatus.PENDING}
        assert all("mail server unavailable" in job.last_error for job in waiting)
    smtp_server.start()
    with app.extensions["db"].sessions.begin() as session:  # let the backoff pass
        for job in session.scalars(select(OutboxJob)):
            job.next_attempt_at = job.created_at
    assert run_email_jobs(app) == 4
    assert run_email_jobs(app) == 0
    messages = smtp_server.wait_for(4)
    recipients = sorted(str(m["To"]) for m in messages)
    assert recipients == [
        "one@example.com",
        "partner@example.com",
        "partner@example.com",
        "two@example.com",
    ]
    assert len({m["Message-ID"] for m in messages}) == 4


def test_message_id_is_stable_across_retries(app, client, smtp_server):
    use_smtp(app, smtp_server, attorney=None)
    post_application(client)
    with app.extensions["db"].sessions() as session:
        job = session.scalars(
            select(OutboxJob).where(OutboxJob.kind == jobs.EMAIL_CONFIRMATION)
        ).one()
    from worker.email_jobs import _message

    with app.app_context():
        first = _message(job, to="a@example.com", subject="s")["Message-ID"]
        again = _message(job, to="a@example.com", subject="s")["Message-ID"]
    assert first == again and f"leads-job-{job.id}-" in first


def test_without_smtp_host_mail_is_written_as_eml(app, client, tmp_path):
    post_application(client, first_name="Grace", email="grace@example.com")
    assert run_email_jobs(app) == 1
    (path,) = (tmp_path / "instance" / "mail").glob("*.eml")
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert message["To"] == "grace@example.com"
    assert "Dear Grace," in message.get_body(("plain",)).get_content()


def test_slack_jobs_wait_while_slack_is_not_configured(app, client):
    post_application(client)
    run_email_jobs(app)
    with app.extensions["db"].sessions() as session:
        card = session.scalars(select(OutboxJob).where(OutboxJob.kind == jobs.SLACK_CARD)).one()
    assert (card.status, card.attempts) == (JobStatus.PENDING, 0)


# aiosmtpd warns when a server asks for AUTH without TLS; this one does so on purpose (a
# loopback test server, no certificate), and the warning comes from its own thread.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_smtp_login_from_settings(app, client):
    from tests.support.smtp import SMTPServer

    server = SMTPServer(credentials=("hiring", "s3cret"))
    server.start()
    try:
        use_smtp(app, server, attorney=None)
        settings = app.extensions["settings"]
        settings.smtp_username, settings.smtp_password = "hiring", "wrong"
        post_application(client)
        run_email_jobs(app)
        with app.extensions["db"].sessions() as session:
            job = session.scalars(select(OutboxJob).order_by(OutboxJob.id)).first()
        assert "SMTP login failed (535)" in job.last_error
        settings.smtp_password = "s3cret"
        with app.extensions["db"].sessions.begin() as session:
            for job in session.scalars(select(OutboxJob)):
                job.next_attempt_at = job.created_at
        run_email_jobs(app)
        assert len(server.wait_for(1)) == 1
        assert set(server.logins) == {"hiring"}  # a failed try per mechanism, then success
    finally:
        server.stop()
