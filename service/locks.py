"""One address, one decision at a time.

A submission decides "join the pending lead, or start a new one"; a button decides
"move this lead between PENDING and REACHED_OUT". Both read and write the same address's
leads, so on PostgreSQL they take a transaction-scoped advisory lock on the address:
otherwise a click could land between a submission's read and its write (a new resume on
a lead just marked reached out, or two pending leads for one address). SQLite already
runs one writer at a time (BEGIN IMMEDIATE).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session


def lock_address(session: Session, email_key: str) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(func.hashtext(email_key))))
