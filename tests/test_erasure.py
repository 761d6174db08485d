"""Erasure: the tombstone, cancelled jobs, the log, and the Slack card rewritten through
an outage; erasing twice or an unposted lead is harmless; applying again is a new lead."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import undefer

from config import current_settings
from db.models import JobStatus, Lead, LeadErasure, OutboxJob, Resume
from db.types import utcnow
from service import jobs
from service.erasure import Reason, erase_and_flush, erase_lead, mail_folder
from tests.support.files import pdf_bytes
from tests.support.form import post_application
from tests.test_delivery_pages import bot_messages


def erase(app, lead_id: int, reason=Reason.STAFF, actor="U0MEMBER") -> bool:
    folder = mail_folder(current_settings(app))
    with app.extensions["db"].sessions.begin() as session:
        return erase_lead(session, lead_id, reason=reason, actor=actor, mail_folder=folder).erased


def the_lead(app) -> tuple[Lead, list[Resume]]:
    with app.extensions["db"].sessions() as session:
        lead = session.scalars(select(Lead)).one()
        resumes = session.scalars(select(Resume).options(undefer(Resume.data))).all()
        return lead, list(resumes)


def test_erasure_leaves_a_tombstone_and_a_log_row(app, client):
    post_application(client)
    lead, _ = the_lead(app)
    assert erase(app, lead.id) is True
    lead, resumes = the_lead(app)
    assert (lead.first_name, lead.last_name, lead.search_text) == ("(erased)", "", "")
    assert "ada" not in lead.email and lead.erased_at is not None
    assert [(r.data, r.filename, r.sha256) for r in resumes] == [(b"", "(erased)", "")]
    with app.extensions["db"].sessions() as session:
        (log,) = session.scalars(select(LeadErasure)).all()
        statuses = {job.kind: job.status for job in session.scalars(select(OutboxJob))}
    assert (log.lead_id, log.reason, log.actor) == (lead.id, "staff", "U0MEMBER")
    assert statuses[jobs.EMAIL_CONFIRMATION] == JobStatus.FAILED  # cancelled, never sent
    assert statuses[jobs.SLACK_CARD] == JobStatus.FAILED
    assert statuses[jobs.SLACK_CARD_ERASE] == JobStatus.PENDING


def test_erasing_twice_or_a_missing_lead_is_harmless(app, client):
    post_application(client)
    lead, _ = the_lead(app)
    assert erase(app, lead.id) is True
    assert erase(app, lead.id) is False
    assert erase(app, 9999) is False
    with app.extensions["db"].sessions() as session:
        assert len(session.scalars(select(LeadErasure)).all()) == 1


def test_applying_again_after_erasure_is_a_new_lead(app, client):
    post_application(client)
    lead, _ = the_lead(app)
    erase(app, lead.id)
    post_application(client)
    with app.extensions["db"].sessions() as session:
        leads = session.scalars(select(Lead).order_by(Lead.id)).all()
    assert [lead.email for lead in leads][1] == "ada@example.com" and len(leads) == 2


def test_a_job_in_hand_when_the_lead_is_erased_sends_nothing(app, client, tmp_path):
    post_application(client)
    lead, _ = the_lead(app)
    worker = app.extensions["worker"]
    with app.extensions["db"].sessions.begin() as session:  # a worker has claimed it
        session.execute(
            update(OutboxJob)
            .where(OutboxJob.kind == jobs.EMAIL_CONFIRMATION)
            .values(status=JobStatus.RUNNING, claimed_by="elsewhere", lease_until=utcnow())
        )
        job = session.scalars(select(OutboxJob).where(OutboxJob.kind == jobs.EMAIL_CONFIRMATION))
        job = job.one()
        session.expunge(job)
    erase(app, lead.id)
    with app.app_context():
        worker.handlers[jobs.EMAIL_CONFIRMATION](job)  # the worker goes on with it
    assert not list((tmp_path / "instance" / "mail").glob("*.eml"))


def test_the_card_is_rewritten_after_a_slack_outage(slack, slack_app, slack_client):
    worker = slack_app.extensions["worker"]
    lead = posted_lead_drained(slack_app, slack_client)
    post_application(slack_client, resume=(b"%PDF-1.7 second resume", "second.pdf"))
    worker.drain()
    assert len(bot_messages(slack, in_thread=True)) == 1
    slack.down()
    erase(slack_app, lead.id, actor="U0MEMBER")
    worker.drain()
    with slack_app.extensions["db"].sessions() as session:
        job = session.scalars(select(OutboxJob).where(OutboxJob.kind == jobs.SLACK_CARD_ERASE))
        assert job.one().status == JobStatus.PENDING  # waiting for Slack, not lost
        session.execute(update(OutboxJob).values(next_attempt_at=utcnow()))
        session.commit()
    slack.up()
    worker.drain()
    (card,) = bot_messages(slack, in_thread=False)
    (reply,) = bot_messages(slack, in_thread=True)
    assert card["text"] == f"Application #{lead.id} erased · by <@U0MEMBER>"
    assert all(block["type"] != "actions" for block in card["blocks"])
    assert "Ada" not in str(card) and "Ada" not in str(reply)


def posted_lead_drained(app, client) -> Lead:
    post_application(client)
    app.extensions["worker"].drain()
    lead, _ = the_lead(app)
    assert lead.slack_ts
    return lead


def test_a_lead_never_posted_needs_no_slack_call(slack, slack_app, slack_client):
    slack.down()
    post_application(slack_client)
    lead, _ = the_lead(slack_app)
    erase(slack_app, lead.id, reason=Reason.APPLICANT)
    slack.up()
    slack_app.extensions["worker"].drain()
    assert bot_messages(slack, in_thread=False) == []
    with slack_app.extensions["db"].sessions() as session:
        job = session.scalars(select(OutboxJob).where(OutboxJob.kind == jobs.SLACK_CARD_ERASE))
        assert job.one().status == JobStatus.DONE


def test_the_database_file_and_its_wal_forget_the_address_and_resume(app, client, tmp_path):
    if app.extensions["db"].engine.dialect.name != "sqlite":
        pytest.skip("reads SQLite's files")
    resume = pdf_bytes() + b"RESUME-MARKER-" * 300  # spans overflow pages
    post_application(client, email="needle.person@example.com", resume=(resume, "cv.pdf"))
    app.extensions["worker"].drain()  # the confirmation is written as an .eml file
    mail = tmp_path / "instance" / "mail"
    assert list(mail.glob("*.eml"))
    lead, _ = the_lead(app)
    erase_and_flush(
        app.extensions["db"].sessions,
        lead.id,
        reason=Reason.OPERATOR,
        actor="cli",
        settings=current_settings(app),
    )
    files = [path for path in tmp_path.glob("leads.sqlite3*") if path.is_file()]
    assert any(path.name.endswith("-wal") for path in files)
    for path in files:
        data = path.read_bytes()
        assert b"needle.person" not in data, path.name
        assert b"RESUME-MARKER" not in data, path.name
    assert not list(mail.glob("*.eml"))


def test_a_card_recorded_after_the_erasure_is_rewritten_too(app, client):
    from service.cards import record_card

    post_application(client)
    lead, _ = the_lead(app)
    erase(app, lead.id)
    with app.extensions["db"].sessions.begin() as session:  # the post was already under way
        record_card(session, lead.id, "C0LEADS", "1700000000.000100", posted_state=lead.state)
    with app.extensions["db"].sessions() as session:
        kinds = session.scalars(select(OutboxJob.kind).where(OutboxJob.status == "pending"))
        assert list(kinds) == [jobs.SLACK_CARD_ERASE, jobs.SLACK_CARD_ERASE]


def test_an_erased_lead_has_no_resume_to_download_and_no_detail(app, client):
    from service.queries import lead_detail
    from service.resume_links import make_url

    post_application(client)
    lead, (resume,) = the_lead(app)
    token_path = make_url(app.config["SECRET_KEY"], "", lead.id, resume.id)
    assert client.get(token_path, follow_redirects=True).status_code == 200
    erase(app, lead.id)
    assert client.get(token_path, follow_redirects=True).status_code == 404  # a link still fresh
    with app.extensions["db"].sessions() as session:
        assert lead_detail(session, lead.id) is None  # /leads 42 and the Resume button


def test_erasure_deletes_the_notes_and_cancels_activity_replies(app, client):
    from db.models import LeadNote
    from service.notes import add_note

    post_application(client)
    lead, _ = the_lead(app)
    with app.extensions["db"].sessions.begin() as session:
        add_note(session, lead.id, "U0MEMBER", "Called her: Ada prefers mornings")
    assert erase(app, lead.id) is True
    with app.extensions["db"].sessions() as session:
        assert session.scalars(select(LeadNote)).all() == []
        activity = session.scalars(
            select(OutboxJob.status).where(OutboxJob.kind == jobs.SLACK_ACTIVITY)
        ).all()
    assert activity and set(activity) == {JobStatus.FAILED}  # the note's reply never goes
