"""Access requests: everything stored about one email address, as JSON and resume files.

The JSON holds each lead under that address (names, state, dates), its history, rows of
tables that belong to it (notes), the emails sent to or about it, and which resume file
of the folder is which. The folder it is written to holds personal data.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from db.models import JobStatus, Lead, LeadEvent, OutboxJob, Resume
from service.erasure import owned_tables

LEAD_FIELDS = ("id", "first_name", "last_name", "email", "state", "created_at", "updated_at")
EVENT_FIELDS = ("kind", "from_state", "to_state", "actor", "resume_id", "created_at")
EMAIL_TO = {"email.confirmation": "the applicant", "email.attorney": "the firm (with resume)"}


def _plain(value):
    return value.isoformat() if isinstance(value, datetime) else value


def _fields(row, names) -> dict:
    return {name: _plain(getattr(row, name)) for name in names}


def export_address(session: Session, email: str, folder: Path) -> dict:
    """Write `export.json` and the resumes into `folder`; return what the JSON holds."""
    folder.mkdir(parents=True, exist_ok=True)
    leads = session.scalars(
        select(Lead).where(Lead.email_key == email.strip().lower()).order_by(Lead.id)
    ).all()
    document = {"email": email, "leads": [_lead(session, lead, folder) for lead in leads]}
    (folder / "export.json").write_text(json.dumps(document, indent=2, ensure_ascii=False))
    return document


def _lead(session: Session, lead: Lead, folder: Path) -> dict:
    events = session.scalars(select(LeadEvent).where(LeadEvent.lead_id == lead.id))
    emails = session.scalars(
        select(OutboxJob).where(
            OutboxJob.lead_id == lead.id,
            OutboxJob.kind.in_(EMAIL_TO),
            OutboxJob.status == JobStatus.DONE,
        )
    )
    return {
        **_fields(lead, LEAD_FIELDS),
        "history": [_fields(event, EVENT_FIELDS) for event in events],
        "resumes": _resumes(session, lead, folder),
        "notes": _owned_rows(session, lead.id),
        "emails_sent": [
            {"to": EMAIL_TO[job.kind], "sent_at": _plain(job.finished_at)} for job in emails
        ],
    }


def _resumes(session: Session, lead: Lead, folder: Path) -> list[dict]:
    query = select(Resume).where(Resume.lead_id == lead.id).options(undefer(Resume.data))
    out = []
    for resume in session.scalars(query.order_by(Resume.id)):
        # Our own name, not the uploaded one: an uploaded name never becomes a path.
        name = f"lead-{lead.id}-resume-{resume.id}.{resume.kind}"
        (folder / name).write_bytes(resume.data)
        out.append({"file": name, "uploaded_as": resume.filename, "size": resume.size})
    return out


def _owned_rows(session: Session, lead_id: int) -> dict[str, list[dict]]:
    return {
        table.name: [
            {key: _plain(value) for key, value in row._mapping.items()}
            for row in session.execute(select(table).where(table.c.lead_id == lead_id))
        ]
        for table in owned_tables()
    }
