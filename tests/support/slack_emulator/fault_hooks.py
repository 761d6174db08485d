"""The fault-injection half of SlackEmulator's test-facing API (a mixin over its FaultPlan).

A fault with ``method=None`` applies to every request, response URLs included.  One-shot
faults are consumed in the order they were planned.
"""

from __future__ import annotations

from .faults import Fault, FaultPlan


class FaultHooks:
    _faults: FaultPlan

    def fail_next(
        self, method: str | None, status: int = 500, times: int = 1, body: dict | str | None = None
    ) -> None:
        """Answer the next `times` calls with HTTP `status` (JSON error body by default)."""
        self._faults.plan(Fault("status", method, times, status=status, body=body))

    def rate_limit_next(self, method: str | None, retry_after: int = 1, times: int = 1) -> None:
        """Answer the next `times` calls with 429, Retry-After and error "ratelimited"."""
        self._faults.plan(Fault("ratelimit", method, times, retry_after=retry_after))

    def error_next(
        self, method: str | None, error: str = "channel_not_found", times: int = 1
    ) -> None:
        """Answer the next `times` calls with 200 {"ok": false, "error": error}."""
        self._faults.plan(Fault("error", method, times, error=error))

    def accept_then_hang(self, method: str | None, seconds: float) -> None:
        """Act on the next call for real, then wait `seconds` before answering it."""
        self._faults.plan(Fault("hang", method, 1, seconds=seconds))

    def hang_then_fail(self, method: str | None, seconds: float, status: int = 503) -> None:
        """Hold the next call `seconds` without acting on it, then answer HTTP `status`:
        a request that never reached Slack, from the client's side of the wire."""
        self._faults.plan(Fault("status", method, 1, status=status, seconds=seconds))

    def slow(self, method: str | None, seconds: float) -> None:
        """Delay every answer (before acting) until reset(); 0 removes the delay."""
        self._faults.slow(method, seconds)

    def fail_for(self, method: str | None, seconds: float, status: int = 500) -> None:
        """Answer HTTP `status` to every call arriving during the next `seconds`."""
        self._faults.fail_for(method, seconds, status)
