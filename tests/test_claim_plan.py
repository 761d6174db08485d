"""The claim reads the index that matches it: with 5,000 cards nobody can post (Slack
not configured) waiting, each of its queries is an index search, with no sort; and the
jobs of kinds that cannot run are not read at all. On SQLite (EXPLAIN QUERY PLAN) and
PostgreSQL (EXPLAIN), on the statements a real claim sends."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event, insert, text

from db.models import JobStatus, OutboxJob
from db.types import utcnow
from service import jobs, outbox

WAITING = 5000
EMAILS = [jobs.EMAIL_CONFIRMATION, jobs.EMAIL_ATTORNEY, jobs.EMAIL_ALERT]


def seed(app) -> None:
    old, now = utcnow() - timedelta(hours=1), utcnow()

    def row(kind, at):
        fields = {"status": JobStatus.PENDING, "attempts": 0, "payload": {}}
        return {"kind": kind, "next_attempt_at": at, "created_at": at, "updated_at": at, **fields}

    rows = [row(jobs.SLACK_CARD, old)] * WAITING  # older than every email: first in time
    rows += [row(jobs.EMAIL_CONFIRMATION, now)] * 30
    with app.extensions["db"].sessions.begin() as session:
        session.execute(insert(OutboxJob.__table__), rows)
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("ANALYZE outbox_jobs"))


def claim_statements(app) -> tuple[list[OutboxJob], list[tuple[str, object]]]:
    seen: list[tuple[str, object]] = []
    engine = app.extensions["db"].engine

    def capture(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        with app.extensions["db"].sessions.begin() as session:
            claimed = outbox.claim_batch(
                session, worker_id="w", kinds=EMAILS, lease=timedelta(seconds=60)
            )
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    return claimed, seen


def plan(app, statement: str, parameters) -> str:
    engine = app.extensions["db"].engine
    explain = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(explain + statement, parameters).all()
    return "\n".join(str(row[-1]) for row in rows)


def test_the_claim_searches_its_index_without_sorting(app):
    seed(app)
    claimed, statements = claim_statements(app)
    assert [job.kind for job in claimed] == [jobs.EMAIL_CONFIRMATION] * outbox.BATCH_SIZE
    candidates = [(s, p) for s, p in statements if "LIMIT" in s.upper()]
    assert len(candidates) == len(EMAILS) + 1  # one per kind, one for expired leases
    for statement, parameters in candidates:
        shown = plan(app, statement, parameters)
        assert "ix_outbox_claim" in shown, shown
        assert "TEMP B-TREE" not in shown.upper() and "Sort" not in shown, shown
        assert "SCAN" not in shown and "Seq Scan" not in shown, shown
    # Nothing asked for the 5,000 cards: no statement names their kind.
    assert not any(jobs.SLACK_CARD in str(p) for _, p in statements)
