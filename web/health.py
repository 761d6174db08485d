"""GET /healthz: database reachability and the outbox backlog, as JSON."""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify
from sqlalchemy.exc import SQLAlchemyError

from db import get_db
from db.models import JobStatus
from service import outbox_admin

log = logging.getLogger("leads.health")
bp = Blueprint("health", __name__)
REPORTED = (JobStatus.PENDING, JobStatus.RUNNING, JobStatus.FAILED)


@bp.get("/healthz")
def healthz():
    try:
        with get_db().reads() as session:
            counts = outbox_admin.status_counts(session, REPORTED)
            oldest = outbox_admin.oldest_due_age(session)
    except SQLAlchemyError as exc:
        log.warning("health check: database unreachable: %s", type(exc).__name__)
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(
        status="ok",
        database="ok",
        outbox={status: counts.get(status, 0) for status in REPORTED},
        oldest_due_seconds=None if oldest is None else round(oldest, 1),
    )
