"""A submission stores the lead, its resume, its history and its jobs together, or nothing."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from db.models import JobStatus, Lead, LeadEvent, LeadState, OutboxJob, Resume
from service import jobs
from tests.conftest import NOTHING, count_rows
from tests.support import files
from tests.support.form import csrf_token, post_application


def test_a_submission_stores_everything(app, client, session):
    pdf = files.pdf_bytes(2048)
    response = post_application(
        client, first_name="  Ada ", email="Ada@Example.com", resume=(pdf, "home/ada/Ada.pdf")
    )
    assert response.status_code == 303
    lead = session.scalars(select(Lead)).one()
    assert (lead.first_name, lead.last_name, lead.email) == ("Ada", "Lovelace", "Ada@example.com")
    assert lead.email_key == "ada@example.com"
    assert lead.state == LeadState.PENDING
    resume = session.scalars(select(Resume)).one()
    assert (resume.filename, resume.kind, resume.size) == ("Ada.pdf", "pdf", len(pdf))
    assert resume.sha256 == hashlib.sha256(pdf).hexdigest()
    assert resume.data == pdf
    event = session.scalars(select(LeadEvent)).one()
    assert (event.kind, event.to_state, event.actor) == ("created", "PENDING", "prospect")
    kinds = sorted(job.kind for job in session.scalars(select(OutboxJob)))
    assert kinds == sorted([jobs.EMAIL_CONFIRMATION, jobs.SLACK_CARD])


def test_attorney_notice_is_queued_when_configured(config, client, app, session):
    app.extensions["settings"].attorney_email = "partner@example.com"
    post_application(client)
    job = session.scalars(select(OutboxJob).where(OutboxJob.kind == jobs.EMAIL_ATTORNEY)).one()
    assert job.payload["to"] == "partner@example.com"
    assert job.status == JobStatus.PENDING


def test_applying_again_while_pending_joins_the_same_lead(app, client, session):
    first = post_application(client, email="ada@example.com")
    second = post_application(
        client, email="ADA@example.com", resume=(files.docx_bytes(), "new.docx")
    )
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    lead = session.scalars(select(Lead)).one()
    assert [r.kind for r in session.scalars(select(Resume).where(Resume.lead_id == lead.id))] == [
        "pdf",
        "docx",
    ]
    events = [e.kind for e in session.scalars(select(LeadEvent).order_by(LeadEvent.id))]
    assert events == ["created", "applied_again"]
    slack_jobs = [j.kind for j in session.scalars(select(OutboxJob)) if j.kind.startswith("slack")]
    assert slack_jobs == [jobs.SLACK_CARD, jobs.SLACK_APPLIED_AGAIN]


def test_applying_after_being_reached_is_a_new_lead(app, client, session):
    post_application(client)
    lead = session.scalars(select(Lead)).one()
    lead.state = LeadState.REACHED_OUT
    session.commit()
    post_application(client)
    assert len(session.scalars(select(Lead)).all()) == 2


def test_a_database_failure_after_the_insert_leaves_nothing(app, client, monkeypatch):
    import service.submit

    def broken_enqueue(*args, **kwargs):
        raise OperationalError("INSERT INTO outbox_jobs", {}, Exception("disk I/O error"))

    monkeypatch.setattr(service.submit, "enqueue", broken_enqueue)
    response = post_application(client)
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "could not save your application" in page
    assert 'value="Ada"' in page
    assert count_rows(app) == NOTHING


def test_any_failure_after_the_insert_leaves_nothing(app, client, monkeypatch):
    import service.submit

    def broken_enqueue(session, kind, *args, **kwargs):
        if kind == jobs.SLACK_CARD:  # the last write of the transaction
            raise RuntimeError("crash mid-transaction")
        return original(session, kind, *args, **kwargs)

    original = service.submit.enqueue
    monkeypatch.setattr(service.submit, "enqueue", broken_enqueue)
    with pytest.raises(RuntimeError):
        post_application(client)
    assert count_rows(app) == NOTHING


def test_the_same_resume_sent_twice_is_one_application(app, client, session):
    token = csrf_token(client)
    first = post_application(client, token=token)
    again = post_application(client, token=token)  # a double click
    assert first.status_code == again.status_code == 303
    assert len(session.scalars(select(Resume)).all()) == 1
    assert [e.kind for e in session.scalars(select(LeadEvent))] == ["created"]
    assert len(session.scalars(select(OutboxJob)).all()) == 2  # confirmation + card, once


def test_an_international_domain_is_stored_in_its_deliverable_form(app, client, session):
    assert post_application(client, email="ada@bücher.example").status_code == 303
    assert session.scalar(select(Lead.email)) == "ada@xn--bcher-kva.example"
