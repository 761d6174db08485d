"""After the acknowledgement, a failure must still reach the user and the log.

Bolt catches what a lazy listener raises and logs one line without a traceback; the
clicker would hear nothing. Work that runs after the ack goes through `answering_errors`.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

log = logging.getLogger("leads.bot")

SORRY = "Something went wrong on our side; nothing was changed. Please try again."


def answering_errors(work: Callable[..., None]) -> Callable[..., None]:
    """Wrap a listener that takes `respond`: log any failure, then tell the user privately."""

    @functools.wraps(work)  # Bolt reads the wrapped function's parameters through this
    def run(**kwargs) -> None:
        try:
            work(**kwargs)
        except Exception:
            body = kwargs.get("body") or {}
            user = (body.get("user") or {}).get("id") or body.get("user_id")
            log.exception("%s failed after the acknowledgement (user=%s)", work.__name__, user)
            try:
                kwargs["respond"](text=SORRY, response_type="ephemeral", replace_original=False)
            except Exception:  # the response_url may be what failed
                log.warning("could not tell user=%s about the failure", user)

    return run
