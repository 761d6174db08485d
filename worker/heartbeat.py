"""Keep a running job's lease alive while its handler works.

The lease is short so that a job whose worker died comes back within seconds. A live
worker renews it every third of its length, so however long a Slack or SMTP call takes,
no other worker may take the job meanwhile.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

log = logging.getLogger("leads.worker")


@contextmanager
def heartbeat(renew: Callable[[], int], every: float) -> Iterator[None]:
    """Call `renew()` every `every` seconds until the block ends."""
    done = threading.Event()

    def beat() -> None:
        while not done.wait(every):
            try:
                renew()
            except Exception:  # a missed beat is survivable; the next one may land
                log.warning("could not renew the lease of the job in hand", exc_info=True)

    thread = threading.Thread(target=beat, name="leads-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
