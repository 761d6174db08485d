"""(1) Form submissions against GET /healthz on the same server, and (2) the storage
ceiling: a bare loop committing a lead-sized row at a time (SQLite with our pragmas, or
the PostgreSQL server under test)."""

from __future__ import annotations

import hashlib
import sqlite3
import tempfile
import time
from pathlib import Path

from bench.form_client import RESUME, healthz_step, submission_step
from bench.load import closed_loop
from db.engine import SQLITE_PRAGMAS
from tests.support.databases import postgresql_schema

CONCURRENCY = (1, 4, 16)


def form_and_health(stack, duration: float) -> dict:
    rows = {"form": [], "healthz": []}
    for concurrency in CONCURRENCY:
        step = submission_step(f"c{concurrency}")
        closed_loop(stack.port, step, concurrency, 1.0)  # warm up connections and caches
        rows["form"].append(closed_loop(stack.port, step, concurrency, duration).summary())
        rows["healthz"].append(
            closed_loop(stack.port, healthz_step, concurrency, duration).summary()
        )
    top_form, top_health = rows["form"][-1], rows["healthz"][-1]
    rows["form_vs_healthz_at_16"] = round(top_form["per_second"] / top_health["per_second"], 2)
    return rows


def storage_ceiling(database_url: str | None, duration: float) -> dict:
    """Commits/s of the database under test, written to bare (no app, one connection)."""
    if database_url and database_url.startswith("postgresql"):
        return postgresql_ceiling(database_url, duration)
    return sqlite_ceiling(duration)


def postgresql_ceiling(database_url: str, duration: float) -> dict:
    import psycopg
    from sqlalchemy.engine import make_url

    with postgresql_schema(database_url) as url:
        parsed = make_url(url).set(drivername="postgresql")
        conninfo = parsed.render_as_string(hide_password=False)
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(
                "CREATE TABLE leads (id bigserial PRIMARY KEY, first_name text, last_name text,"
                " email text, state text, created_at timestamptz)"
            )
            connection.execute(
                "CREATE TABLE resumes (id bigserial PRIMARY KEY, lead_id bigint, sha256 text,"
                " data bytea)"
            )
            digest = hashlib.sha256(RESUME).hexdigest()
            commits, started = 0, time.monotonic()
            while time.monotonic() - started < duration:
                with connection.transaction():
                    lead_id = connection.execute(
                        "INSERT INTO leads (first_name, last_name, email, state, created_at) "
                        "VALUES ('Bench', 'Mark', %s, 'PENDING', now()) RETURNING id",
                        (f"{commits}@x.example",),
                    ).fetchone()[0]
                    connection.execute(
                        "INSERT INTO resumes (lead_id, sha256, data) VALUES (%s, %s, %s)",
                        (lead_id, digest, RESUME),
                    )
                commits += 1
            elapsed = time.monotonic() - started
    return {"commits_per_second": round(commits / elapsed, 1), "commits": commits}


def sqlite_ceiling(duration: float, directory: str | None = None) -> dict:
    """Commits per second of one connection inserting a lead and a 100 KB resume each time."""
    with tempfile.TemporaryDirectory(dir=directory) as tmp:
        connection = sqlite3.connect(Path(tmp) / "ceiling.sqlite3", isolation_level=None)
        for pragma in SQLITE_PRAGMAS:
            connection.execute(pragma)
        connection.execute(
            "CREATE TABLE leads (id INTEGER PRIMARY KEY, first_name TEXT, "
            "last_name TEXT, email TEXT, state TEXT, created_at TEXT)"
        )
        connection.execute(
            "CREATE TABLE resumes (id INTEGER PRIMARY KEY, lead_id INTEGER, sha256 TEXT, data BLOB)"
        )
        digest = hashlib.sha256(RESUME).hexdigest()
        commits, started = 0, time.monotonic()
        while time.monotonic() - started < duration:
            connection.execute("BEGIN IMMEDIATE")
            cursor = connection.execute(
                "INSERT INTO leads (first_name, last_name, email, state, created_at) "
                "VALUES ('Bench', 'Mark', ?, 'PENDING', datetime('now'))",
                (f"{commits}@x.example",),
            )
            connection.execute(
                "INSERT INTO resumes (lead_id, sha256, data) VALUES (?, ?, ?)",
                (cursor.lastrowid, digest, RESUME),
            )
            connection.execute("COMMIT")
            commits += 1
        elapsed = time.monotonic() - started
        connection.close()
    return {"commits_per_second": round(commits / elapsed, 1), "commits": commits}
