"""The outbox of an app running in its own process, read straight from its database: what
shows that a delivery was tried while the server it needs recorded nothing (being down)."""

from __future__ import annotations

from sqlalchemy import create_engine, select

from db.models import JobStatus, OutboxJob
from tests.support.app_process import AppProcess


def outbox_jobs(app: AppProcess) -> list:
    """Every job as (kind, status, attempts, last_error), oldest first."""
    engine = create_engine(app.env["DATABASE_URL"])
    try:
        with engine.connect() as connection:
            columns = (OutboxJob.kind, OutboxJob.status, OutboxJob.attempts, OutboxJob.last_error)
            return list(connection.execute(select(*columns).order_by(OutboxJob.id)))
    finally:
        engine.dispose()


def tried(app: AppProcess, kind: str) -> list:
    """The jobs of `kind` that were tried and are waiting to be tried again."""
    return [job for job in outbox_jobs(app) if job.kind == kind and job.attempts and job.last_error]


def all_delivered(app: AppProcess, kinds: str = "") -> bool:
    """Whether every job whose kind starts with `kinds` ("email." say) is done."""
    return all(
        job.status == JobStatus.DONE for job in outbox_jobs(app) if job.kind.startswith(kinds)
    )


def latest_resume_bytes(app: AppProcess) -> bytes | None:
    """The bytes of the newest resume stored (None when there is none)."""
    from db.models import Resume

    engine = create_engine(app.env["DATABASE_URL"])
    try:
        with engine.connect() as connection:
            query = select(Resume.data).order_by(Resume.id.desc()).limit(1)
            return connection.execute(query).scalar()
    finally:
        engine.dispose()
