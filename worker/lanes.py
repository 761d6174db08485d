"""Which jobs a worker may claim now, and how many of one lane go in a batch.

A lane is the system a job talks to: the prefix of its kind ("email", "slack"). A batch
holds the jobs of one lane only (service/outbox_claim.py), so a batch of emails is never
held up behind a Slack post, nor does a kill -9 find emails delivered long ago still
waiting for a slow post to be settled. A lane may cap its batches (Slack: one post at a
time gains nothing by batching).

A kind may be gated: its gate says in how many seconds its jobs could run (0: now).
Slack's says when the channel's next post may go out (a second's spacing, or the pause
after a 429): until then its posts are not claimed, and the worker does
the other jobs meanwhile instead of sleeping on a post.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger("leads.worker")
Gate = Callable[[], float]  # seconds until the gated jobs could run; 0 when they can


def _opens_in(gate: Gate) -> float:
    """A gate that cannot answer lets its jobs through: they wait in their handler if
    need be, as they did before gates existed."""
    try:
        return max(0.0, float(gate()))
    except Exception:
        log.warning("a worker gate failed; running its jobs anyway", exc_info=True)
        return 0.0


class Lanes:
    def __init__(self) -> None:
        self._gates: dict[str, Gate] = {}
        self.limits: dict[str, int] = {}  # lane -> most jobs in a batch

    def gate(self, kinds: list[str], opens_in: Gate) -> None:
        for kind in kinds:
            self._gates[kind] = opens_in

    def limit(self, lane: str, batch_size: int) -> None:
        self.limits[lane] = batch_size

    def runnable(self, kinds: list[str]) -> list[str]:
        """`kinds` less those whose gate is shut now (each gate asked once)."""
        shut = {gate for gate in set(self._gates.values()) if _opens_in(gate) > 0}
        return [kind for kind in kinds if self._gates.get(kind) not in shut]

    def gated(self, kinds: list[str]) -> list[str]:
        return [kind for kind in kinds if kind in self._gates]

    def soonest_opening(self) -> float | None:
        """Seconds until the first shut gate opens, so an idle worker looks again then."""
        waits = [w for w in map(_opens_in, set(self._gates.values())) if w > 0]
        return min(waits, default=None)
