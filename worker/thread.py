"""The delivery worker as a thread of the web process (WORKER_IN_PROCESS), started once
per process: a worker forked from a pre-loaded app starts its own."""

from __future__ import annotations

import atexit
import logging
import os
import threading

log = logging.getLogger("leads.worker")


class InProcessThread:
    """Mixed into worker.runner.Worker: runs its `run_forever` in a daemon thread."""

    _wake: threading.Event
    _stop: threading.Event

    def _init_thread(self) -> None:
        self._thread: threading.Thread | None = None
        self._thread_pid: int | None = None
        self._start_lock = threading.Lock()

    def ensure_started(self) -> None:
        """Start the background thread in this process if it is not running."""
        if self._thread_pid == os.getpid() and self._thread and self._thread.is_alive():
            return
        with self._start_lock:
            if self._thread_pid == os.getpid() and self._thread and self._thread.is_alive():
                return
            self._stop.clear()
            self._thread = threading.Thread(
                target=self.run_forever, name="leads-worker", daemon=True
            )
            self._thread_pid = os.getpid()
            self._thread.start()
            # On a clean exit (gunicorn's SIGTERM, Ctrl-C) let the job in hand finish.
            atexit.register(self.stop)
            log.info("delivery worker thread started (%s)", self.worker_id)

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 15.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread and self._thread_pid == os.getpid():
            self._thread.join(timeout)
