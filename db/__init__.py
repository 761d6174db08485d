"""Storage: the schema, the engine and sessions, and migrations.

`db.init_app(app)` builds the engine from the settings, puts a `Database` in
`app.extensions["db"]` and registers `flask db upgrade`.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from config import current_settings
from db.engine import make_engine, make_session_factory


@dataclass
class Database:
    engine: Engine
    sessions: sessionmaker[Session]  # for work that writes
    reads: sessionmaker[Session]  # for work that only reads


def init_app(app: Flask) -> Database:
    from db.cli import db_cli

    settings = current_settings(app)
    engine = make_engine(settings.database_url)
    database = Database(
        engine=engine,
        sessions=make_session_factory(engine),
        reads=make_session_factory(engine, read_only=True),
    )
    app.extensions["db"] = database
    app.cli.add_command(db_cli)
    return database


def get_db() -> Database:
    return current_app.extensions["db"]
