"""Leads: the applicant, their resumes, what happened to them and what members wrote."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, LeadState
from db.types import utcnow


class Lead(Base):
    __tablename__ = "leads"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254))
    # Lower-cased address: what "the same email" means for re-applications and search.
    email_key: Mapped[str] = mapped_column(String(254))
    # Names and email, case-folded in Python (Unicode-aware, unlike SQLite's lower()):
    # what `/leads <text>` searches, one column so one scan (or one index) serves it.
    # Unbounded: case folding can triple a name's length ("ﬃ" -> "ffi").
    search_text: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(16), default=LeadState.PENDING)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    state_changed_at: Mapped[datetime | None]
    state_changed_by: Mapped[str | None] = mapped_column(String(32))
    slack_channel: Mapped[str | None] = mapped_column(String(32))
    slack_ts: Mapped[str | None] = mapped_column(String(32))
    # Who handles the lead (a Slack user id) and since when; NULL: nobody has claimed it.
    owner_id: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[datetime | None]
    # The reminder job that posted (or is posting) each reminder: at most one per lead.
    unclaimed_reminder_job: Mapped[int | None]
    pending_reminder_job: Mapped[int | None]
    # Set when the lead's personal data was erased (service/erasure.py): a tombstone.
    erased_at: Mapped[datetime | None]

    resumes: Mapped[list[Resume]] = relationship(
        back_populates="lead", order_by="Resume.id", lazy="raise_on_sql"
    )

    __table_args__ = (
        Index("ix_leads_state_created", "state", "created_at"),
        Index("ix_leads_email_key", "email_key"),
        # A member's own pending leads, oldest first (their Home tab, `/leads mine`).
        Index("ix_leads_owner_state_created", "owner_id", "state", "created_at"),
    )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def search_key(text: str) -> str:
    """How names, emails and search words are compared: case-folded, spaces collapsed."""
    return " ".join(text.casefold().split())


class Resume(Base):
    __tablename__ = "resumes"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    # The uploaded name, shown to people only; it never becomes a path.
    filename: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(8))  # pdf | doc | docx, detected from the bytes
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The names typed with this resume. Nobody verifies an address, so a resume sent
    # later under a pending lead's address may come from someone else: what they typed
    # is kept with it and shown beside it. NULL for the lead's first resume.
    submitted_first_name: Mapped[str | None] = mapped_column(String(100))
    submitted_last_name: Mapped[str | None] = mapped_column(String(100))

    lead: Mapped[Lead] = relationship(back_populates="resumes")


class LeadEvent(Base):
    """What happened to a lead: created, applied again, state changed (from, to, who, when),
    claimed, released, assigned (`subject`: the new owner), noted."""

    __tablename__ = "lead_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    from_state: Mapped[str | None] = mapped_column(String(16))
    to_state: Mapped[str | None] = mapped_column(String(16))
    actor: Mapped[str | None] = mapped_column(String(32))
    resume_id: Mapped[int | None] = mapped_column(ForeignKey("resumes.id", ondelete="SET NULL"))
    subject: Mapped[str | None] = mapped_column(String(32))
    note_id: Mapped[int | None] = mapped_column(ForeignKey("lead_notes.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_lead_events_lead", "lead_id", "created_at"),)


class LeadNote(Base):
    """What a member wrote about a lead. Typed by staff, still untrusted text when shown."""

    __tablename__ = "lead_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    author: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_lead_notes_lead", "lead_id", "created_at"),)
