"""Retention: which leads have been inactive longer than RETENTION_DAYS, and erasing them.

A lead's last activity is the latest of its application (and any re-application), a state
change, a note, or any other change to its row. `claim_today` lets one worker of however
many run the daily purge: a conditional UPDATE on a counter row that holds the day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.engine import checkpoint
from db.models import AppCounter, Lead, LeadEvent
from db.types import utcnow
from service.erasure import Reason, erase_lead, mail_folder, owned_tables

PURGE_DAY = "retention_purge_day"  # an app_counters row: the last day purged (days since 1970)
_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


@dataclass(frozen=True)
class Expired:
    lead_id: int
    age_days: float  # since its last activity


def expired_leads(session: Session, days: float, now: datetime | None = None) -> list[Expired]:
    """Leads not yet erased whose last activity is more than `days` ago; none for 0."""
    if days <= 0:
        return []
    now = now or utcnow()
    cutoff = now - timedelta(days=days)
    last_event = (
        select(LeadEvent.lead_id, func.max(LeadEvent.created_at).label("at"))
        .group_by(LeadEvent.lead_id)
        .subquery()
    )
    rows = session.execute(
        select(Lead.id, Lead.created_at, Lead.updated_at, Lead.state_changed_at, last_event.c.at)
        .outerjoin(last_event, last_event.c.lead_id == Lead.id)
        .where(Lead.erased_at.is_(None), Lead.created_at < cutoff, Lead.updated_at < cutoff)
        .order_by(Lead.id)
    ).all()
    notes = _last_owned_activity(session)
    expired = []
    for lead_id, *times in rows:
        last = max(t for t in (*times, notes.get(lead_id)) if t is not None)
        if last < cutoff:
            expired.append(Expired(lead_id, (now - last).total_seconds() / 86400))
    return expired


def _last_owned_activity(session: Session) -> dict[int, datetime]:
    """The latest row per lead of tables such as notes (those with a created_at)."""
    latest: dict[int, datetime] = {}
    for table in owned_tables():
        if "created_at" not in table.c:
            continue
        query = select(table.c.lead_id, func.max(table.c.created_at)).group_by(table.c.lead_id)
        for lead_id, at in session.execute(query):
            if at is not None and (lead_id not in latest or at > latest[lead_id]):
                latest[lead_id] = at
    return latest


def claim_today(session: Session, now: datetime | None = None) -> bool:
    """True for the first caller of the day across every process; the claim commits with
    the caller's transaction, so a purge that fails is tried again by the next worker."""
    now = now or utcnow()
    today = int(now.timestamp() // 86400)
    table = AppCounter.__table__
    insert = _INSERTS[session.get_bind().dialect.name]
    session.execute(
        insert(table).values(name=PURGE_DAY, value=0, updated_at=now).on_conflict_do_nothing()
    )
    claimed = session.execute(
        update(table)
        .where(table.c.name == PURGE_DAY, table.c.value < today)
        .values(value=today, updated_at=now)
    )
    return claimed.rowcount == 1


def purge(database, settings, now: datetime | None = None) -> list[Expired]:
    """Erase every expired lead now (`flask leads purge`)."""
    return _purge(database, settings, now, daily=False)


def purge_once_a_day(database, settings, now: datetime | None = None) -> list[Expired] | None:
    """The worker's daily purge: None when another worker already ran it today."""
    if settings.retention_days <= 0:
        return None
    return _purge(database, settings, now, daily=True)


def _purge(database, settings, now: datetime | None, *, daily: bool) -> list[Expired] | None:
    now = now or utcnow()
    folder = mail_folder(settings)
    with database.sessions.begin() as session:
        if daily and not claim_today(session, now):
            return None
        expired = expired_leads(session, settings.retention_days, now)
        for lead in expired:
            erase_lead(session, lead.lead_id, reason=Reason.RETENTION, mail_folder=folder, now=now)
    checkpoint(database.engine)
    return expired
