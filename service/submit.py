"""Submit a lead: store it, its resume and its notifications in one transaction.

Rows are written with prepared INSERT statements rather than the ORM's unit of work:
this is the app's hottest write path, and the flush bookkeeping cost more than the
inserts. The statements are built once; each call only binds its parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from db.models import Lead, LeadEvent, LeadState, Resume, search_key
from db.types import utcnow
from service import jobs
from service.application import Application
from service.locks import lock_address
from service.outbox import enqueue

INSERT_LEAD = insert(Lead.__table__).returning(Lead.__table__.c.id)
INSERT_RESUME = insert(Resume.__table__).returning(Resume.__table__.c.id)
INSERT_EVENT = insert(LeadEvent.__table__)
LEADS, RESUMES = Lead.__table__.c, Resume.__table__.c
# Core selects on the tables' columns, bound per call: the ORM's select path (entity
# compilation, result processing) cost more than the query itself on every submission.
PENDING_LEAD = (
    select(LEADS.id)
    .where(LEADS.email_key == bindparam("email_key"), LEADS.state == LeadState.PENDING)
    .order_by(LEADS.id)
    .limit(1)
)
SAME_RESUME = (
    select(RESUMES.id)
    .where(RESUMES.lead_id == bindparam("lead_id"), RESUMES.sha256 == bindparam("sha256"))
    .limit(1)
)


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
    """Record an application. The same email while its lead is PENDING joins that lead
    (the same file again adds nothing); the names typed are kept with the new resume."""
    now = now or utcnow()
    sha256 = application.resume.sha256
    lock_address(session, application.email_key)  # see service/locks.py
    lead_id = _pending_lead_for(session, application.email_key)
    if lead_id is not None and _has_resume(session, lead_id, sha256):
        # A double-click or a resubmitted page: the same file again. Nothing new to tell.
        return Submitted(lead_id=lead_id, resume_id=None, applied_again=True)
    applied_again = lead_id is not None
    if lead_id is None:
        lead_id = _insert_lead(session, application, now)
    resume_id = _insert_resume(session, lead_id, application, sha256, now, applied_again)
    session.execute(
        INSERT_EVENT,
        {
            "lead_id": lead_id,
            "kind": "applied_again" if applied_again else "created",
            "from_state": None,
            "to_state": LeadState.PENDING,
            "actor": "prospect",
            "resume_id": resume_id,
            "created_at": now,
        },
    )
    _queue_notifications(session, lead_id, resume_id, applied_again, attorney_email, now)
    return Submitted(lead_id=lead_id, resume_id=resume_id, applied_again=applied_again)


def _pending_lead_for(session: Session, email_key: str) -> int | None:
    return session.scalar(PENDING_LEAD, {"email_key": email_key})


def _has_resume(session: Session, lead_id: int, sha256: str) -> bool:
    return session.scalar(SAME_RESUME, {"lead_id": lead_id, "sha256": sha256}) is not None


def _insert_lead(session: Session, application: Application, now: datetime) -> int:
    values = {
        "first_name": application.first_name,
        "last_name": application.last_name,
        "email": application.email,
        "email_key": application.email_key,
        "search_text": search_key(
            f"{application.first_name} {application.last_name} {application.email}"
        ),
        "state": LeadState.PENDING,
        "created_at": now,
        "updated_at": now,
    }
    return session.scalar(INSERT_LEAD, values)


def _insert_resume(
    session: Session,
    lead_id: int,
    application: Application,
    sha256: str,
    now: datetime,
    applied_again: bool,
) -> int:
    """A later resume keeps the names typed with it: whoever typed a pending lead's address
    joined that lead, and nobody verified it was its owner (see service/sent_as.py)."""
    upload = application.resume
    filetype = upload.filetype
    values = {
        "lead_id": lead_id,
        "filename": upload.safe_filename,
        "kind": filetype.kind,
        "content_type": filetype.content_type,
        "size": len(upload.data),
        "sha256": sha256,
        "data": upload.data,
        "created_at": now,
        "submitted_first_name": application.first_name if applied_again else None,
        "submitted_last_name": application.last_name if applied_again else None,
    }
    return session.scalar(INSERT_RESUME, values)


def _queue_notifications(
    session: Session,
    lead_id: int,
    resume_id: int,
    applied_again: bool,
    attorney_email: str | None,
    now: datetime,
) -> None:
    payload = {"resume_id": resume_id, "applied_again": applied_again}
    enqueue(session, jobs.EMAIL_CONFIRMATION, lead_id, payload, now=now)
    if attorney_email:
        enqueue(session, jobs.EMAIL_ATTORNEY, lead_id, {**payload, "to": attorney_email}, now=now)
    slack_kind = jobs.SLACK_APPLIED_AGAIN if applied_again else jobs.SLACK_CARD
    enqueue(session, slack_kind, lead_id, payload, now=now)
