"""What the worker learns when a lead's card reaches Slack, recorded by the service layer."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from db.models import Lead
from service import jobs
from service.outbox import enqueue


def record_card(session: Session, lead_id: int, channel: str, ts: str, posted_state: str) -> None:
    """Remember where the card is; if the lead changed while the card was on its way,
    queue a rewrite so the card shows the lead as it is now."""
    session.execute(
        update(Lead)
        .where(Lead.id == lead_id)
        .values(slack_channel=channel, slack_ts=ts)
        .execution_options(synchronize_session=False)
    )
    current = session.get(Lead, lead_id, populate_existing=True)
    if current is not None and current.erased_at is not None:
        # Erased while the card was on its way: the erasure job may have found no card.
        enqueue(session, jobs.SLACK_CARD_ERASE, lead_id)
    elif current is not None and current.state != posted_state:
        enqueue(session, jobs.SLACK_CARD_REFRESH, lead_id)
