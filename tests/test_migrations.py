"""The migrations build exactly the schema the models describe."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from db.models import Base

# Created by a PostgreSQL-only migration for search; the models stay portable.
DIALECT_ONLY_INDEXES = {"ix_leads_search_trgm"}


def _include(obj, name, type_, reflected, compare_to) -> bool:
    return not (type_ == "index" and name in DIALECT_ONLY_INDEXES)


def test_migrations_match_the_models(app):
    with app.extensions["db"].engine.connect() as connection:
        opts = {"compare_type": False, "include_object": _include}
        context = MigrationContext.configure(connection, opts=opts)
        assert compare_metadata(context, Base.metadata) == []


def sqlite_only(app) -> None:
    if app.extensions["db"].engine.dialect.name != "sqlite":
        pytest.skip("SQLite tuning")


def test_sqlite_is_tuned_for_durability(app):
    sqlite_only(app)
    with app.extensions["db"].engine.connect() as connection:
        pragma = connection.exec_driver_sql
        assert pragma("PRAGMA journal_mode").scalar() == "wal"
        assert pragma("PRAGMA synchronous").scalar() == 2  # FULL
        assert pragma("PRAGMA foreign_keys").scalar() == 1
        assert pragma("PRAGMA busy_timeout").scalar() == 30000


def test_readers_do_not_queue_behind_a_writer(app):
    """A reader that queued behind the writer would wait for it in vain (this very thread
    holds it) and fail after the 30 s busy timeout: no clock is needed to tell."""
    sqlite_only(app)
    from sqlalchemy import text

    database = app.extensions["db"]
    with database.sessions.begin() as writer:
        writer.execute(
            text(
                "INSERT INTO lead_events (lead_id, kind, created_at) "
                "SELECT 1, 'x', '2026-01-01' WHERE 0"
            )
        )  # holds the write lock
        with database.reads() as reader:
            assert reader.execute(text("SELECT count(*) FROM leads")).scalar() == 0
