"""The one logging set-up, for the web app and the worker process alike."""

from __future__ import annotations

import logging

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


def configure_logging() -> None:
    """INFO to stderr, unless somebody (gunicorn, pytest, the operator) configured logging
    already: basicConfig leaves a root logger that has handlers alone, so theirs win."""
    logging.basicConfig(level=logging.INFO, format=FORMAT)
    # Alembic announces every plugin it loads at INFO; that is noise in the app's log.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
