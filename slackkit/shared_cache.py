"""Small expiring key-value stores for state that decides who may act.

In one process a dict does; with several web processes, `CACHE_URL=redis://…` lets them
share it, so that every process sees the same verdict for the same five minutes and
Slack is asked once rather than once per process. `add` (set if absent) is what lets
every process agree that a signed request was already seen (bot/replay.py).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Protocol

log = logging.getLogger("leads.bot.cache")

SWEEP_EVERY = 60.0  # seconds between purges of expired entries in a MemoryStore


class ExpiringStore(Protocol):
    def get(self, key: str) -> str | None: ...

    def set(self, key: str, value: str, ttl: float) -> None: ...

    def add(self, key: str, value: str, ttl: float) -> bool:
        """Set `key` unless it is present; True when this call set it (atomically)."""
        ...


class MemoryStore:
    def __init__(self) -> None:
        self._items: dict[str, tuple[float, str]] = {}
        self._lock = threading.Lock()
        self._swept = time.monotonic()

    def get(self, key: str) -> str | None:
        with self._lock:
            item = self._items.get(key)
        return item[1] if item and item[0] > time.monotonic() else None

    def set(self, key: str, value: str, ttl: float) -> None:
        with self._lock:
            self._items[key] = (time.monotonic() + ttl, value)

    def add(self, key: str, value: str, ttl: float) -> bool:
        now = time.monotonic()
        with self._lock:
            self._sweep(now)
            item = self._items.get(key)
            if item and item[0] > now:
                return False
            self._items[key] = (now + ttl, value)
            return True

    def _sweep(self, now: float) -> None:
        # Keys added once per request would otherwise pile up for the life of the process.
        if now - self._swept < SWEEP_EVERY:
            return
        self._swept = now
        for key in [k for k, (expires, _) in self._items.items() if expires <= now]:
            del self._items[key]


class RedisStore:
    def __init__(self, url: str, prefix: str = "leads:") -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=1, decode_responses=True)
        self._prefix = prefix
        self._local = MemoryStore()  # for `add` while Redis cannot be reached

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

    def add(self, key: str, value: str, ttl: float) -> bool:
        try:
            return bool(self._redis.set(self._prefix + key, value, px=int(ttl * 1000), nx=True))
        except Exception as exc:  # noqa: BLE001
            # Refusing every request while Redis is down would stop the app; this
            # process's memory still catches a repeat sent to the same process.
            log.warning("shared cache unavailable (%s); remembered locally", type(exc).__name__)
            return self._local.add(key, value, ttl)


def make_store(url: str | None) -> ExpiringStore:
    return RedisStore(url) if url else MemoryStore()
