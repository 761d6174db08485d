"""What the emulator remembers: recorded calls, users and channel history.

One re-entrant ``lock`` guards it all (the fault plan shares it) and ``changed`` is notified
whenever a call is recorded, which is what ``wait_for`` waits on.  The Slack methods read and
write ``users`` and ``history`` directly, with ``lock`` held.
"""

from __future__ import annotations

import copy
import threading
import time
from dataclasses import dataclass

FIRST_TS_MICROS = 1_700_000_000 * 1_000_000
TS_STEP_MICROS = 100


@dataclass(frozen=True)
class Call:
    """One request the emulator received."""

    method: str
    params: dict
    headers: dict
    at: float
    path: str = ""


class SlackState:
    """Calls, users and messages by channel, behind one lock."""

    history: dict[str, list[dict]]
    _calls: list[Call]

    def __init__(self):
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.users: dict[str, dict] = {}
        self.triggers: dict[str, float] = {}  # trigger_id -> when issued (-1: used)
        self.views: list[dict] = []  # modals opened, as Slack stored them
        self.homes: dict[str, dict] = {}  # user -> the Home view last published for them
        self.home_history: list[tuple[str, dict]] = []  # every publish, in order
        self._ts_micros = FIRST_TS_MICROS
        self.clear()

    def clear(self, *, keep_messages: bool = False) -> None:
        """Forget the calls; also the messages unless kept."""
        with self.lock:
            self._calls = []
            if not keep_messages:
                self.history = {}

    # -- calls -----------------------------------------------------------------------------

    def record(self, call: Call) -> None:
        with self.changed:
            self._calls.append(call)
            self.changed.notify_all()

    @property
    def calls(self) -> list[Call]:
        with self.lock:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        with self.lock:
            return [call for call in self._calls if call.method == method]

    def wait_for(self, method: str, count: int, timeout: float) -> list[Call]:
        """Wait until at least `count` calls to `method` were recorded; return them all."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                found = [call for call in self._calls if call.method == method]
                remaining = deadline - time.monotonic()
                if len(found) >= count:
                    return found
                if remaining <= 0:
                    seen = [call.method for call in self._calls]
                    raise AssertionError(
                        f"expected {count} call(s) to {method!r} within {timeout}s, "
                        f"got {len(found)}; calls seen: {seen}"
                    )
                self.changed.wait(remaining)

    # -- messages and users ----------------------------------------------------------------

    def next_ts(self) -> str:
        """A fresh message timestamp, later than every earlier one."""
        # Like Slack: the posting time, strictly increasing. Clients bound history
        # searches by time (`oldest`), so a fixed epoch would hide every message.
        self._ts_micros = max(self._ts_micros + TS_STEP_MICROS, time.time_ns() // 1000)
        seconds, micros = divmod(self._ts_micros, 1_000_000)
        return f"{seconds}.{micros:06d}"

    def post(self, channel: str, message: dict) -> dict:
        """Add `message` to `channel`'s history; return a copy of it."""
        with self.lock:
            self.history.setdefault(channel, []).append(message)
            return copy.deepcopy(message)

    def find_message(self, channel: str, ts: object) -> dict | None:
        for message in self.history.get(channel, []):
            if message["ts"] == ts:
                return message
        return None

    def messages(self, channel: str) -> list[dict]:
        with self.lock:
            return copy.deepcopy(self.history.get(channel, []))

    def add_user(self, user_id: str, user: dict) -> dict:
        with self.lock:
            self.users[user_id] = user
        return copy.deepcopy(user)
