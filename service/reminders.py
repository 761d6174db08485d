"""Reminders for leads that wait: nobody has claimed it, or it is still pending.

When the card reaches Slack, one `slack.reminder` job a kind is queued for the moment
the threshold of business time will have passed (config/business_hours.py). The worker
runs it then, whichever worker, after any restart: the outbox holds it. At that moment
the lead must still qualify (pending and unclaimed; pending), and the job must win a
conditional UPDATE that writes its id on the lead: a second job for the same reminder
(a card recorded twice) finds the place taken, so a lead is reminded once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from config.business_hours import BusinessHours
from db.models import Lead, LeadState
from db.types import utcnow
from service import jobs
from service.outbox import enqueue

UNCLAIMED = "unclaimed"
PENDING = "pending"


@dataclass(frozen=True)
class ReminderPlan:
    unclaimed_minutes: float  # 0: no such reminder
    pending_minutes: float
    hours: BusinessHours

    def thresholds(self) -> list[tuple[str, float]]:
        pairs = [(UNCLAIMED, self.unclaimed_minutes), (PENDING, self.pending_minutes)]
        return [(kind, minutes) for kind, minutes in pairs if minutes > 0]


def schedule(session: Session, lead: Lead, plan: ReminderPlan, now: datetime | None = None) -> None:
    """Queue the lead's reminders, each due when its business time has passed."""
    now = now or utcnow()
    for kind, minutes in plan.thresholds():
        due = plan.hours.due_at(lead.created_at, minutes)
        delay = max(timedelta(0), due - now)
        enqueue(session, jobs.SLACK_REMINDER, lead.id, {"reminder": kind}, now=now, delay=delay)


def take(session: Session, lead_id: int, kind: str, job_id: int) -> Lead | None:
    """The lead, if it still needs reminder `kind` and this job is the one to post it."""
    column = Lead.unclaimed_reminder_job if kind == UNCLAIMED else Lead.pending_reminder_job
    conditions = [Lead.id == lead_id, Lead.state == LeadState.PENDING]
    if kind == UNCLAIMED:
        conditions.append(Lead.owner_id.is_(None))
    result = session.execute(
        update(Lead)
        .where(*conditions, or_(column.is_(None), column == job_id))
        .values({column: job_id})
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return None
    return session.get(Lead, lead_id, populate_existing=True)
