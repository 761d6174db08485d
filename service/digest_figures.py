"""What the morning digest says: new leads and leads reached out since the previous
digest, how many wait (pending, unclaimed), the five that have waited longest, the median
time to first contact over 7 and 30 days, and failed deliveries.

Each figure is one indexed count or a short ordered read, except the medians, which read a
month of history (service/stats.py). Erased leads are counted among new leads (they
arrived), not among those waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from db.models import JobStatus, Lead, LeadEvent, LeadState, OutboxJob
from db.types import utcnow
from service.stats import Spread, times_to_contact

LONGEST_SHOWN = 5
WEEK, MONTH = timedelta(days=7), timedelta(days=30)


@dataclass(frozen=True)
class Waiting:
    """A pending lead, and where its card is (None: not in Slack yet)."""

    lead_id: int
    first_name: str
    last_name: str
    arrived: datetime
    owner_id: str | None
    channel: str | None
    ts: str | None


@dataclass(frozen=True)
class DigestFigures:
    since: datetime
    as_of: datetime
    new_leads: int
    reached_out: int  # leads moved to reached out since `since`
    pending: int
    unclaimed: int
    longest_waiting: list[Waiting]
    contact_week: Spread
    contact_month: Spread
    failed_deliveries: int


def digest_figures(
    session: Session, since: datetime, as_of: datetime, now: datetime | None = None
) -> DigestFigures:
    """New and reached out in [since, as_of); the rest as they stand at `now`."""
    now = now or utcnow()
    # Every state named: ix_leads_state_created then serves the range on created_at.
    arrived = (Lead.state.in_(list(LeadState)), Lead.created_at >= since, Lead.created_at < as_of)
    pending, unclaimed = _waiting(session)
    week, month = times_to_contact(session, now, (WEEK, MONTH))
    return DigestFigures(
        since=since,
        as_of=as_of,
        new_leads=_count(session, Lead, *arrived),
        reached_out=_reached_out(session, since, as_of),
        pending=pending,
        unclaimed=unclaimed,
        longest_waiting=_longest_waiting(session),
        contact_week=week,
        contact_month=month,
        failed_deliveries=_count(session, OutboxJob, OutboxJob.status == JobStatus.FAILED),
    )


def _count(session: Session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def _waiting(session: Session) -> tuple[int, int]:
    """Pending leads not erased, and how many of them nobody owns: one pass."""
    unowned = func.count(case((Lead.owner_id.is_(None), 1)))
    row = session.execute(
        select(func.count(), unowned).where(
            Lead.state == LeadState.PENDING, Lead.erased_at.is_(None)
        )
    ).one()
    return row[0], row[1]


def _reached_out(session: Session, since: datetime, as_of: datetime) -> int:
    query = select(func.count(func.distinct(LeadEvent.lead_id))).where(
        LeadEvent.kind == "state_changed",
        LeadEvent.to_state == LeadState.REACHED_OUT,
        LeadEvent.created_at >= since,
        LeadEvent.created_at < as_of,
    )
    return session.scalar(query) or 0


def _longest_waiting(session: Session) -> list[Waiting]:
    rows = session.execute(
        select(
            Lead.id,
            Lead.first_name,
            Lead.last_name,
            Lead.created_at,
            Lead.owner_id,
            Lead.slack_channel,
            Lead.slack_ts,
        )
        .where(Lead.state == LeadState.PENDING, Lead.erased_at.is_(None))
        .order_by(Lead.created_at, Lead.id)
        .limit(LONGEST_SHOWN)
    ).all()
    return [Waiting(*row) for row in rows]
