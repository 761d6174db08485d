"""How a job handler says what happened when it did not succeed."""

from __future__ import annotations

from datetime import timedelta


class RetryLater(Exception):
    """A passing failure: try again after `delay`, or after the usual backoff."""

    def __init__(self, message: str, delay: timedelta | None = None) -> None:
        super().__init__(message)
        self.delay = delay


class PermanentFailure(Exception):
    """Retrying cannot help (bad address, missing channel...): fail the job now."""
