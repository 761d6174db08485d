"""Waiting for something to happen, and giving something time to happen that must not."""

from __future__ import annotations

import time
from collections.abc import Callable

# Work the app does after an acknowledgement takes milliseconds here; a defence that
# failed would show well within this.
SETTLE_SECONDS = 1.5


def until(condition: Callable[[], bool], what: str, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout} s")
        time.sleep(0.02)


def stays(condition: Callable[[], bool], what: str, seconds: float = SETTLE_SECONDS) -> None:
    """Poll `condition` for `seconds`; fail as soon as it stops holding."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert condition(), f"{what} stopped holding"
        time.sleep(0.02)
    assert condition(), f"{what} stopped holding"
