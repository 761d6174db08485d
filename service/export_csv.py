"""The firm's own reporting: one CSV row per lead (`flask leads export --csv FILE`).

Columns: id, names, email, state, owner (a Slack user id), applied, claimed (when the
current owner took it), first contact (the first move to reached out), how many notes,
and when it was erased. No resume bytes, no note text. An erased lead is its tombstone
("(erased)", no real address) and its `erased` date: its state is the one it had, so
without the date a report would count it among the pending leads. Read in one pass
with the first contacts and note counts joined in.

Names and addresses are typed by prospects, and a spreadsheet runs a cell that starts
with `=`, `+`, `-` or `@` as a formula (CSV injection): such a cell gets a leading `'`,
which spreadsheets show as text.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime
from typing import TextIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Lead, LeadEvent, LeadNote, LeadState

COLUMNS = (
    "id",
    "first_name",
    "last_name",
    "email",
    "state",
    "owner",
    "applied",
    "claimed",
    "first_contact",
    "notes",
    "erased",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ROWS_PER_FETCH = 1000


def neutralise(value) -> str | int:
    """A cell as text a spreadsheet will not run; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, int):
        return value
    text = value.isoformat() if isinstance(value, datetime) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def lead_rows(session: Session) -> Iterator[tuple]:
    contacted = (
        select(LeadEvent.lead_id, func.min(LeadEvent.created_at).label("at"))
        .where(LeadEvent.kind == "state_changed", LeadEvent.to_state == LeadState.REACHED_OUT)
        .group_by(LeadEvent.lead_id)
        .subquery()
    )
    notes = (
        select(LeadNote.lead_id, func.count().label("count")).group_by(LeadNote.lead_id).subquery()
    )
    query = (
        select(
            Lead.id,
            Lead.first_name,
            Lead.last_name,
            Lead.email,
            Lead.state,
            Lead.owner_id,
            Lead.created_at,
            Lead.claimed_at,
            contacted.c.at,
            func.coalesce(notes.c.count, 0),
            Lead.erased_at,
        )
        .outerjoin(contacted, contacted.c.lead_id == Lead.id)
        .outerjoin(notes, notes.c.lead_id == Lead.id)
        .order_by(Lead.id)
        .execution_options(yield_per=ROWS_PER_FETCH)
    )
    yield from session.execute(query)


def write_leads_csv(session: Session, out: TextIO) -> int:
    """Write the header and a row per lead to `out`; returns how many leads."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for row in lead_rows(session):
        writer.writerow([neutralise(value) for value in row])
        count += 1
    return count
