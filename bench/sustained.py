"""(7) Sustained delivery: the highest submission rate at which everything keeps up.

Each step submits at a fixed rate (open loop, paced) for STEP_SECONDS, starting from a
drained outbox, then allows GRACE_SECONDS. A step keeps up when every confirmation,
attorney notice and card reached the SMTP server and the Slack emulator by then and the
backlog stayed flat. The same ladder is climbed for the emails alone (cards still go out,
but their Slack-bound pace is not the criterion). `fsyncs` counts fdatasync/fsync calls
in a last run at the best rate (perf: the web processes on SQLite, the server on PostgreSQL).
"""

from __future__ import annotations

import http.client
import itertools
import threading
import time

from sqlalchemy import create_engine, func, select

from bench import fsyncs
from bench.form_client import post_form
from bench.load import percentiles
from bench.notify import _card_delays, _email_delays
from db.models import JobStatus, OutboxJob

RATES = (1, 2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128)
STEP_SECONDS = 15.0
GRACE_SECONDS = 3.0
CLIENTS = 8
ATTORNEY = "partner@example.com"
_STEPS = itertools.count()
ENV = {"ATTORNEY_EMAIL": ATTORNEY}  # the stack this needs: two emails and a card each


def ladder(stack, with_cards: bool, rates=RATES, seconds: float = STEP_SECONDS) -> dict:
    """Climb `rates` until a step does not keep up; then the best rate once more, with its
    fsyncs counted (tracing slows the traced processes, so the ladder itself is not)."""
    steps, best = [], None
    for rate in rates:
        step = _step(stack, rate, seconds, with_cards)
        steps.append(step)
        if not step["kept_up"]:
            break
        best = step
    result = {"steps": steps, "sustained_per_second": best["rate"] if best else 0, "best": best}
    if best:
        traced = _step(stack, best["rate"], seconds, with_cards, count_fsyncs=True)
        result["fsyncs_per_submission"] = traced["fsyncs_per_submission"]
    return result


def _step(stack, rate: float, seconds: float, with_cards: bool, count_fsyncs: bool = False) -> dict:
    engine = create_engine(stack.database_url)
    kinds = "%" if with_cards else "email.%"
    _wait(lambda: _backlog(engine, kinds) == 0, 300)
    mails, cards = len(stack.smtp.arrivals), len(stack.slack.calls_to("chat.postMessage"))
    answered: dict[str, float] = {}
    backlog: list[int] = []
    with fsyncs.counted(stack, count_fsyncs) as synced:
        # Every step its own addresses: a repeated one would only join its pending lead.
        tag = f"{'c' if with_cards else 'e'}{rate}-{next(_STEPS)}"
        _submit(
            stack, rate, seconds, tag, answered, lambda: backlog.append(_backlog(engine, kinds))
        )
    count = len(answered)
    expected_mails, expected_cards = mails + 2 * count, cards + (count if with_cards else 0)

    def delivered() -> bool:
        posted = len(stack.slack.calls_to("chat.postMessage"))
        return len(stack.smtp.arrivals) >= expected_mails and posted >= expected_cards

    _wait(delivered, GRACE_SECONDS)
    half = len(backlog) // 2
    flat = max(backlog[half:], default=0) <= max(backlog[:half], default=0) + rate
    engine.dispose()
    return {
        "rate": rate,
        "submitted": count,
        "kept_up": delivered() and flat,
        "backlog_max": max(backlog, default=0),
        "email": percentiles(_email_delays(stack, answered)),
        "card": percentiles(_card_delays(stack, answered)),
        "fsyncs_per_submission": round(synced[0] / count, 2) if synced and count else None,
    }


def _submit(stack, rate: float, seconds: float, tag: str, answered: dict, sample) -> None:
    started = time.monotonic() + 0.2
    total = int(rate * seconds)
    lock = threading.Lock()

    def client(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=30)
        for n in range(index, total, CLIENTS):
            time.sleep(max(0.0, started + n / rate - time.monotonic()))
            email = f"{tag}-{n}@example.com"
            at = post_form(connection, email)[1]
            with lock:
                answered[email] = at
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        sample()
        time.sleep(0.5)


def _backlog(engine, kinds: str) -> int:
    unfinished = OutboxJob.status.in_([JobStatus.PENDING, JobStatus.RUNNING])
    query = select(func.count()).select_from(OutboxJob).where(unfinished)
    with engine.connect() as connection:
        return connection.scalar(query.where(OutboxJob.kind.like(kinds)))


def _wait(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not condition():
        time.sleep(0.1)


def main() -> None:
    import argparse
    import json

    from bench.stack import running_stack

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--seconds", type=float, default=STEP_SECONDS)
    args = parser.parse_args()
    with running_stack(args.database_url, extra_env=ENV) as stack:
        for with_cards in (True, False):
            result = ladder(stack, with_cards, seconds=args.seconds)
            print("with cards" if with_cards else "emails", json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
