"""Fault plans: one-shot faults, outage windows and slowness, per method or for all.

A fault with ``method=None`` applies to every request, response URLs included.  One-shot
faults are consumed in the order they were planned: "status" answers an HTTP error,
"ratelimit" a 429 with Retry-After, "error" a 200 Slack error, and "hang" lets the call act
for real but delays its answer.  Outages answer an HTTP status until they end; slowness
delays every answer (before acting) until cleared.
"""

from __future__ import annotations

import copy
import threading
import time
from dataclasses import dataclass

from .answers import Answer, error, status_answer


@dataclass
class Fault:
    """A planned one-shot fault, good for `times` matching calls."""

    kind: str  # "status", "ratelimit", "error" or "hang"
    method: str | None
    times: int
    status: int = 500
    retry_after: int = 1
    error: str = ""
    seconds: float = 0.0
    body: dict | str | None = None


@dataclass
class Outage:
    method: str | None
    until: float
    status: int


class FaultPlan:
    """The faults, outages and slowness planned so far, guarded by the emulator's lock."""

    _faults: list[Fault]
    _outages: list[Outage]
    _slowness: dict[str | None, float]

    def __init__(self, lock: threading.RLock):
        self._lock = lock
        self.clear()

    def clear(self) -> None:
        with self._lock:
            self._faults = []
            self._outages = []
            self._slowness = {}

    def plan(self, fault: Fault) -> None:
        if fault.times < 1:
            raise ValueError("times must be at least 1")
        with self._lock:
            self._faults.append(fault)

    def slow(self, method: str | None, seconds: float) -> None:
        with self._lock:
            if seconds > 0:
                self._slowness[method] = seconds
            else:
                self._slowness.pop(method, None)

    def fail_for(self, method: str | None, seconds: float, status: int) -> None:
        with self._lock:
            self._outages.append(Outage(method, time.monotonic() + seconds, status))

    def take(self, method: str) -> Fault | None:
        """Use up one time of the first fault planned for `method`; return a copy of it."""
        with self._lock:
            for fault in self._faults:
                if fault.method in (None, method):
                    fault.times -= 1
                    if fault.times == 0:
                        self._faults.remove(fault)
                    return copy.copy(fault)
        return None

    def outage_status(self, method: str) -> int | None:
        """The status of an outage covering `method` now, if any."""
        now = time.monotonic()
        with self._lock:
            self._outages = [outage for outage in self._outages if outage.until > now]
            for outage in self._outages:
                if outage.method in (None, method):
                    return outage.status
        return None

    def delay_for(self, method: str) -> float:
        with self._lock:
            return self._slowness.get(method, self._slowness.get(None, 0.0))


def fault_answer(fault: Fault) -> Answer | None:
    """The answer a fault gives instead of acting; None for "hang", which acts first."""
    if fault.kind == "status":
        return status_answer(fault.status, fault.body)
    if fault.kind == "ratelimit":
        headers = {"Retry-After": str(fault.retry_after)}
        return Answer(status=429, body=error("ratelimited"), headers=headers)
    if fault.kind == "error":
        return Answer(body=error(fault.error))
    return None
