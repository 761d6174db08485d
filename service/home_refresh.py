"""Keeping members' Home tabs current: who opened theirs, and one refresh job at a time each.

Only members who opened the Home tab have a row (`home_openers`): Slack keeps the last
view published for a person, and publishing for someone who never opened the tab is work
nobody sees (their first open publishes it anyway). Without the row we could not tell
them apart, nor find every Home an erased lead may still show.

A change to a member's leads calls `queue_refresh` in its own transaction. The conditional
UPDATE on `refresh_queued` lets one job wait per member, so a burst of claims makes one
publish; the job is due at `quiet_until` (HOME_REFRESH_SECONDS after the last publish),
or now. The worker clears the flag as it starts (`take`), so a change made while it
builds the view queues the next job rather than being lost.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.models import HomeOpener
from db.types import utcnow
from service import jobs
from service.outbox import enqueue

_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def opened(
    session: Session,
    user_id: str,
    publishing: bool,
    quiet_for: timedelta,
    now: datetime | None = None,
) -> None:
    """`user_id` (a member) opened their Home, or clicked in it; `publishing`: their Home
    is about to be published, so the next refresh waits `quiet_for`."""
    now = now or utcnow()
    table = HomeOpener.__table__
    values = {"opened_at": now}
    if publishing:
        values |= {"published_at": now, "quiet_until": now + quiet_for}
    insert = _INSERTS[session.get_bind().dialect.name](table)
    session.execute(
        insert.values(user_id=user_id, refresh_queued=False, **values).on_conflict_do_update(
            index_elements=[table.c.user_id], set_=values
        )
    )


def forget(session: Session, user_id: str) -> None:
    """Not (or no longer) a member: their Home is never refreshed with lead data."""
    session.execute(delete(HomeOpener).where(HomeOpener.user_id == user_id))


def queue_refresh(
    session: Session, user_ids: Iterable[str | None], now: datetime | None = None
) -> int:
    """Queue a refresh of each opener's Home among `user_ids` that has none waiting;
    returns how many jobs were queued."""
    now = now or utcnow()
    queued = 0
    for user_id in sorted({user for user in user_ids if user}):
        quiet_until = session.execute(
            update(HomeOpener)
            .where(HomeOpener.user_id == user_id, HomeOpener.refresh_queued.is_(False))
            .values(refresh_queued=True)
            .returning(HomeOpener.quiet_until)
            .execution_options(synchronize_session=False)
        ).first()
        if quiet_until is None:
            continue  # never opened their Home, or a refresh already waits
        delay = max(timedelta(0), (quiet_until[0] or now) - now)
        enqueue(session, jobs.SLACK_HOME_REFRESH, None, {"user": user_id}, now=now, delay=delay)
        queued += 1
    return queued


def queue_refresh_all(session: Session, now: datetime | None = None) -> int:
    """Every opener's Home: after a change every Home may show (an erased unclaimed lead)."""
    return queue_refresh(session, session.scalars(select(HomeOpener.user_id)), now)


def take(session: Session, user_id: str, now: datetime | None = None) -> datetime | None:
    """Start a refresh: None if `user_id` has no Home to refresh; else when it may be
    published (now, or later if the last publish was less than the interval ago)."""
    now = now or utcnow()
    row = session.execute(
        select(HomeOpener.quiet_until).where(HomeOpener.user_id == user_id)
    ).first()
    if row is None:
        return None
    if row[0] is not None and row[0] > now:
        return row[0]  # still waiting: the flag stays, later changes join this job
    session.execute(
        update(HomeOpener)
        .where(HomeOpener.user_id == user_id)
        .values(refresh_queued=False)
        .execution_options(synchronize_session=False)
    )
    return now


def published(
    session: Session, user_id: str, quiet_for: timedelta, now: datetime | None = None
) -> None:
    now = now or utcnow()
    session.execute(
        update(HomeOpener)
        .where(HomeOpener.user_id == user_id)
        .values(published_at=now, quiet_until=now + quiet_for)
        .execution_options(synchronize_session=False)
    )
