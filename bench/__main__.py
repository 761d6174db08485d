"""Run every measurement and print the table: `python -m bench [--database-url URL]`.

Then the Home tab's and the morning digest's figures (bench/home_publish.py,
bench/digest.py), each in a process of its own over its own 100,000 seeded leads.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, select

from bench import ceilings, clicks, leads_query, notify, sustained, throughput
from bench.memory import tree_peaks
from bench.report import print_report
from bench.stack import GUNICORN_ARGS, GUNICORN_WORKERS, running_stack
from db.models import Lead

RESULTS = Path(__file__).with_name("results")


def main() -> None:
    args = _arguments()
    results = {
        "machine": machine(),
        "server": {"workers": GUNICORN_WORKERS, "args": list(GUNICORN_ARGS)},
    }
    _measure_load(args, results)
    _measure_deliveries(args, results)
    with running_stack(args.database_url, extra_env=sustained.ENV) as stack:
        results["sustained"] = {
            "with_cards": sustained.ladder(stack, True, seconds=args.step_seconds),
            "emails": sustained.ladder(stack, False, seconds=args.step_seconds),
        }
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(results, indent=2))
    print_report(results)
    print(f"\nwritten to {path}")
    _slack_reports(args)


def _slack_reports(args: argparse.Namespace) -> None:
    """views.publish work per claim and a Home build; the digest's query time."""
    database = ["--database-url", args.database_url] if args.database_url else []
    for module in ("bench.home_publish", "bench.digest"):
        print(f"\n== python -m {module}", flush=True)
        subprocess.run(
            [sys.executable, "-m", module, *database, "--leads", str(args.leads)], check=True
        )


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per load level")
    parser.add_argument("--notify-count", type=int, default=200)
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--step-seconds", type=float, default=sustained.STEP_SECONDS)
    return parser.parse_args()


def _measure_load(args: argparse.Namespace, results: dict) -> None:
    """(1) form and /healthz under load, (2) the bare storage ceiling, memory after load,
    (2b) the minimal Flask app's form and no-op rates and the ratios to them."""
    with running_stack(args.database_url) as stack:
        results["throughput"] = throughput.form_and_health(stack, args.duration)
        results["memory_after_load"] = tree_peaks(stack.web.process.pid)
    results["database"] = (
        "postgresql" if (args.database_url or "").startswith("postgresql") else "sqlite"
    )
    results["storage"] = throughput.storage_ceiling(args.database_url, args.duration)
    form_16 = results["throughput"]["form"][-1]["per_second"]
    results["storage"]["form_vs_storage_at_16"] = round(
        form_16 / results["storage"]["commits_per_second"], 2
    )
    sqlite = results["database"] == "sqlite"
    results["ceilings"] = ceilings.measure(
        args.duration, os.environ.get("BENCH_TMP"), results["storage"] if sqlite else None
    )
    results["ceilings"]["ratios"] = ceilings.ratios(results["throughput"], results["ceilings"])


def _measure_deliveries(args: argparse.Namespace, results: dict) -> None:
    """(3) notification delay, (4) button acknowledgements, (5) /leads over seeded leads."""
    with running_stack(args.database_url) as stack:
        results["notification"] = notify.notification_delay(stack, args.notify_count, 1.05)
        ids = lead_ids(stack)
        results["clicks"] = clicks.click_acknowledgement(stack, ids[:100])
        results["claims"] = clicks.click_acknowledgement(
            stack, ids[100:200], buttons=clicks.CLAIM_BUTTONS
        )
        seconds, sample_id = leads_query.seed(stack.database_url, args.leads)
        results["seed_seconds"] = round(seconds, 1)
        results["leads_command"] = leads_query.leads_commands(stack, sample_id)
        results["memory"] = tree_peaks(stack.web.process.pid)


def lead_ids(stack) -> list[int]:
    engine = create_engine(stack.database_url)
    with engine.connect() as connection:
        ids = list(connection.scalars(select(Lead.id).order_by(Lead.id)))
    engine.dispose()
    return ids


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or "?",
    }


if __name__ == "__main__":
    main()
