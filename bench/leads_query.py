"""(5) `/leads` over 100,000 leads: the pending page, a search, one lead."""

from __future__ import annotations

import hashlib
import http.client
import json
import time
from datetime import timedelta

from sqlalchemy import create_engine, insert

from bench.load import percentiles
from db.models import Lead, LeadEvent, LeadState, Resume, search_key
from db.types import utcnow
from tests.support.files import pdf_bytes
from tests.support.slack_requests import command_body, signed_headers

SMALL_PDF = pdf_bytes(2048)
BATCH = 5000


def seed(database_url: str, count: int) -> tuple[float, int]:
    """Insert `count` leads (30 % pending), each with a resume and a 'created' event:
    the rows submit_application writes, without the already-delivered notifications.
    Returns the seconds it took and the id of a lead in the middle."""
    engine = create_engine(database_url)
    started = time.monotonic()
    digest = hashlib.sha256(SMALL_PDF).hexdigest()
    base = utcnow() - timedelta(days=3 * 365)
    middle = None
    with engine.begin() as connection:
        for offset in range(0, count, BATCH):
            numbers = range(offset, min(offset + BATCH, count))
            ids = (
                connection.execute(
                    insert(Lead).returning(Lead.id, sort_by_parameter_order=True),
                    [_lead(n, base) for n in numbers],
                )
                .scalars()
                .all()
            )
            connection.execute(insert(Resume), _resumes(ids, numbers, base, digest))
            connection.execute(insert(LeadEvent), _events(ids, numbers, base))
            middle = middle or (ids[len(ids) // 2] if offset >= count // 2 else None)
    if engine.dialect.name == "postgresql":
        # As autovacuum does within a minute of a bulk load: without statistics the
        # planner takes the tables for empty (/leads p95 60 ms instead of 41 on 2026-12-06).
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("ANALYZE")
    engine.dispose()
    return time.monotonic() - started, middle or ids[0]


def _resumes(ids, numbers, base, digest: str) -> list[dict]:
    """One small PDF resume per seeded lead, created with it."""
    return [
        {
            "lead_id": i,
            "filename": "cv.pdf",
            "kind": "pdf",
            "content_type": "application/pdf",
            "size": len(SMALL_PDF),
            "sha256": digest,
            "data": SMALL_PDF,
            "created_at": base + timedelta(minutes=15 * n),
        }
        for i, n in zip(ids, numbers, strict=True)
    ]


def _events(ids, numbers, base) -> list[dict]:
    """The 'created' history row of each seeded lead."""
    return [
        {
            "lead_id": i,
            "kind": "created",
            "to_state": "PENDING",
            "actor": "prospect",
            "created_at": base + timedelta(minutes=15 * n),
        }
        for i, n in zip(ids, numbers, strict=True)
    ]


def _lead(i: int, base) -> dict:  # i: the lead's number in the seed
    created = base + timedelta(minutes=15 * i)
    state = LeadState.PENDING if i % 10 < 3 else LeadState.REACHED_OUT
    return {
        "first_name": f"First{i}",
        "last_name": f"Last{i % 997}",
        "email": f"lead{i}@example.com",
        "email_key": f"lead{i}@example.com",
        "search_text": search_key(f"First{i} Last{i % 997} lead{i}@example.com"),
        "state": state,
        "created_at": created,
        "updated_at": created,
        "state_changed_at": None if state == LeadState.PENDING else created,
        "state_changed_by": None if state == LeadState.PENDING else "U0MEMBER",
    }


def leads_commands(stack, lead_id: int, repeats: int = 100) -> dict:
    """Signed commands from one member. Each process looks the member up once (that
    answer comes through the response_url); the measured requests are answered inline."""
    connection = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=30)
    results = {}
    try:
        for _ in range(20):  # warm every process's membership cache
            _command(stack, connection, "help")
        time.sleep(1.0)
        for label, text in (
            ("/leads", ""),
            ("/leads <search>", "first4242"),
            ("/leads <id>", f"#{lead_id}"),
        ):
            latencies = []
            for _ in range(repeats):
                seconds, answer = _command(stack, connection, text)
                if not json.loads(answer or b"{}").get("blocks"):
                    raise RuntimeError(f"{label} was not answered inline: {answer[:200]!r}")
                latencies.append(seconds)
            results[label] = percentiles(latencies, (50, 95, 99))
    finally:
        connection.close()
    return results


def _command(stack, connection: http.client.HTTPConnection, text: str) -> tuple[float, bytes]:
    body = command_body(text, stack.slack.new_response_url())
    started = time.monotonic()
    connection.request("POST", "/slack/events", body.encode(), signed_headers(body))
    response = connection.getresponse()
    answer = response.read()
    if response.status != 200:
        raise RuntimeError(f"/leads {text} answered {response.status}")
    return time.monotonic() - started, answer
