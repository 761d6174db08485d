"""What a member's Home tab shows: their pending leads, the unclaimed ones, the numbers.

Read in one session: two short lists (oldest first, at most `HOME_LIST_SIZE` each, with
how many there are in all), the pending and unclaimed counts, the median time to first
contact over 30 days (`service.stats`), and how many reminders went out in the last
7 days. Erased leads are never listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from db.models import JobStatus, Lead, LeadState, OutboxJob
from db.types import utcnow
from service import jobs
from service.stats import lead_stats

HOME_LIST_SIZE = 10
REMINDER_WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class LeadList:
    leads: list[Lead]  # the oldest first, at most HOME_LIST_SIZE
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.leads)


@dataclass(frozen=True)
class HomeData:
    user_id: str
    mine: LeadList
    unclaimed: LeadList
    pending: int
    median_to_contact: timedelta | None  # over the leads of the last 30 days
    reminders_this_week: int


def home_data(session: Session, user_id: str, now: datetime | None = None) -> HomeData:
    now = now or utcnow()
    pending = [Lead.state == LeadState.PENDING, Lead.erased_at.is_(None)]
    return HomeData(
        user_id=user_id,
        mine=_oldest(session, [*pending, Lead.owner_id == user_id]),
        unclaimed=_oldest(session, [*pending, Lead.owner_id.is_(None)]),
        pending=_count(session, pending),
        median_to_contact=lead_stats(session, now).to_contact.median,
        reminders_this_week=reminders_sent(session, now - REMINDER_WINDOW),
    )


def _oldest(session: Session, where: list) -> LeadList:
    leads = session.scalars(
        select(Lead).where(*where).order_by(Lead.created_at, Lead.id).limit(HOME_LIST_SIZE)
    ).all()
    total = len(leads) if len(leads) < HOME_LIST_SIZE else _count(session, where)
    return LeadList(leads=list(leads), total=total)


def _count(session: Session, where: list) -> int:
    return session.scalar(select(func.count()).select_from(Lead).where(*where)) or 0


def reminders_sent(session: Session, since: datetime) -> int:
    """Reminder jobs that posted since `since`: a job posts only once it took its place
    on the lead (service/reminders.py), so one that found the lead claimed is not counted."""
    posted = select(Lead.id).where(
        or_(
            Lead.unclaimed_reminder_job == OutboxJob.id,
            Lead.pending_reminder_job == OutboxJob.id,
        )
    )
    return (
        session.scalar(
            select(func.count())
            .select_from(OutboxJob)
            .where(
                OutboxJob.kind == jobs.SLACK_REMINDER,
                OutboxJob.status == JobStatus.DONE,
                OutboxJob.finished_at >= since,
                posted.exists(),
            )
        )
        or 0
    )
