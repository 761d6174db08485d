"""A second transaction, started on a thread of its own while a first one is still open.

It tells the test when it has finished or is waiting for the first one, so the test can
commit the first at exactly that moment, without sleeping:

    contender = Contender(app, lambda session: change_state(session, ...))
    with sessions.begin() as session:
        submit_application(session, ...)
        contender.start()
        finished_first = contender.waiting_or_finished()  # True: nothing made it wait
    contender.outcome()  # what the second transaction returned, or its error raised

"Waiting" is what the database says: on PostgreSQL the backend waits for a lock
(pg_stat_activity); SQLite cannot be asked, so there it is the moment the transaction
starts a statement that queues behind another writer (BEGIN IMMEDIATE, or a write).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.orm import Session

from tests.support.polling import until

# SQLite statements that queue behind another transaction's writes.
QUEUES = re.compile(r"^\s*(BEGIN IMMEDIATE|INSERT|UPDATE|DELETE)\b", re.I)
TIMEOUT = 10.0


class Contender:
    def __init__(self, app, work: Callable[[Session], Any]) -> None:
        database = app.extensions["db"]
        self._engine, self._sessions, self._work = database.engine, database.sessions, work
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._queued = threading.Event()  # SQLite: a statement that queues was started
        self._backend: int | None = None  # PostgreSQL: the backend running the transaction
        self._finished = threading.Event()
        self._result: Any = None
        self._error: BaseException | None = None

    def start(self) -> None:
        event.listen(self._engine, "before_cursor_execute", self._before_statement)
        self._thread.start()

    def waiting_or_finished(self) -> bool:
        """Wait until the transaction finished or is about to wait; return whether it
        finished (the first transaction did not hold it back)."""
        until(
            lambda: self._finished.is_set() or self._waiting(),
            "the second transaction finishing or queueing",
            TIMEOUT,
        )
        return self._finished.is_set()

    def outcome(self) -> Any:
        self._thread.join(TIMEOUT)
        event.remove(self._engine, "before_cursor_execute", self._before_statement)
        assert self._finished.is_set(), "the second transaction never finished"
        if self._error is not None:
            raise self._error
        return self._result

    def _waiting(self) -> bool:
        if self._engine.dialect.name != "postgresql":
            return self._queued.is_set()
        if self._backend is None:
            return False
        query = text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :pid")
        with self._engine.connect() as connection:
            return connection.scalar(query, {"pid": self._backend}) == "Lock"

    def _before_statement(self, _connection, _cursor, statement: str, *_args) -> None:
        if threading.get_ident() == self._thread.ident and QUEUES.search(statement):
            self._queued.set()

    def _run(self) -> None:
        try:
            with self._sessions.begin() as session:
                if self._engine.dialect.name == "postgresql":
                    self._backend = session.scalar(text("SELECT pg_backend_pid()"))
                self._result = self._work(session)
        except BaseException as error:  # handed to the test by outcome()
            self._error = error
        finally:
            self._finished.set()
