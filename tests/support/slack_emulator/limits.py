"""Per-method rate limits that a test switches on: ``emu.limit("users.info", per_minute=3)``.

Slack counts calls per method per workspace in one-minute windows and answers a call
over the limit with HTTP 429, a ``Retry-After`` header (seconds) and
``{"ok": false, "error": "ratelimited"}`` (docs.slack.dev/apis/web-api/rate-limits).  Here
the window slides: a call is refused while `per_minute` calls were accepted in the last
60 s, and Retry-After says when the oldest of them leaves the window.  Refused calls are
not counted.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque

WINDOW_SECONDS = 60.0


class RateLimits:
    def __init__(self, lock: threading.RLock):
        self._lock = lock
        self._per_minute: dict[str, int] = {}
        self._accepted: dict[str, deque[float]] = {}

    def set(self, method: str, per_minute: int | None) -> None:
        """Limit `method` to `per_minute` calls a minute; None lifts the limit."""
        if per_minute is not None and per_minute < 0:
            raise ValueError("per_minute must be at least 0")
        with self._lock:
            self._accepted.pop(method, None)
            if per_minute is None:
                self._per_minute.pop(method, None)
            else:
                self._per_minute[method] = per_minute

    def clear(self) -> None:
        with self._lock:
            self._per_minute.clear()
            self._accepted.clear()

    def retry_after(self, method: str) -> int | None:
        """Seconds to wait if this call is over the limit; else count it and return None."""
        with self._lock:
            limit = self._per_minute.get(method)
            if limit is None:
                return None
            now = time.monotonic()
            accepted = self._accepted.setdefault(method, deque())
            while accepted and accepted[0] <= now - WINDOW_SECONDS:
                accepted.popleft()
            if len(accepted) < limit:
                accepted.append(now)
                return None
            oldest = accepted[0] if accepted else now
            return max(1, math.ceil(oldest + WINDOW_SECONDS - now))
