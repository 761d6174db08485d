"""The resilience suite's stack: the real processes, started fresh for each test."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import databases
from tests.support.stack import start_stack


@pytest.fixture(params=databases.kinds())
def stack(request, tmp_path: Path):
    """A running stack on each database under test (see tests/support/stack.py)."""
    with databases.fresh_database(request.param, tmp_path) as url:
        marker = request.node.get_closest_marker("stack_env")
        stack = start_stack(tmp_path, request.param, url, **(marker.kwargs if marker else {}))
        try:
            yield stack
        finally:
            stack.stop()
            stack.db.dispose()
            stack.smtp.stop()
            stack.slack.stop()
