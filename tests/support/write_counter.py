"""Counting the committed transactions that wrote, at the engine (the outbox tests and
bench/delivery.py): on SQLite with synchronous=FULL each is one fsync of the WAL."""

from __future__ import annotations

from sqlalchemy import event


class WriteCounter:
    """`writes`: committed transactions that ran an INSERT, UPDATE or DELETE."""

    def __init__(self, engine) -> None:
        self.writes = 0
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)
        event.listen(engine, "rollback", lambda conn: conn.info.pop("counted_write", None))

    def _statement(self, conn, cursor, statement, *args) -> None:
        if statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            conn.info["counted_write"] = True

    def _commit(self, conn) -> None:
        if conn.info.pop("counted_write", None):
            self.writes += 1
