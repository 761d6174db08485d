"""When the morning digest is due, and queueing it: a task of the worker's idle loop.

Each idle moment the task reads its clock (injectable: tests set `clock`); once today's
digest is due (service/digest.py: a business day, at or after DIGEST_AT in TIMEZONE) it
claims the day in the database, which queues the post. Whether it won or another process
had, the day is settled for this process: one write a day, nothing before DIGEST_AT.
A process that starts after DIGEST_AT claims the day at once, so a digest missed while the
app was down goes out late that day; the day after, only that day is looked at.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime

from flask import Flask

from config import current_settings
from db.types import utcnow
from service.digest import claim_day, due_day

log = logging.getLogger("leads.worker.digest")


class DigestTask:
    def __init__(self, app: Flask, clock: Callable[[], datetime] = utcnow) -> None:
        settings = current_settings(app)
        self.app = app
        self.clock = clock
        self.digest_at = settings.digest_time
        self.hours = settings.hours
        self._settled: date | None = None  # the last day this process claimed or saw claimed

    def now(self) -> datetime:
        return self.clock()

    def __call__(self) -> int | None:
        """Queue today's digest if it is due and nobody has; returns the job id."""
        now = self.clock()
        day = due_day(self.digest_at, self.hours, now)
        if day is None or day == self._settled:
            return None
        with self.app.extensions["db"].sessions.begin() as session:
            job_id = claim_day(session, day, now)
        self._settled = day
        if job_id is not None:
            log.info("digest of %s queued (job %s)", day, job_id)
            self.app.extensions["worker"].wake()
        return job_id
