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

    def next_post_in(self, channel: str) -> float:
        """Seconds before a post to `channel` could go out (its spacing, or the pause
        after a 429); 0 when it could go now. The worker claims no post before then: it
        would only sleep in `wait`, while other jobs wait behind it."""
        with self._lock:
            return max(0.0, self._next_slot.get(channel, 0.0) - time.monotonic())


# Atomically take the channel's next slot: max(now, stored) and push the stored one on.
_RESERVE = """
local slot = tonumber(redis.call('GET', KEYS[1]) or '0')
local now = tonumber(ARGV[1])
if slot < now then slot = now end
redis.call('SET', KEYS[1], tostring(slot + tonumber(ARGV[2])), 'PX', 600000)
return tostring(slot)
"""


class SharedChannelThrottle(ChannelThrottle):
    """The same spacing for every worker process, through Redis (CACHE_URL).

    Slots are wall-clock times, shared by all processes. If Redis cannot be reached the
    process falls back to spacing its own posts, and Slack's 429 covers the rest.
    """

    def __init__(self, url: str, interval: float = 1.0) -> None:
        import redis

        super().__init__(interval)
        self._redis = redis.Redis.from_url(url, socket_timeout=1, decode_responses=True)
        self._reserve = self._redis.register_script(_RESERVE)

    def wait(self, channel: str) -> float:
        try:
            slot = float(self._reserve(keys=[_key(channel)], args=[time.time(), self.interval]))
        except Exception:  # noqa: BLE001 - fall back to this process's own spacing
            return super().wait(channel)
        delay = slot - time.time()
        if delay > 0:
            time.sleep(delay)
        return max(delay, 0.0)

    def next_post_in(self, channel: str) -> float:
        """The shared next slot, whichever process took the last one or saw the 429."""
        local = super().next_post_in(channel)  # a pause, or posts while Redis was away
        try:
            slot = float(self._redis.get(_key(channel)) or 0)
        except Exception:  # noqa: BLE001 - this process's own view still holds
            return local
        return max(local, slot - time.time())

    def pause(self, channel: str, seconds: float) -> None:
        super().pause(channel, seconds)
        try:  # an empty "post" at now + seconds pushes every later slot past the pause
            self._reserve(keys=[_key(channel)], args=[time.time() + seconds, 0])
        except Exception:  # noqa: BLE001
            return


def _key(channel: str) -> str:
    return f"leads:slack-slot:{channel}"
