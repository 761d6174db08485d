"""Print the benchmark results as a table, with the targets beside the figures."""

from __future__ import annotations


def _row(label: str, value: str, target: str = "") -> None:
    print(f"  {label:<44} {value:<34} {target}")


def print_report(r: dict) -> None:
    print(
        f"\nleads benchmark ({r['database']}) on {r['machine']['cpus']} CPUs, "
        f"Python {r['machine']['python']}; "
        f"gunicorn {r['server']['workers']} workers {' '.join(r['server']['args'])}"
    )
    print("  (the load generator runs on the same cores as the server)")
    _print_load(r)
    _print_responses(r)
    print("\n6. peak RSS per process")
    for phase in ("memory_after_load", "memory"):
        for process in r[phase]:
            _row(f"{phase} pid {process['pid']}", f"{process['peak_rss_mb']} MB", "< 150 MB")
    if "sustained" in r:
        _print_sustained(r["sustained"])


def _print_load(r: dict) -> None:
    """(1) form submissions against /healthz, (2) the storage ceiling."""
    print("\n1. form submissions (GET form + POST 100 KB PDF) vs GET /healthz")
    for form, health in zip(r["throughput"]["form"], r["throughput"]["healthz"], strict=True):
        c = form["concurrency"]
        _row(
            f"form     c={c}",
            f"{form['per_second']}/s p50 {form['p50_ms']} p95 "
            f"{form['p95_ms']} p99 {form['p99_ms']} ms",
            "p99 < 150 ms at c=16",
        )
        _row(
            f"/healthz c={c}",
            f"{health['per_second']}/s p50 {health['p50_ms']} p99 {health['p99_ms']} ms",
        )
    _row("form / healthz at c=16", str(r["throughput"]["form_vs_healthz_at_16"]), ">= 0.5")
    s = r["storage"]
    print(f"\n2. storage ceiling (bare {r['database']}, one commit per lead + 100 KB resume)")
    _row("commits/s", str(s["commits_per_second"]))
    _row("form at c=16 / storage ceiling", str(s["form_vs_storage_at_16"]))
    if "ceilings" in r:
        _print_ceilings(r["ceilings"])


def _print_ceilings(c: dict) -> None:
    """(2b) the minimal Flask app on SQLite, same gunicorn, same client, c=16."""
    form, noop, ratio = c["minimal_form"], c["minimal_noop"], c["ratios"]
    print("\n2b. same-machine ceilings (minimal Flask app + SQLite, same gunicorn, c=16)")
    _row("minimal form (same request, one row)", f"{form['per_second']}/s p99 {form['p99_ms']} ms")
    _row("minimal no-op GET", f"{noop['per_second']}/s p99 {noop['p99_ms']} ms")
    _row("bare SQLite commit loop", f"{c['sqlite']['commits_per_second']} commits/s")
    _row("form c=16 / minimal form", str(ratio["form_vs_minimal_form"]))
    _row("form c=16 / SQLite commit loop", str(ratio["form_vs_sqlite_commits"]))
    _row("/healthz c=16 / minimal no-op", str(ratio["healthz_vs_minimal_noop"]), ">= 0.5 (2x)")


def _print_responses(r: dict) -> None:
    """(3) notification delay, (4) button acknowledgements, (5) /leads answers."""
    n = r["notification"]
    print(f"\n3. notification delay after the 303 ({n['count']} submissions)")
    _row("card", f"p50 {n['card']['p50_ms']} p95 {n['card']['p95_ms']} ms", "p95 < 1000 ms")
    _row("email", f"p50 {n['email']['p50_ms']} p95 {n['email']['p95_ms']} ms", "p95 < 1000 ms")
    c = r["clicks"]
    print(f"\n4. button acknowledgement, Slack answering in {c['slack_delay_ms']:.0f} ms")
    for label, c in (("state", r["clicks"]), ("claim/release", r.get("claims"))):
        if c:
            _row(
                f"{c['count']} {label} clicks {c['statuses']}",
                f"p50 {c['p50_ms']} p99 {c['p99_ms']} max {c['max_ms']} ms",
                "p99 < 100 ms",
            )
    print(f"\n5. /leads over the seeded leads (seeded in {r['seed_seconds']} s)")
    for label, figures in r["leads_command"].items():
        _row(label, f"p50 {figures['p50_ms']} p95 {figures['p95_ms']} ms", "p95 < 50 ms")


def _print_sustained(s: dict) -> None:
    print("\n7. sustained: highest rate with every delivery in time and a flat backlog")
    for label, ladder in (("confirmation, notice and card", s["with_cards"]),
                          ("emails (cards still posted)", s["emails"])):  # fmt: skip
        best = ladder["best"] or {}
        email, card = best.get("email", {}), best.get("card", {})
        _row(label, f"{ladder['sustained_per_second']} submissions/s")
        _row("  email delay", f"p50 {email.get('p50_ms')} p95 {email.get('p95_ms')} "
             f"p99 {email.get('p99_ms')} ms")  # fmt: skip
        if card.get("p50_ms") is not None:
            _row("  card delay", f"p50 {card['p50_ms']} p95 {card['p95_ms']} "
                 f"p99 {card['p99_ms']} ms")  # fmt: skip
        # Counted in a run of its own at the best rate (bench/fsyncs.py).
        _row("  fsyncs per submission", str(ladder.get("fsyncs_per_submission")), "<= 2")
