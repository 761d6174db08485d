"""Pending uploads: the resume of a submission that failed for another reason, kept so
that the applicant need not choose the file again (db/models/uploads.py).

A pending upload lives LIFETIME at most and is deleted when it is used, when the same
browser keeps another, by the worker's idle sweep once expired, and when a lead with the
same resume is erased. It holds the file and its name only: no name, no address. Caps keep
it from being used as storage: one per browser, PER_CLIENT per client address, and
TOTAL_BYTES for everyone; past a cap the file is simply not kept (the applicant is asked
to choose it again).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, undefer

from db.models import PendingUpload
from db.types import utcnow

# Long enough to correct a field, look up an address or wait out a busy minute; short
# enough that a file nobody comes back for is gone within the hour.
LIFETIME = timedelta(minutes=30)
PER_CLIENT = 5
TOTAL_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Kept:
    id: str
    filename: str
    size: int


def browser_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def keep(
    session: Session,
    *,
    browser_secret: str,
    client_key: str,
    filename: str,
    data: bytes,
    now: datetime | None = None,
) -> Kept | None:
    """Keep `data` for this browser (replacing what it kept before); None past a cap."""
    now = now or utcnow()
    owner = browser_hash(browser_secret)
    session.execute(delete(PendingUpload).where(PendingUpload.browser_hash == owner))
    live = PendingUpload.expires_at > now
    held = select(func.count()).where(live, PendingUpload.client_key == client_key)
    if session.scalar(held) >= PER_CLIENT:
        return None
    total = session.scalar(select(func.coalesce(func.sum(PendingUpload.size), 0)).where(live))
    if total + len(data) > TOTAL_BYTES:
        return None
    row = PendingUpload(
        id=secrets.token_hex(16),
        browser_hash=owner,
        client_key=client_key[:64],
        filename=filename[:200],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        created_at=now,
        expires_at=now + LIFETIME,
    )
    session.add(row)
    session.flush()
    return Kept(id=row.id, filename=row.filename, size=row.size)


def find(
    session: Session, upload_id: str, browser_secret: str, now: datetime | None = None
) -> PendingUpload | None:
    """The live upload `upload_id` if this browser kept it, with its bytes; else None."""
    if not upload_id or not browser_secret:
        return None
    query = (
        select(PendingUpload)
        .where(
            PendingUpload.id == upload_id,
            PendingUpload.browser_hash == browser_hash(browser_secret),
            PendingUpload.expires_at > (now or utcnow()),
        )
        .options(undefer(PendingUpload.data))
    )
    return session.scalar(query)


def discard(session: Session, browser_secret: str) -> None:
    """The browser's application was stored: what it kept goes now, used or not."""
    owner = browser_hash(browser_secret)
    session.execute(delete(PendingUpload).where(PendingUpload.browser_hash == owner))


def sweep(session: Session, now: datetime | None = None) -> int:
    """Delete every expired pending upload; how many went."""
    result = session.execute(
        delete(PendingUpload).where(PendingUpload.expires_at <= (now or utcnow()))
    )
    return result.rowcount or 0


def erase_copies(session: Session, sha256s: list[str]) -> None:
    """Erasure of a lead: a pending copy of any of its resumes goes too."""
    hashes = [value for value in sha256s if value]
    if hashes:
        session.execute(delete(PendingUpload).where(PendingUpload.sha256.in_(hashes)))
