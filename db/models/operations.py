"""The app's own bookkeeping: the delivery outbox, its alerts, counters, the erasure log,
the morning digests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, JobStatus
from db.types import utcnow


class LeadErasure(Base):
    """The stewardship log: which lead was erased, when, why and by whom; nothing personal."""

    __tablename__ = "lead_erasures"

    id: Mapped[int] = mapped_column(primary_key=True)
    # No foreign key: the log outlives whatever is done to the lead's row later.
    lead_id: Mapped[int] = mapped_column(index=True)
    erased_at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str] = mapped_column(String(32))  # applicant | staff | retention | operator
    actor: Mapped[str | None] = mapped_column(String(64))  # a Slack user id, "cli", …


class AppCounter(Base):
    """A named running total shared by every process (e.g. honeypot catches)."""

    __tablename__ = "app_counters"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class DeliveryAlert(Base):
    """A cause of failed deliveries, and when a person was last told about it.

    One row per cause ("slack: channel_not_found"), so a burst of fifty failures with
    one cause makes one alert, not fifty.
    """

    __tablename__ = "delivery_alerts"

    cause: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    first_failed_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_failed_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_job_id: Mapped[int | None]
    last_lead_id: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    alerted_at: Mapped[datetime | None]


class OutboxJob(Base):
    """Work that leaves the process (email, Slack), written in the same transaction as its cause."""

    __tablename__ = "outbox_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(16), default=JobStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    # Retries give up this long after the first attempt, not after creation: a Slack job
    # may wait unclaimed for days until Slack is configured, then gets its full day.
    first_attempt_at: Mapped[datetime | None]
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    finished_at: Mapped[datetime | None]

    __table_args__ = (
        # Health and the CLI: counts by status, the most overdue job of any kind.
        Index("ix_outbox_due", "status", "next_attempt_at"),
        # The claim: the oldest due jobs of one kind, read in order (no sort), so jobs
        # of kinds that cannot run now are never read (service/outbox_claim.py).
        Index("ix_outbox_claim", "status", "kind", "next_attempt_at", "id"),
    )


class DigestRun(Base):
    """The morning digest of one day (in TIMEZONE). Whichever process inserts the day's row
    first queues the post; a second insert for that day finds the key taken, so a day has
    one digest however many workers run or restart (service/digest.py)."""

    __tablename__ = "digest_runs"

    day: Mapped[date] = mapped_column(primary_key=True)
    # The figures run up to this moment (when the day was claimed); the next digest's
    # "since" is the last posted one's as_of.
    as_of: Mapped[datetime]
    job_id: Mapped[int | None]
    channel: Mapped[str | None] = mapped_column(String(32))
    ts: Mapped[str | None] = mapped_column(String(32))  # the message, once posted
    posted_at: Mapped[datetime | None]
    # The leads it names (the five that waited longest): an erasure rewrites their lines.
    lead_ids: Mapped[list[int] | None] = mapped_column(JSON)


class HomeOpener(Base):
    """A member who opened the app's Home tab: only their Homes are refreshed when their
    leads change (Slack keeps the last view published; nobody else would see one).

    `refresh_queued` makes one pending refresh job a member however many changes come;
    `quiet_until` is when the next publish may go out (HOME_REFRESH_SECONDS after the last).
    Holds a Slack user id and times only: nothing about applicants.
    """

    __tablename__ = "home_openers"

    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]
    quiet_until: Mapped[datetime | None]
    refresh_queued: Mapped[bool] = mapped_column(default=False)
