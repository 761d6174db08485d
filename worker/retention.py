"""The daily retention purge, run by whichever worker is idle first each day.

Each worker looks at most every CHECK_SECONDS; `service.retention.purge_once_a_day`
claims the day in the database, so however many workers run, the purge runs once a day
and each expired lead is erased once. RETENTION_DAYS=0 turns it off.
"""

from __future__ import annotations

import logging
import time

from flask import Flask

from config import current_settings
from service.retention import purge_once_a_day

log = logging.getLogger("leads.worker.retention")
CHECK_SECONDS = 600.0


class RetentionTask:
    def __init__(self, app: Flask, check_seconds: float = CHECK_SECONDS) -> None:
        self.app = app
        self.check_seconds = check_seconds
        self._next_check = 0.0  # the first idle moment checks

    def __call__(self) -> None:
        if time.monotonic() < self._next_check:
            return
        self._next_check = time.monotonic() + self.check_seconds
        expired = purge_once_a_day(self.app.extensions["db"], current_settings(self.app))
        if expired:
            ids = ", ".join(str(lead.lead_id) for lead in expired)
            log.info("retention: erased %s lead(s) past RETENTION_DAYS: %s", len(expired), ids)


def register(app: Flask, worker) -> None:
    if current_settings(app).retention_days > 0:
        worker.idle_tasks.append(RetentionTask(app))
