"""Where the CPU goes: `python -m bench.profile {form,email} [--count N]`.

In one process, under cProfile, on a fresh SQLite file:
- `form`: N times, GET / and POST / with a 50 KB PDF through Flask's test client (the
  whole request handling, no HTTP server or network);
- `email`: N submissions seeded first (not profiled), then the delivery worker draining
  their 2N emails (confirmation and attorney notice) into a loopback SMTP server, which
  runs in a thread of this process and is not in the profile.

Prints CPU ms per unit, then the functions with the most time of their own and the
profile's time grouped by the file it was spent in (first-party files by name, the rest
by package), which is what the notes on throughput quote.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench.delivery import RESUME, seeded_app
from tests.support.form import post_application
from tests.support.smtp import SMTPServer

ROOT = Path(__file__).resolve().parent.parent


def profile_form(app, count: int) -> cProfile.Profile:
    client = app.test_client()
    post_application(client, email="warm@example.com", resume=(RESUME, "cv.pdf"))
    profiler = cProfile.Profile()
    profiler.enable()
    for n in range(count):
        post_application(client, email=f"p{n}@example.com", resume=(RESUME, "cv.pdf"))
    profiler.disable()
    return profiler


def profile_email(app, count: int, smtp: SMTPServer) -> cProfile.Profile:
    client = app.test_client()
    for n in range(count):
        post_application(client, email=f"e{n}@example.com", resume=(RESUME, "cv.pdf"))
    profiler = cProfile.Profile()
    profiler.enable()
    app.extensions["worker"].drain(limit=10 * count)
    profiler.disable()
    smtp.wait_for(2 * count, timeout=120)
    return profiler


def by_place(stats: pstats.Stats) -> list[tuple[str, float]]:
    """Own time summed per first-party file, or per third-party package."""
    totals: dict[str, float] = defaultdict(float)
    for (filename, _line, _name), (_cc, _nc, own, _cum, _callers) in stats.stats.items():
        totals[_place(filename)] += own
    return sorted(totals.items(), key=lambda item: -item[1])


def _place(filename: str) -> str:
    path = Path(filename)
    if path.is_absolute() and ROOT in path.parents and ".venv" not in path.parts:
        return str(path.relative_to(ROOT))
    parts = path.parts
    for marker in ("site-packages", "python3.11"):
        if marker in parts:
            rest = parts[parts.index(marker) + 1 :]
            return f"{marker}/{rest[0]}" if rest else marker
    return filename  # built-ins: "~" and "<...>"


def report(profiler: cProfile.Profile, unit: str, count: int) -> None:
    stats = pstats.Stats(profiler)
    total = stats.total_tt
    print(f"{total * 1000 / count:.1f} ms of CPU per {unit} ({count} {unit}s profiled)\n")
    print("time of its own, grouped by where it was spent:")
    for place, own in by_place(stats)[:18]:
        print(f"  {own / total:6.1%}  {place}")
    print("\nfunctions with the most time of their own:")
    stats.sort_stats("tottime").print_stats(20)
    print("cumulative, first-party:")
    stats.sort_stats("cumulative").print_stats(str(ROOT) + r"/(?!\.venv)", 25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("what", choices=["form", "email"])
    parser.add_argument("--count", type=int, default=300)
    args = parser.parse_args()
    smtp = SMTPServer()
    smtp.start()
    try:
        with tempfile.TemporaryDirectory(prefix="leads-profile-") as tmp:
            url = f"sqlite:///{Path(tmp) / 'leads.sqlite3'}"
            with seeded_app(Path(tmp), url, smtp, 0) as (app, _process):
                started = time.monotonic()
                if args.what == "form":
                    profiler = profile_form(app, args.count)
                    unit = "submission (GET + POST)"
                else:
                    profiler = profile_email(app, args.count, smtp)
                    unit, args.count = "email", 2 * args.count
                print(f"{args.what}: {time.monotonic() - started:.1f} s wall")
                report(profiler, unit, args.count)
    finally:
        smtp.stop()


if __name__ == "__main__":
    main()
