"""Failed deliveries reach a person: one alert per cause, not one per job.

A job that fails for good, or has kept failing for an hour, is noted under its cause
("slack: chat.postMessage (card): channel_not_found ..."). The first note of a cause
queues one alert email (when ATTORNEY_EMAIL is set); more failures of that cause only
count, until a day has passed or an operator requeues failed jobs.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from db.models import DeliveryAlert, OutboxJob
from db.types import utcnow
from service import jobs
from service.outbox import enqueue

STUCK_AFTER = timedelta(hours=1)
REPEAT_AFTER = timedelta(hours=24)
RETRY_ALL = "flask --app web outbox retry --all-failed"
_GAVE_UP = re.compile(r"^gave up after \d+ attempts: ")

# What to do, in plain words, for the failures an operator can fix.
_ADVICE = (
    (
        "recipient refused",
        "The mail server refused the address. The applicant may have "
        "mistyped it: contact them another way.",
    ),
    (
        "message refused",
        "The mail server refused the message itself (a policy or spam filter, or its "
        "size). Ask the mail server's administrator; its reply is quoted above.",
    ),
    ("SMTP login failed", "Check SMTP_USERNAME and SMTP_PASSWORD."),
    (
        "mail server unavailable",
        "The mail server (SMTP_HOST) cannot be reached. Check that "
        "it is running and that this server may connect to it.",
    ),
    ("rate limited", "Slack is slowing the app down; it keeps retrying on its own."),
    ("HTTP 5", "Slack has been failing. See https://status.slack.com; the app keeps retrying."),
)
_HINT = re.compile(r"\(([^()]*)\)\s*$")  # Slack failures end with "(how to fix)"


def cause_of(kind: str, error: str) -> str:
    """The same failure for any lead gives the same cause: numbers and ids folded away."""
    text = _GAVE_UP.sub("", error)
    text = re.sub(r"\d+", "N", text)
    return f"{kind.split('.')[0]}: {text}"[:200]


def advice(error: str) -> str:
    for needle, words in _ADVICE:
        if needle in error:
            return words
    if hint := _HINT.search(error):
        return hint.group(1)[0].upper() + hint.group(1)[1:] + "."
    return "See the error above."


def note_failure(
    session: Session,
    job: OutboxJob,
    error: str,
    *,
    alert_to: str | None,
    now: datetime | None = None,
) -> bool:
    """Count a failure of `job` under its cause; queue an alert if this cause is news.

    Runs in the transaction that records the failure. Returns True when an alert was
    queued. Safe when several workers note the same cause at once: the row is upserted
    and claimed for alerting with a conditional UPDATE.
    """
    if job.kind == jobs.EMAIL_ALERT:
        return False  # an alert that cannot be sent must not alert about itself
    now = now or utcnow()
    cause = cause_of(job.kind, error)
    _upsert(session, cause, job, error, now)
    if not alert_to:
        return False
    claimed = session.execute(
        update(DeliveryAlert)
        .where(
            DeliveryAlert.cause == cause,
            or_(DeliveryAlert.alerted_at.is_(None), DeliveryAlert.alerted_at < now - REPEAT_AFTER),
        )
        .values(alerted_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return False
    enqueue(session, jobs.EMAIL_ALERT, None, {"cause": cause, "to": alert_to}, now=now)
    return True


def _upsert(session: Session, cause: str, job: OutboxJob, error: str, now: datetime) -> None:
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    last = {
        "last_failed_at": now,
        "last_job_id": job.id,
        "last_lead_id": job.lead_id,
        "last_error": error[:2000],
    }
    statement = insert(DeliveryAlert).values(
        cause=cause, failures=1, first_failed_at=now, alerted_at=None, **last
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[DeliveryAlert.cause],
            set_={"failures": DeliveryAlert.failures + 1, **last},
        )
    )


def get(session: Session, cause: str) -> DeliveryAlert | None:
    return session.scalar(select(DeliveryAlert).where(DeliveryAlert.cause == cause))


def forget_alerted(session: Session) -> None:
    """After an operator requeues failed jobs, a failure that comes back is news again."""
    session.execute(
        update(DeliveryAlert).values(alerted_at=None).execution_options(synchronize_session=False)
    )
