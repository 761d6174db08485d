"""The databases a test runs against: a fresh SQLite file always; PostgreSQL too when
TEST_DATABASE_URL is set, each test in a schema of its own that is dropped afterwards.
Every engine a test connected through is disposed when it ends (tests/conftest.py)."""

from __future__ import annotations

import os
import uuid
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, text

ENV = "TEST_DATABASE_URL"
_connected: weakref.WeakSet[Engine] = weakref.WeakSet()


@event.listens_for(Engine, "engine_connect")
def _remember(connection) -> None:
    _connected.add(connection.engine)


def dispose_connected() -> None:
    """Close the pooled connections of every engine used since the last call. An app a
    test built and dropped keeps its pool until collected, and a PostgreSQL connection
    collected while open warns: in whichever later test the collector happens to run."""
    for engine in list(_connected):
        engine.dispose()
    _connected.clear()


def kinds() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get(ENV) else ["sqlite"]


@contextmanager
def fresh_database(kind: str, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database of `kind`."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'leads.sqlite3'}"
        return
    with postgresql_schema(os.environ[ENV]) as url:
        yield url


@contextmanager
def postgresql_schema(base_url: str) -> Iterator[str]:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            # pg_trgm lives in public, once per database, shared by every test schema.
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        separator = "&" if "?" in base_url else "?"
        yield f"{base_url}{separator}options={quote(f'-csearch_path={schema},public')}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
