"""Moving one module's clock, never the process's: a worker thread, Bolt's pool or a test
server running meanwhile keeps the real time (patching `time.time` itself would move it
for them too)."""

from __future__ import annotations

import time
from types import SimpleNamespace

import itsdangerous.timed


def tokens_later(monkeypatch, seconds: float) -> None:
    """Signed tokens (CSRF, resume links, grants) are checked as if `seconds` had passed:
    itsdangerous reads the time through its own `time` module attribute."""
    real = time.time
    monkeypatch.setattr(itsdangerous.timed, "time", SimpleNamespace(time=lambda: real() + seconds))
