"""Pending uploads: a valid resume from a submission that failed for another reason (a
mistyped email, an expired page), kept for a short while so that the applicant need not
choose the file again. Bound to one browser; never linked to a lead (service/pending_uploads.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base
from db.types import utcnow


class PendingUpload(Base):
    __tablename__ = "pending_uploads"

    # Random and unguessable; the form carries it in a hidden field.
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    # SHA-256 of the browser's secret cookie: the row is only usable by that browser, and
    # the database never holds the cookie itself.
    browser_hash: Mapped[str] = mapped_column(String(64), index=True)
    # The rate limit's client (an IPv4 address or an IPv6 /64): the per-client cap.
    client_key: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    size: Mapped[int]
    # Lets erasure of a lead also remove a pending copy of its resume.
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
