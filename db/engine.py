"""Engines and sessions: SQLite tuned for durability and concurrency, anything else as given."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

# A lead the prospect was thanked for must survive a power cut: with WAL, FULL syncs the
# log on every commit (NORMAL may lose the last commits). A writer waits up to 30 s for
# another instead of failing at once.
READ_ONLY = "leads_read_only"
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=30000",
    # Erased applicants' bytes are overwritten with zeros, not left in free pages.
    "PRAGMA secure_delete=ON",
)


def make_engine(url: str) -> Engine:
    # hide_parameters: error messages must not quote the values (applicants' names and
    # addresses), since they end up in logs and in stored job errors.
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, hide_parameters=True)
        _tune_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        # Writers take the write lock up front: a deferred transaction that reads and then
        # writes fails with SQLITE_BUSY (no waiting) if another writer committed in between.
        # Sessions from `Database.reads` never write, so they need not queue behind writers.
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN DEFERRED" if read_only else "BEGIN IMMEDIATE")


def make_session_factory(engine: Engine, read_only: bool = False) -> sessionmaker[Session]:
    if read_only:
        engine = engine.execution_options(**{READ_ONLY: True})
    return sessionmaker(engine, expire_on_commit=False)


def checkpoint(engine: Engine) -> None:
    """SQLite: copy the WAL into the database file and empty it, so rows overwritten by an
    erasure leave no older copy in the log. Other databases: nothing to do here."""
    if engine.dialect.name != "sqlite":
        return
    # Outside any transaction (a checkpoint cannot run in one): the raw connection is in
    # autocommit mode (see _on_connect). Busy readers may keep some frames; busy_timeout
    # lets the checkpoint wait for them.
    connection = engine.raw_connection()
    try:
        connection.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    finally:
        connection.close()
