"""A lead as the Slack tests need it: applied for, its card posted, its state read back."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from db.models import Lead, LeadEvent
from tests.support.form import post_application


def posted_lead(app, client) -> Lead:
    """Apply through the form and wait until the worker has posted the lead's card."""
    post_application(client)
    app.extensions["worker"].wake()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        with app.extensions["db"].sessions() as session:
            lead = session.scalars(select(Lead)).one()
        if lead.slack_ts:
            return lead
        time.sleep(0.02)
    raise AssertionError("the card was not posted")


def lead_state(app, lead_id: int) -> str:
    with app.extensions["db"].sessions() as session:
        return session.get(Lead, lead_id).state


def state_changes(app, lead_id: int) -> int:
    with app.extensions["db"].sessions() as session:
        return session.scalar(
            select(func.count())
            .select_from(LeadEvent)
            .where(LeadEvent.lead_id == lead_id, LeadEvent.kind == "state_changed")
        )
