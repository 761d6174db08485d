"""Read leads for `/leads`: by state a page at a time, one with its history, search."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from db.models import Lead, LeadEvent, LeadNote, LeadState, Resume, search_key
from service.sent_as import SentAs, sent_as

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


def list_leads(
    session: Session,
    state: LeadState | None,
    page: int = 1,
    *,
    owner: str | None = None,
    unclaimed: bool = False,
) -> LeadPage:
    """Pending: oldest first (they have waited longest). Others: most recent first.
    `owner`: only the leads that person owns; `unclaimed`: only those nobody owns."""
    page = max(1, page)
    where = [Lead.erased_at.is_(None)] + ([] if state is None else [Lead.state == state])
    if owner is not None:
        where.append(Lead.owner_id == owner)
    if unclaimed:
        where.append(Lead.owner_id.is_(None))
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
    """The newest leads whose names or email contain every word of `text`, any case."""
    words = search_key(text).split()[:SEARCH_WORDS_MAX]
    query = (
        select(Lead, func.count().over().label("total"))
        .where(*(Lead.search_text.like(_contains(word), escape="\\") for word in words))
        .where(Lead.erased_at.is_(None))
        .order_by(Lead.created_at.desc(), Lead.id.desc())
        .limit(PAGE_SIZE)
    )
    rows = session.execute(query).all()  # one pass: the window counts every match
    return LeadPage(leads=[row[0] for row in rows], total=rows[0][1] if rows else 0, page=1)


def _contains(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@dataclass(frozen=True)
class LeadDetail:
    lead: Lead
    resumes: list[Resume]  # oldest first: the application's own resume, then later ones
    events: list[LeadEvent]
    notes: list[LeadNote] = field(default_factory=list)

    def sent_as(self, resume: Resume) -> SentAs:
        """Who `resume` was sent as: every resume after the first came under an address
        nobody verified."""
        return sent_as(self.lead, resume, applied_again=resume.id != self.resumes[0].id)


def lead_detail(session: Session, lead_id: int) -> LeadDetail | None:
    lead = session.scalar(
        select(Lead)
        .where(Lead.id == lead_id, Lead.erased_at.is_(None))
        .options(selectinload(Lead.resumes))
    )
    if lead is None:
        return None
    events = session.scalars(
        select(LeadEvent).where(LeadEvent.lead_id == lead_id).order_by(LeadEvent.id)
    ).all()
    notes = session.scalars(
        select(LeadNote).where(LeadNote.lead_id == lead_id).order_by(LeadNote.id)
    ).all()
    return LeadDetail(lead=lead, resumes=list(lead.resumes), events=list(events), notes=list(notes))


def first_resume(session: Session, lead_id: int) -> Resume | None:
    """The resume sent with the application itself."""
    return session.scalar(
        select(Resume).where(Resume.lead_id == lead_id).order_by(Resume.id).limit(1)
    )
