"""Keep posts to one channel about a second apart (Slack's chat.postMessage limit)."""

from __future__ import annotations

import threading
import time


class ChannelThrottle:
    def __init__(self, interval: float = 1.0) -> None:
        self.interval = interval
        self._next_slot: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, channel: str) -> float:
        """Block until this channel's next slot; returns the seconds waited."""
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot.get(channel, 0.0))
            self._next_slot[channel] = slot + self.interval
        delay = slot - now
        if delay > 0:
            time.sleep(delay)
        return delay

    def pause(self, channel: str, seconds: float) -> None:
        """Slack said "rate limited, retry after N s": no post to this channel before then."""
        with self._lock:
            until = time.monotonic() + seconds
            self._next_slot[channel] = max(self._next_slot.get(channel, 0.0), until)
