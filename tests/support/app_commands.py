"""The command lines and the environment of the app's processes in end-to-end tests:
`flask --app web ...`, the server (`flask run`, or gunicorn with workers), and an
environment that a developer's shell cannot change (tests/support/app_process.py runs
them; tests/support/worker_process.py runs the worker beside it)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from config.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[2]


def flask_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "flask", "--app", "web", *args]


def server_command(
    port: int, gunicorn_workers: int | None, gunicorn_args: tuple[str, ...]
) -> list[str]:
    """`flask run` on `port`, or gunicorn with `gunicorn_workers` workers when given."""
    if not gunicorn_workers:
        return flask_command("run", "--host", "127.0.0.1", "--port", str(port), "--no-reload")
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "web:create_app()",
        "--workers",
        str(gunicorn_workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--graceful-timeout",
        "10",
        *(gunicorn_args or ("--access-logfile", "-")),
    ]


def app_environment(tmp: Path, leads_env: str, extra: dict[str, str]) -> dict[str, str]:
    """The inherited environment without the app's own settings variables, then a SQLite
    database and the instance folder under `tmp`, then `extra`."""
    settings_names = {name.upper() for name in Settings.model_fields}
    env = {key: value for key, value in os.environ.items() if key.upper() not in settings_names}
    env.update(
        LEADS_ENV=leads_env,
        INSTANCE_PATH=str(tmp),
        DATABASE_URL=f"sqlite:///{tmp / 'leads.sqlite3'}",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env
