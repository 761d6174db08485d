"""Resumes as files: the one query that hands out a resume's bytes, and its download name."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from db.models import Lead, Resume


def resume_with_lead(session: Session, lead_id: int, resume_id: int) -> tuple[Resume, Lead] | None:
    """The resume (bytes loaded) and its lead, if that resume belongs to that lead."""
    row = session.execute(
        select(Resume, Lead)
        .join(Lead, Resume.lead_id == Lead.id)
        .where(Resume.id == resume_id, Resume.lead_id == lead_id, Lead.erased_at.is_(None))
        .options(undefer(Resume.data))
    ).first()
    return None if row is None else (row[0], row[1])


def attachment_name(lead: Lead, resume: Resume) -> str:
    """A file name built from the detected type, never from the uploaded name. A later
    resume is named after the names typed with it, not the lead's: nobody verified that
    whoever sent it under the lead's address is the lead."""
    first = resume.submitted_first_name or lead.first_name
    last = resume.submitted_last_name or lead.last_name
    stem = "".join(ch for ch in f"{first}-{last}" if ch.isascii() and (ch.isalnum() or ch == "-"))
    return f"resume-{stem or lead.id}.{resume.kind}"
