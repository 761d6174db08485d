"""Read leads for `/leads`: by state a page at a time, one with its history, search."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from db.models import Lead, LeadEvent, LeadState, Resume

PAGE_SIZE = 10
SEARCH_WORDS_MAX = 5


@dataclass(frozen=True)
class LeadPage:
    leads: list[Lead]
    total: int
    page: int  # 1-based

    @property
    def has_next(self) -> bool:
        return self.page * PAGE_SIZE < self.total


def list_leads(session: Session, state: LeadState | None, page: int = 1) -> LeadPage:
    """Pending: oldest first (they have waited longest). Others: most recent first."""
    page = max(1, page)
    where = [] if state is None else [Lead.state == state]
    order = (
        (Lead.created_at, Lead.id)
        if state == LeadState.PENDING
        else (Lead.created_at.desc(), Lead.id.desc())
    )
    total = session.scalar(select(func.count()).select_from(Lead).where(*where)) or 0
    leads = session.scalars(
        select(Lead).where(*where).order_by(*order).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    return LeadPage(leads=list(leads), total=total, page=page)


def search_leads(session: Session, text: str) -> LeadPage:
    """Leads whose names or email contain every word of `text` (case-insensitive)."""
    words = [w for w in text.lower().split() if w][:SEARCH_WORDS_MAX]
    where = and_(*(_matches(word) for word in words))
    total = session.scalar(select(func.count()).select_from(Lead).where(where)) or 0
    leads = session.scalars(
        select(Lead).where(where).order_by(Lead.created_at.desc(), Lead.id.desc()).limit(PAGE_SIZE)
    ).all()
    return LeadPage(leads=list(leads), total=total, page=1)


def _matches(word: str) -> ColumnElement[bool]:
    pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return or_(
        func.lower(Lead.first_name).like(pattern, escape="\\"),
        func.lower(Lead.last_name).like(pattern, escape="\\"),
        Lead.email_key.like(pattern, escape="\\"),
    )


@dataclass(frozen=True)
class LeadDetail:
    lead: Lead
    resumes: list[Resume]
    events: list[LeadEvent]


def lead_detail(session: Session, lead_id: int) -> LeadDetail | None:
    lead = session.scalar(
        select(Lead).where(Lead.id == lead_id).options(selectinload(Lead.resumes))
    )
    if lead is None:
        return None
    events = session.scalars(
        select(LeadEvent).where(LeadEvent.lead_id == lead_id).order_by(LeadEvent.id)
    ).all()
    return LeadDetail(lead=lead, resumes=list(lead.resumes), events=list(events))


def latest_resume(session: Session, lead_id: int) -> Resume | None:
    return session.scalar(
        select(Resume).where(Resume.lead_id == lead_id).order_by(Resume.id.desc()).limit(1)
    )
