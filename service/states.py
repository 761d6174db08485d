"""Change a lead's state (PENDING <-> REACHED_OUT), recording who, when and from what;
each change also goes to the card's thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.models import Lead, LeadState
from db.types import utcnow
from service import jobs
from service.errors import LeadNotFound
from service.home_refresh import queue_refresh
from service.locks import lock_address
from service.outbox import enqueue
from service.ownership import claim_if_unowned, record


@dataclass(frozen=True)
class StateChange:
    lead: Lead
    changed: bool  # False: the lead already had the target state (nothing was written)


def change_state(
    session: Session,
    lead_id: int,
    to_state: LeadState,
    actor: str,
    now: datetime | None = None,
) -> StateChange:
    """Move the lead to `to_state` if it is in the other state.

    The UPDATE is conditional on the current state, so of many simultaneous clicks
    exactly one changes the row; the others get `changed=False` and the lead as it is,
    whose `state_changed_by`/`state_changed_at` say who was first.
    """
    now = now or utcnow()
    email_key = session.scalar(select(Lead.email_key).where(Lead.id == lead_id))
    if email_key is None:
        raise LeadNotFound(lead_id)
    lock_address(session, email_key)  # see service/locks.py
    from_state = LeadState.PENDING if to_state == LeadState.REACHED_OUT else LeadState.REACHED_OUT
    result = session.execute(
        update(Lead)
        .where(Lead.id == lead_id, Lead.state == from_state)
        .values(state=to_state, state_changed_at=now, state_changed_by=actor, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    lead = session.get(Lead, lead_id, populate_existing=True)
    if lead is None:
        raise LeadNotFound(lead_id)
    if result.rowcount != 1:
        return StateChange(lead=lead, changed=False)
    # Reaching out to a lead nobody has claimed makes the clicker its owner; moving back
    # to pending keeps whoever owns it.
    took = to_state == LeadState.REACHED_OUT and claim_if_unowned(session, lead_id, actor, now)
    fields = {"from_state": from_state, "to_state": to_state, "subject": actor if took else None}
    record(session, lead_id, "state_changed", actor, now, thread=True, **fields)
    enqueue(session, jobs.SLACK_CARD_REFRESH, lead_id, now=now)
    session.refresh(lead)
    queue_refresh(session, [lead.owner_id], now)  # in or out of their pending leads
    return StateChange(lead=lead, changed=True)
