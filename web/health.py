"""GET /healthz: database reachability, the outbox backlog and the honeypot count, as JSON."""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify
from sqlalchemy.exc import SQLAlchemyError

from db import get_db
from db.models import JobStatus
from service import counters, outbox_admin

log = logging.getLogger("leads.health")
bp = Blueprint("health", __name__)
REPORTED = (JobStatus.PENDING, JobStatus.RUNNING, JobStatus.FAILED)


@bp.get("/healthz")
def healthz():
    try:
        with get_db().reads() as session:
            counts = outbox_admin.status_counts(session, REPORTED)
            oldest = outbox_admin.oldest_due_age(session)
            caught = counters.read(session, counters.HONEYPOT_CAUGHT)
    except SQLAlchemyError as exc:
        log.warning("health check: database unreachable: %s", type(exc).__name__)
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(
        status="ok",
        database="ok",
        outbox={status: counts.get(status, 0) for status in REPORTED},
        oldest_due_seconds=None if oldest is None else round(oldest, 1),
        # Posts dropped by the honeypot since the database was created, across processes:
        # a sudden rise with a fall in leads would mean real applicants are being caught.
        honeypot_caught=caught,
    )
