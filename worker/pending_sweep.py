"""Delete expired pending uploads (service/pending_uploads.py) when the worker is idle.

Every worker looks at most every CHECK_SECONDS; the DELETE is idempotent, so several
workers sweeping at once do no harm. An expired upload is already unusable (the form only
reads live ones): the sweep is what makes its bytes go.
"""

from __future__ import annotations

import logging
import time

from flask import Flask

from service.pending_uploads import sweep

log = logging.getLogger("leads.worker.pending")
CHECK_SECONDS = 60.0


class PendingSweep:
    def __init__(self, app: Flask, check_seconds: float = CHECK_SECONDS) -> None:
        self.app = app
        self.check_seconds = check_seconds
        self._next_check = 0.0

    def __call__(self) -> None:
        if time.monotonic() < self._next_check:
            return
        self._next_check = time.monotonic() + self.check_seconds
        with self.app.extensions["db"].sessions.begin() as session:
            gone = sweep(session)
        if gone:
            log.info("deleted %s expired pending upload(s)", gone)


def register(app: Flask, worker) -> None:
    worker.idle_tasks.append(PendingSweep(app))
