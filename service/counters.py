"""Named running totals shared by every process (table `app_counters`).

One row a name, created on first use. `increment` is a single upsert statement, so two
processes counting at once never lose a count and never race to create the row.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.models import AppCounter
from db.types import utcnow

HONEYPOT_CAUGHT = "honeypot_caught"

# Both dialects spell the upsert INSERT ... ON CONFLICT (name) DO UPDATE.
_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def increment(session: Session, name: str, by: int = 1) -> int:
    """Add `by` to the counter `name` (0 if it does not exist yet); return the new total."""
    dialect = session.get_bind().dialect.name
    try:
        insert = _INSERTS[dialect]
    except KeyError:
        raise NotImplementedError(f"no counter upsert for the {dialect} dialect") from None
    now = utcnow()
    table = AppCounter.__table__
    statement = insert(table).values(name=name, value=by, updated_at=now)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.name],
        set_={"value": table.c.value + by, "updated_at": now},
    ).returning(table.c.value)
    return int(session.execute(statement).scalar_one())


def read(session: Session, name: str) -> int:
    """The counter's total; 0 for a name never counted."""
    value = session.scalar(select(AppCounter.value).where(AppCounter.name == name))
    return int(value or 0)
