"""Small expiring key-value stores for state that decides who may act.

In one process a dict does; with several web processes, `CACHE_URL=redis://…` lets them
share it, so that every process sees the same verdict for the same five minutes and
Slack is asked once rather than once per process.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Protocol

log = logging.getLogger("leads.bot.cache")


class ExpiringStore(Protocol):
    def get(self, key: str) -> str | None: ...

    def set(self, key: str, value: str, ttl: float) -> None: ...


class MemoryStore:
    def __init__(self) -> None:
        self._items: dict[str, tuple[float, str]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            item = self._items.get(key)
        return item[1] if item and item[0] > time.monotonic() else None

    def set(self, key: str, value: str, ttl: float) -> None:
        with self._lock:
            self._items[key] = (time.monotonic() + ttl, value)


class RedisStore:
    def __init__(self, url: str, prefix: str = "leads:") -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=1, decode_responses=True)
        self._prefix = prefix

    # An unreachable cache is a miss, never an error: Slack is asked instead.
    def get(self, key: str) -> str | None:
        try:
            return self._redis.get(self._prefix + key)
        except Exception as exc:  # noqa: BLE001
            log.warning("shared cache unavailable (%s); asking Slack", type(exc).__name__)
            return None

    def set(self, key: str, value: str, ttl: float) -> None:
        try:
            self._redis.set(self._prefix + key, value, px=int(ttl * 1000))
        except Exception as exc:  # noqa: BLE001
            log.warning("shared cache unavailable (%s); not cached", type(exc).__name__)


def make_store(url: str | None) -> ExpiringStore:
    return RedisStore(url) if url else MemoryStore()
