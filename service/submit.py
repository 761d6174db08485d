"""Submit a lead: store it, its resume and its notifications in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Lead, LeadEvent, LeadState, Resume
from db.types import utcnow
from service import jobs
from service.application import Application
from service.outbox import enqueue


@dataclass(frozen=True)
class Submitted:
    lead_id: int
    resume_id: int | None  # None when the very same resume was already on the lead
    applied_again: bool


def submit_application(
    session: Session,
    application: Application,
    *,
    attorney_email: str | None,
    now: datetime | None = None,
) -> Submitted:
    """Record an application. The same email while its lead is PENDING joins that lead."""
    now = now or utcnow()
    lead = _pending_lead_for(session, application.email_key)
    if lead is not None and _has_resume(session, lead.id, application.resume.sha256):
        # A double-click or a resubmitted page: the same file again. Nothing new to tell.
        return Submitted(lead_id=lead.id, resume_id=None, applied_again=True)
    applied_again = lead is not None
    if lead is None:
        lead = Lead(
            first_name=application.first_name,
            last_name=application.last_name,
            email=application.email,
            email_key=application.email_key,
            state=LeadState.PENDING,
            created_at=now,
            updated_at=now,
        )
        lead.refresh_search_text()
        session.add(lead)
    resume = _resume_row(application, now)
    resume.lead = lead
    session.add(resume)
    session.flush()
    session.add(
        LeadEvent(
            lead_id=lead.id,
            kind="applied_again" if applied_again else "created",
            to_state=lead.state,
            actor="prospect",
            resume_id=resume.id,
            created_at=now,
        )
    )
    _queue_notifications(session, lead, resume, applied_again, attorney_email, now)
    return Submitted(lead_id=lead.id, resume_id=resume.id, applied_again=applied_again)


def _pending_lead_for(session: Session, email_key: str) -> Lead | None:
    query = (
        select(Lead)
        .where(Lead.email_key == email_key, Lead.state == LeadState.PENDING)
        .order_by(Lead.id)
        .limit(1)
    )
    return session.scalars(query).first()


def _has_resume(session: Session, lead_id: int, sha256: str) -> bool:
    query = select(Resume.id).where(Resume.lead_id == lead_id, Resume.sha256 == sha256).limit(1)
    return session.scalar(query) is not None


def _resume_row(application: Application, now: datetime) -> Resume:
    upload = application.resume
    filetype = upload.filetype
    return Resume(
        filename=upload.safe_filename,
        kind=filetype.kind,
        content_type=filetype.content_type,
        size=len(upload.data),
        sha256=upload.sha256,
        data=upload.data,
        created_at=now,
    )


def _queue_notifications(
    session: Session,
    lead: Lead,
    resume: Resume,
    applied_again: bool,
    attorney_email: str | None,
    now: datetime,
) -> None:
    payload = {"resume_id": resume.id, "applied_again": applied_again}
    enqueue(session, jobs.EMAIL_CONFIRMATION, lead.id, payload, now=now)
    if attorney_email:
        enqueue(session, jobs.EMAIL_ATTORNEY, lead.id, {**payload, "to": attorney_email}, now=now)
    slack_kind = jobs.SLACK_APPLIED_AGAIN if applied_again else jobs.SLACK_CARD
    enqueue(session, slack_kind, lead.id, payload, now=now)
