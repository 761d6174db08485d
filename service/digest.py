"""The morning digest's schedule: which day is due, claiming it, recording the post.

`due_day` says whether a digest is due now: a business day (BUSINESS_HOURS' days, every
day when unset) in TIMEZONE, at or after DIGEST_AT. `claim_day` inserts the day's row and
queues the `slack.digest` job in one transaction; the insert does nothing when the row
exists, so one process of however many, before or after any restart, queues it. A day
the app was down through is never claimed afterwards: only today is ever looked at.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from config.business_hours import BusinessHours
from db.models import DigestRun
from db.types import utcnow
from service import jobs
from service.outbox import enqueue

_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
FIRST_SPAN = timedelta(days=1)  # what the first digest ever covers


def local_day(hours: BusinessHours, now: datetime) -> date:
    return now.astimezone(hours.zone).date()


def due_day(digest_at: time | None, hours: BusinessHours, now: datetime) -> date | None:
    """Today's date in TIMEZONE if its digest is due at `now`; None otherwise."""
    if digest_at is None:
        return None
    local = now.astimezone(hours.zone)
    if not hours.is_business_day(local.date()) or local.time() < digest_at:
        return None
    return local.date()


def claim_day(session: Session, day: date, now: datetime | None = None) -> int | None:
    """Queue `day`'s digest; its job id, or None when the day was claimed already."""
    now = now or utcnow()
    insert = _INSERTS[session.get_bind().dialect.name]
    table = DigestRun.__table__
    inserted = session.scalar(  # RETURNING: psycopg's rowcount is no help here
        insert(table).values(day=day, as_of=now).on_conflict_do_nothing().returning(table.c.day)
    )
    if inserted is None:
        return None
    job_id = enqueue(session, jobs.SLACK_DIGEST, None, {"day": day.isoformat()}, now=now)
    session.execute(update(DigestRun).where(DigestRun.day == day).values(job_id=job_id))
    return job_id


def digest_run(session: Session, day: date) -> DigestRun | None:
    return session.get(DigestRun, day)


def covers_from(session: Session, day: date, as_of: datetime) -> datetime:
    """Where the digest of `day` starts: the last posted digest before it, or a day back."""
    previous = session.scalar(
        select(DigestRun.as_of)
        .where(DigestRun.day < day, DigestRun.ts.is_not(None))
        .order_by(DigestRun.day.desc())
        .limit(1)
    )
    return previous or as_of - FIRST_SPAN


def record_digest(
    session: Session,
    day: date,
    channel: str,
    ts: str,
    lead_ids: list[int],
    now: datetime | None = None,
) -> None:
    session.execute(
        update(DigestRun)
        .where(DigestRun.day == day)
        .values(channel=channel, ts=ts, lead_ids=lead_ids, posted_at=now or utcnow())
    )


def digests_naming(session: Session, lead_id: int, arrived: datetime) -> list[tuple[str, str]]:
    """(channel, ts) of each posted digest that names the lead: those since it arrived."""
    runs = session.execute(
        select(DigestRun.channel, DigestRun.ts, DigestRun.lead_ids).where(
            DigestRun.ts.is_not(None), DigestRun.posted_at >= arrived
        )
    )
    return [(channel, ts) for channel, ts, ids in runs if lead_id in (ids or [])]
