"""Who handles a lead: claim, release, assign. Each is one conditional UPDATE.

The condition is the state the actor saw (nobody owns it; somebody does; not already
this person), so of many simultaneous clicks exactly one writes the row, on SQLite (one
writer at a time) and on PostgreSQL (a waiting UPDATE re-reads the row it waited for and
finds the condition false). The losers get `changed=False` and the lead as it is, whose
`owner_id`/`claimed_at` say who was first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.orm import Session

from db.models import Lead, LeadEvent
from db.types import utcnow
from service import jobs
from service.errors import LeadNotFound
from service.home_refresh import queue_refresh
from service.outbox import enqueue


@dataclass(frozen=True)
class OwnerChange:
    lead: Lead
    changed: bool  # False: the lead was not as the actor saw it (nothing was written)


def claim(session: Session, lead_id: int, actor: str, now: datetime | None = None) -> OwnerChange:
    """Make `actor` the owner of a lead nobody owns."""
    return _set_owner(session, lead_id, actor, actor, "claimed", Lead.owner_id.is_(None), now)


def assign(
    session: Session, lead_id: int, owner: str, actor: str, now: datetime | None = None
) -> OwnerChange:
    """Make `owner` the owner, whoever had it; `changed=False` if `owner` already has it."""
    condition = or_(Lead.owner_id.is_(None), Lead.owner_id != owner)
    return _set_owner(session, lead_id, owner, actor, "assigned", condition, now)


def release(session: Session, lead_id: int, actor: str, now: datetime | None = None) -> OwnerChange:
    """Leave the lead without an owner."""
    return _set_owner(session, lead_id, None, actor, "released", Lead.owner_id.is_not(None), now)


def claim_if_unowned(session: Session, lead_id: int, actor: str, now: datetime) -> bool:
    """Within another verb's transaction: `actor` takes the lead if nobody has it."""
    result = session.execute(_owner_update(lead_id, actor, Lead.owner_id.is_(None), now))
    if result.rowcount != 1:
        return False
    record(session, lead_id, "claimed", actor, now, subject=actor)
    return True


def record(
    session: Session,
    lead_id: int,
    kind: str,
    actor: str,
    now: datetime,
    *,
    thread: bool = False,
    **fields,
) -> LeadEvent:
    """A history row; with `thread`, also its reply in the card's thread (once, by the
    outbox: the job names the event, the worker finds a reply it already posted)."""
    event = LeadEvent(lead_id=lead_id, kind=kind, actor=actor, created_at=now, **fields)
    session.add(event)
    session.flush()
    if thread:
        enqueue(session, jobs.SLACK_ACTIVITY, lead_id, {"event_id": event.id}, now=now)
    return event


def _set_owner(
    session: Session,
    lead_id: int,
    owner: str | None,
    actor: str,
    kind: str,
    condition: ColumnElement[bool],
    now: datetime | None,
) -> OwnerChange:
    now = now or utcnow()
    # Whose Home loses the lead: read under the row's lock (PostgreSQL; SQLite's writer
    # already holds the database), so no other change comes between this and the UPDATE.
    before = session.scalar(select(Lead.owner_id).where(Lead.id == lead_id).with_for_update())
    result = session.execute(_owner_update(lead_id, owner, condition, now))
    lead = session.get(Lead, lead_id, populate_existing=True)
    if lead is None:
        raise LeadNotFound(lead_id)
    if result.rowcount != 1:
        return OwnerChange(lead=lead, changed=False)
    record(session, lead_id, kind, actor, now, thread=True, subject=owner)
    enqueue(session, jobs.SLACK_CARD_REFRESH, lead_id, now=now)
    queue_refresh(session, [before, owner], now)
    return OwnerChange(lead=lead, changed=True)


def _owner_update(lead_id: int, owner: str | None, condition: ColumnElement[bool], now: datetime):
    return (
        update(Lead)
        .where(Lead.id == lead_id, condition)
        .values(owner_id=owner, claimed_at=now if owner else None, updated_at=now)
        .execution_options(synchronize_session=False)
    )
