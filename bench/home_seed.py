"""100,000 leads for the Home tab's measurements: 30 % pending, a member's own among
them, the rest unclaimed or reached out, one every 15 minutes over three years, with the
history rows `service.stats` reads (created; reached out)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import create_engine, insert

from bench.lead_rows import is_pending, lead_row
from db.models import Lead, LeadEvent
from db.types import utcnow

BATCH = 5000
MEMBER = "U0MEMBER"
OWNED_EVERY = 500  # one pending lead in this many is the member's


def seed(database_url: str, count: int) -> None:
    engine = create_engine(database_url)
    base = utcnow() - timedelta(minutes=15 * count)
    with engine.begin() as connection:
        for offset in range(0, count, BATCH):
            numbers = list(range(offset, min(offset + BATCH, count)))
            ids = connection.scalars(
                insert(Lead).returning(Lead.id, sort_by_parameter_order=True),
                [_lead(n, base) for n in numbers],
            ).all()
            connection.execute(insert(LeadEvent), _events(ids, numbers, base))
    engine.dispose()


def _lead(n: int, base) -> dict:
    created = base + timedelta(minutes=15 * n)
    pending = is_pending(n)
    owner = MEMBER if pending and n % OWNED_EVERY == 0 else None
    return {
        **lead_row(n, created),
        "owner_id": owner if pending else "U0OTHER",
        "claimed_at": created if owner or not pending else None,
        "state_changed_at": None if pending else created + timedelta(hours=2),
        "state_changed_by": None if pending else "U0OTHER",
    }


def _events(ids, numbers, base) -> list[dict]:
    rows = []
    for lead_id, n in zip(ids, numbers, strict=True):
        created = base + timedelta(minutes=15 * n)
        rows.append({"lead_id": lead_id, "kind": "created", "created_at": created})
        if n % 10 >= 3:  # reached out two hours later
            rows.append(
                {
                    "lead_id": lead_id,
                    "kind": "state_changed",
                    "from_state": "PENDING",
                    "to_state": "REACHED_OUT",
                    "actor": "U0OTHER",
                    "created_at": created + timedelta(hours=2),
                }  # fmt: skip
            )
    return rows
