"""Notes on a lead: what a member wrote, kept with its author and time, and told in the
card's thread."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Lead, LeadNote
from db.types import utcnow
from service.errors import LeadNotFound
from service.ownership import record

NOTE_MAX = 3000  # characters, as the modal's input allows (slackkit/note_modal.py)


def add_note(
    session: Session, lead_id: int, author: str, body: str, now: datetime | None = None
) -> LeadNote:
    if session.scalar(select(Lead.id).where(Lead.id == lead_id)) is None:
        raise LeadNotFound(lead_id)
    if not body.strip() or len(body) > NOTE_MAX:
        raise ValueError("a note holds 1 to 3000 characters")
    now = now or utcnow()
    note = LeadNote(lead_id=lead_id, author=author, body=body, created_at=now)
    session.add(note)
    session.flush()
    record(session, lead_id, "noted", author, now, thread=True, note_id=note.id)
    return note
