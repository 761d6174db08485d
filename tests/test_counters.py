"""service.counters on both databases: created on first use, one upsert per count, no
count lost when several sessions count at once."""

from __future__ import annotations

import threading

from service import counters


def total(app, name: str) -> int:
    with app.extensions["db"].reads() as session:
        return counters.read(session, name)


def test_a_counter_starts_at_zero_and_adds_up(app):
    sessions = app.extensions["db"].sessions
    assert total(app, "things") == 0
    with sessions.begin() as session:
        assert counters.increment(session, "things") == 1
    with sessions.begin() as session:
        assert counters.increment(session, "things", by=4) == 5
        assert counters.increment(session, "others") == 1
    assert total(app, "things") == 5
    assert total(app, "others") == 1


def test_a_rolled_back_count_is_not_kept(app):
    sessions = app.extensions["db"].sessions
    with sessions.begin() as session:
        counters.increment(session, "things")
    with sessions() as session:
        counters.increment(session, "things")
        session.rollback()
    assert total(app, "things") == 1


def test_concurrent_counts_are_all_kept(app):
    """Sessions racing to create and bump the same row (a read-then-write would lose some)."""
    sessions = app.extensions["db"].sessions
    threads, per_thread = 4, 25
    start = threading.Barrier(threads)
    failures: list[BaseException] = []

    def count() -> None:
        try:
            start.wait()
            for _ in range(per_thread):
                with sessions.begin() as session:
                    counters.increment(session, "raced")
        except BaseException as exc:  # reported below, not lost in the thread
            failures.append(exc)

    workers = [threading.Thread(target=count) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert not failures
    assert total(app, "raced") == threads * per_thread
