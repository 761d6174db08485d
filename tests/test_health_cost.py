"""/healthz costs the database at most a snapshot a second per process, however often it
is asked, with thousands of jobs waiting; and it still answers 503 soon after the
database goes away, and 200 again once it is back."""

from __future__ import annotations

import math
import time

import pytest
from sqlalchemy import event, insert

from db.models import JobStatus, OutboxJob
from db.types import utcnow
from service import jobs
from tests.conftest import migrated_app
from tests.support.polling import until
from web import health

WAITING = 5000
CALLS = 50


def outbox_statements(engine) -> list[str]:
    seen: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def count(conn, cursor, statement, *args) -> None:
        if "outbox_jobs" in statement:
            seen.append(statement)

    return seen


def test_healthz_does_not_query_the_outbox_per_call(app, client):
    now = utcnow()
    row = {"kind": jobs.SLACK_CARD, "status": JobStatus.PENDING, "attempts": 0, "payload": {}}
    with app.extensions["db"].sessions.begin() as session:
        times = {"next_attempt_at": now, "created_at": now, "updated_at": now}
        session.execute(insert(OutboxJob.__table__), [row | times] * WAITING)
    seen = outbox_statements(app.extensions["db"].engine)
    first = client.get("/healthz")
    assert first.json["outbox"]["pending"] == WAITING
    per_snapshot = len(seen)
    assert per_snapshot > 0
    started = time.monotonic()
    for _ in range(CALLS):
        assert client.get("/healthz").json == first.json
    elapsed = time.monotonic() - started
    # A fresh snapshot at most once per CACHE_SECONDS (plus the one a boundary may add).
    snapshots = 1 + math.ceil(elapsed / health.CACHE_SECONDS) + 1
    assert len(seen) <= per_snapshot * snapshots < per_snapshot * (CALLS + 1)


@pytest.fixture
def app_in_folder(config, tmp_path):
    if not config["DATABASE_URL"].startswith("sqlite"):
        pytest.skip("a SQLite file can be taken away; a PostgreSQL server cannot, here")
    (tmp_path / "db").mkdir()
    config["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db' / 'leads.sqlite3'}"
    yield from migrated_app(config)


def test_healthz_503s_soon_after_the_database_goes_away(app_in_folder, tmp_path):
    client = app_in_folder.test_client()
    engine = app_in_folder.extensions["db"].engine
    assert client.get("/healthz").status_code == 200
    (tmp_path / "db").rename(tmp_path / "away")
    engine.dispose()  # as a server restart would break the pooled connections
    until(lambda: client.get("/healthz").status_code == 503, "a 503", timeout=5)
    assert client.get("/healthz").json == {"status": "error", "database": "unreachable"}
    (tmp_path / "away").rename(tmp_path / "db")
    until(lambda: client.get("/healthz").status_code == 200, "a 200 again", timeout=5)
