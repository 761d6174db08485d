"""A closed-loop load generator: N threads, each with its own keep-alive connection."""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

# One request against a connection: returns the seconds to count, or raises.
Step = Callable[[http.client.HTTPConnection, int, int], float]


@dataclass
class LoadResult:
    concurrency: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def summary(self) -> dict:
        return {
            "concurrency": self.concurrency,
            "count": len(self.latencies),
            "errors": self.errors,
            "per_second": round(self.rate, 1),
            **percentiles(self.latencies),
        }


def percentiles(values: list[float], points=(50, 95, 99)) -> dict:
    """Milliseconds at each percentile (nearest rank)."""
    if not values:
        return {f"p{p}_ms": None for p in points}
    ordered = sorted(values)
    result = {}
    for p in points:
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
        result[f"p{p}_ms"] = round(ordered[index] * 1000, 1)
    result["mean_ms"] = round(statistics.fmean(ordered) * 1000, 1)
    return result


def closed_loop(port: int, step: Step, concurrency: int, duration: float) -> LoadResult:
    """Each thread repeats `step` until `duration` is over; latencies are what it returns."""
    result = LoadResult(concurrency=concurrency, seconds=duration)
    lock = threading.Lock()
    start = threading.Barrier(concurrency + 1)
    deadline = [0.0]

    def client(worker: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        start.wait()
        n = 0
        while time.monotonic() < deadline[0]:
            try:
                seconds = step(connection, worker, n)
                with lock:
                    result.latencies.append(seconds)
            except Exception:
                with lock:
                    result.errors += 1
                connection.close()
            n += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(w,)) for w in range(concurrency)]
    for thread in threads:
        thread.start()
    deadline[0] = time.monotonic() + duration
    started = time.monotonic()
    start.wait()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - started
    return result
