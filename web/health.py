"""GET /healthz: database reachability, the outbox backlog and the honeypot count, as JSON.

A load balancer may ask many times a second, and a backlog makes counting the outbox
dearer: each process answers from a snapshot at most CACHE_SECONDS old, so the database
is asked at most once a second per process however often the check runs. The snapshot
is a few index-served queries (service/outbox_admin.py); a 503 is cached the same way.
"""

from __future__ import annotations

import logging
import threading
import time

from flask import Blueprint, current_app, jsonify
from sqlalchemy.exc import SQLAlchemyError

from db import get_db
from db.models import JobStatus
from service import counters, outbox_admin

log = logging.getLogger("leads.health")
bp = Blueprint("health", __name__)
REPORTED = (JobStatus.PENDING, JobStatus.RUNNING, JobStatus.FAILED)
CACHE_SECONDS = 1.0
UNREACHABLE = ({"status": "error", "database": "unreachable"}, 503)


class Snapshot:
    """This process's last answer and when it was taken."""

    def __init__(self) -> None:
        self.answer: tuple[dict, int] | None = None
        self.taken_at = 0.0
        self.lock = threading.Lock()

    def get(self) -> tuple[dict, int]:
        if self.answer is None or time.monotonic() - self.taken_at >= CACHE_SECONDS:
            with self.lock:  # one request refreshes; the others wait for its answer
                if self.answer is None or time.monotonic() - self.taken_at >= CACHE_SECONDS:
                    self.answer, self.taken_at = _measure(), time.monotonic()
        return self.answer


def _measure() -> tuple[dict, int]:
    try:
        with get_db().reads() as session:
            counts = outbox_admin.status_counts(session, REPORTED)
            oldest = outbox_admin.oldest_due_age(session)
            caught = counters.read(session, counters.HONEYPOT_CAUGHT)
    except SQLAlchemyError as exc:
        log.warning("health check: database unreachable: %s", type(exc).__name__)
        return UNREACHABLE
    body = {
        "status": "ok",
        "database": "ok",
        "outbox": {status: counts.get(status, 0) for status in REPORTED},
        "oldest_due_seconds": None if oldest is None else round(oldest, 1),
        # Posts dropped by the honeypot since the database was created, across processes:
        # a sudden rise with a fall in leads would mean real applicants are being caught.
        "honeypot_caught": caught,
    }
    return body, 200


@bp.get("/healthz")
def healthz():
    extensions = current_app.extensions
    snapshot = extensions.get("health") or extensions.setdefault("health", Snapshot())
    body, status = snapshot.get()
    return jsonify(body), status
