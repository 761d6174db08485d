"""The morning digest's queries over 100,000 leads with their history:
`python -m bench.digest [--database-url URL] [--leads N] [--repeats N]`.

Seeds a fresh SQLite file (or a fresh schema of the PostgreSQL database named) with leads
over three years, 30 % pending, each with its "created" history row, the others claimed
and reached out after a few hours; a fiftieth of them with a note, and a few failed
deliveries. Then times what the worker reads to build a digest (service/digest_figures.py:
the counts since the previous digest, pending and unclaimed, the five that waited longest,
the medians over 7 and 30 days, failed deliveries) and claiming the day. Prints figures;
nothing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date, timedelta

from sqlalchemy import create_engine, insert
from sqlalchemy.orm import sessionmaker

from bench.lead_rows import is_pending, lead_row
from bench.stack import fresh_database
from db.migrate import upgrade
from db.models import JobStatus, Lead, LeadEvent, LeadNote, LeadState, OutboxJob
from db.types import utcnow
from service.digest import claim_day
from service.digest_figures import digest_figures

BATCH = 5000
SPAN = timedelta(days=3 * 365)


def seed(engine, count: int, now) -> float:
    """Insert `count` leads and their history; returns the seconds it took."""
    started = time.monotonic()
    step = SPAN / count
    with engine.begin() as connection:
        for offset in range(0, count, BATCH):
            numbers = range(offset, min(offset + BATCH, count))
            leads = [_lead(n, now - SPAN + step * n) for n in numbers]
            ids = connection.execute(
                insert(Lead).returning(Lead.id, sort_by_parameter_order=True), leads
            ).scalars()
            events, notes = [], []
            for lead_id, n, lead in zip(ids, numbers, leads, strict=True):
                events += _history(lead_id, n, lead)
                if n % 50 == 0:
                    notes.append({"lead_id": lead_id, "author": "U0MEMBER", "body": "called"})
            connection.execute(insert(LeadEvent), events)
            if notes:
                connection.execute(insert(LeadNote), notes)
        failed = {"kind": "slack.card", "status": JobStatus.FAILED, "payload": {}}
        connection.execute(insert(OutboxJob), [failed] * 3)
    return time.monotonic() - started


def _lead(n: int, created) -> dict:
    return {
        **lead_row(n, created),
        "owner_id": None if is_pending(n) and n % 2 else "U0MEMBER",
        "slack_channel": "C0LEADS",
        "slack_ts": f"{1_700_000_000 + n}.000100",
    }


def _history(lead_id: int, n: int, lead: dict) -> list[dict]:
    """Created; claimed 20 min to 2 h later; reached out 1 to 12 h after arriving."""
    created = lead["created_at"]
    events = [_event(lead_id, "created", created, to_state="PENDING", actor="prospect")]
    if lead["owner_id"]:
        events.append(_event(lead_id, "claimed", created + timedelta(minutes=20 + n % 100)))
    if lead["state"] == LeadState.REACHED_OUT:
        contact = created + timedelta(hours=1 + n % 12)
        events.append(
            _event(lead_id, "state_changed", contact, from_state="PENDING", to_state="REACHED_OUT")
        )
    return events


def _event(lead_id, kind, at, *, from_state=None, to_state=None, actor="U0MEMBER") -> dict:
    # Every row of one executemany names the same columns.
    return {
        "lead_id": lead_id,
        "kind": kind,
        "from_state": from_state,
        "to_state": to_state,
        "actor": actor,
        "created_at": at,
    }


def measure(engine, now, repeats: int) -> dict:
    sessions = sessionmaker(engine)
    timings = []
    for _ in range(repeats):
        with sessions() as session:
            started = time.monotonic()
            figures = digest_figures(session, now - timedelta(days=1), now, now)
            timings.append(time.monotonic() - started)
    with sessions.begin() as session:
        started = time.monotonic()
        claim_day(session, date.today(), now)
        claim = time.monotonic() - started
    return {
        "digest_figures_ms": {
            "p50": round(statistics.median(timings) * 1000, 1),
            "max": round(max(timings) * 1000, 1),
            "runs": repeats,
        },
        "claim_day_ms": round(claim * 1000, 1),
        "figures": {
            "new_leads_last_day": figures.new_leads,
            "pending": figures.pending,
            "unclaimed": figures.unclaimed,
            "contacts_30_days": figures.contact_month.count,
            "median_30_days": str(figures.contact_month.median),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="PostgreSQL as well; default a fresh SQLite file")
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="leads-bench-digest-") as tmp,
        fresh_database(args.database_url, tmp) as url,
    ):
        engine = create_engine(url)
        try:
            upgrade(engine)
            now = utcnow()
            seconds = seed(engine, args.leads, now)
            if engine.dialect.name == "postgresql":  # as autovacuum would have by morning
                with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                    c.exec_driver_sql("ANALYZE")
            result = measure(engine, now, args.repeats)
        finally:
            engine.dispose()
    kind = engine.dialect.name
    print(f"\nthe morning digest over {args.leads:,} leads ({kind}; seeded in {seconds:.1f} s)")
    timing = result["digest_figures_ms"]
    print(
        f"  digest's queries      p50 {timing['p50']} ms, max {timing['max']} ms "
        f"({timing['runs']} runs)"
    )
    print(f"  claiming the day      {result['claim_day_ms']} ms")
    print(f"  what it read          {result['figures']}")


if __name__ == "__main__":
    main()
