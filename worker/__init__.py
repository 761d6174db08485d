"""Delivery: the worker that runs outbox jobs, and the email jobs it runs.

`worker.init_app(app)` builds the `Worker`, registers the email handlers and the
`flask worker` / `flask outbox` commands, and starts the in-process thread lazily on
the first request (after any fork, so gunicorn's pre-loading stays safe).
"""

from __future__ import annotations

from flask import Flask

from config import current_settings
from worker.errors import PermanentFailure, RetryLater
from worker.runner import Worker

__all__ = ["PermanentFailure", "RetryLater", "Worker", "init_app"]


def init_app(app: Flask) -> Worker:
    from worker import alert_email, email_jobs, pending_sweep, retention, slack
    from worker.cli import outbox_cli, worker_command
    from worker.smtp_connection import connections

    settings = current_settings(app)
    worker = Worker(
        app,
        lease_seconds=settings.outbox_lease_seconds,
        max_age_hours=settings.outbox_max_age_hours,
        poll_seconds=settings.worker_poll_seconds,
        alert_to=settings.attorney_email or None,
    )
    email_jobs.register(worker)
    alert_email.register(worker)
    worker.on_batch_end(connections.end_of_batch)  # the emails of a batch share a connection
    slack.register(app, worker)
    retention.register(app, worker)
    pending_sweep.register(app, worker)
    app.extensions["worker"] = worker
    app.cli.add_command(worker_command)
    app.cli.add_command(outbox_cli)
    if settings.worker_in_process:
        app.before_request(worker.ensure_started)
    return worker
