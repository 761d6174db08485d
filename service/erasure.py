"""Erase a lead: the one verb behind withdrawal, `/leads erase`, the CLI and retention.

What goes: the resume bytes, and any pending upload of the same file (service/
pending_uploads.py); names, email, search text and filenames become a tombstone; rows of
any other table that belong to the lead (notes, …) are deleted; jobs that carry the
applicant's data and have not run are cancelled; development .eml files are deleted.
What stays: the lead's id, dates and state, its history (no personal data), and one row
of the stewardship log. The Slack card is rewritten by a job (worker/slack/erasure.py),
so a Slack outage delays the rewrite and loses nothing; so are the Home tabs that may show
the lead (service/home_refresh.py; those jobs carry a Slack user id, nothing personal).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from db.engine import checkpoint
from db.models import Base, JobStatus, Lead, LeadErasure, LeadState, OutboxJob, Resume
from db.types import utcnow
from service import jobs, pending_uploads
from service.home_refresh import queue_refresh, queue_refresh_all
from service.outbox import enqueue

TOMBSTONE = "(erased)"
CANCELLED = "cancelled: the lead was erased"
# Tables with a lead_id that are kept: no personal data, or handled on their own.
KEPT_TABLES = {"leads", "resumes", "lead_events", "outbox_jobs", "lead_erasures"}


class Reason(enum.StrEnum):
    APPLICANT = "applicant"  # the withdrawal link
    STAFF = "staff"  # /leads erase, by a Slack member
    OPERATOR = "operator"  # flask leads erase, on the server
    RETENTION = "retention"  # RETENTION_DAYS passed


@dataclass(frozen=True)
class Erased:
    lead_id: int
    erased: bool  # False: it was already erased (or never existed); nothing was written


def mail_folder(settings) -> Path:
    """Where development mail is written as .eml files (worker/mailer.py)."""
    return Path(settings.instance_path) / "mail"


def tombstone_email(lead_id: int) -> str:
    # Unique per lead and never a real address (.invalid), so a person who applies
    # again after erasure starts a new lead.
    return f"erased-{lead_id}@erased.invalid"


def erase_lead(
    session: Session,
    lead_id: int,
    *,
    reason: Reason,
    actor: str | None = None,
    mail_folder: Path | None = None,
    now: datetime | None = None,
) -> Erased:
    """Erase the lead's personal data. Erasing again (or a lead that never was) is a no-op:
    the conditional UPDATE lets exactly one of simultaneous erasures do the work."""
    now = now or utcnow()
    shown = session.execute(select(Lead.owner_id, Lead.state).where(Lead.id == lead_id)).first()
    result = session.execute(
        update(Lead)
        .where(Lead.id == lead_id, Lead.erased_at.is_(None))
        .values(
            first_name=TOMBSTONE,
            last_name="",
            email=tombstone_email(lead_id),
            email_key=tombstone_email(lead_id),
            search_text="",
            erased_at=now,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return Erased(lead_id=lead_id, erased=False)
    _erase_resumes(session, lead_id)
    _delete_owned_rows(session, lead_id)
    job_ids = _cancel_personal_jobs(session, lead_id, now)
    _delete_mail_files(mail_folder, job_ids)
    enqueue(session, jobs.SLACK_CARD_ERASE, lead_id, {"reason": reason, "actor": actor}, now=now)
    session.add(LeadErasure(lead_id=lead_id, erased_at=now, reason=reason, actor=actor))
    _refresh_homes(session, shown, now)
    session.flush()
    return Erased(lead_id=lead_id, erased=True)


def _refresh_homes(session: Session, shown, now: datetime) -> None:
    """The lead's name must leave every Home that may show it: its owner's, or, while it
    was pending and unclaimed, every member's (their Unclaimed list)."""
    owner, state = shown
    if owner:
        queue_refresh(session, [owner], now)
    elif state == LeadState.PENDING:
        queue_refresh_all(session, now)


def _erase_resumes(session: Session, lead_id: int) -> None:
    sha256s = session.scalars(select(Resume.sha256).where(Resume.lead_id == lead_id))
    pending_uploads.erase_copies(session, list(sha256s))
    session.execute(
        update(Resume)
        .where(Resume.lead_id == lead_id)
        .values(
            data=b"",
            size=0,
            sha256="",
            filename=TOMBSTONE,
            submitted_first_name=None,
            submitted_last_name=None,
        )
        .execution_options(synchronize_session=False)
    )


def owned_tables() -> list:
    """Other tables whose rows belong to a lead (notes, when a notes table exists)."""
    return [
        table
        for table in Base.metadata.sorted_tables
        if table.name not in KEPT_TABLES and "lead_id" in table.c
    ]


def _delete_owned_rows(session: Session, lead_id: int) -> None:
    for table in owned_tables():
        session.execute(delete(table).where(table.c.lead_id == lead_id))


def _cancel_personal_jobs(session: Session, lead_id: int, now: datetime) -> list[int]:
    """Cancel what has not run; return the ids of every job of the lead (their .eml files)."""
    session.execute(
        update(OutboxJob)
        .where(
            OutboxJob.lead_id == lead_id,
            OutboxJob.kind.in_(jobs.PERSONAL),
            OutboxJob.status.in_([JobStatus.PENDING, JobStatus.RUNNING]),
        )
        .values(
            status=JobStatus.FAILED,
            last_error=CANCELLED,
            lease_until=None,
            finished_at=now,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return list(session.scalars(select(OutboxJob.id).where(OutboxJob.lead_id == lead_id)))


def _delete_mail_files(folder: Path | None, job_ids: list[int]) -> None:
    if folder is None:
        return
    for job_id in job_ids:
        (folder / f"job-{job_id}.eml").unlink(missing_ok=True)


def erasure_log(session: Session, lead_id: int) -> list[LeadErasure]:
    return list(session.scalars(select(LeadErasure).where(LeadErasure.lead_id == lead_id)))


def erase_and_flush(sessions, lead_id: int, *, reason: Reason, actor: str | None, settings):
    """Erase in a transaction of its own (`sessions`: a sessionmaker), then empty SQLite's
    WAL of the old rows. For entry points (withdrawal, `/leads erase`, CLI) that erase one
    lead and nothing else in the transaction.
    """
    with sessions.begin() as session:
        result = erase_lead(
            session, lead_id, reason=reason, actor=actor, mail_folder=mail_folder(settings)
        )
        engine = session.get_bind()
    checkpoint(engine)
    return result


def leads_for_address(session: Session, email: str) -> list[int]:
    """The ids of leads under `email` (any case) not yet erased."""
    query = select(Lead.id).where(Lead.email_key == email.strip().lower(), Lead.erased_at.is_(None))
    return list(session.scalars(query.order_by(Lead.id)))
