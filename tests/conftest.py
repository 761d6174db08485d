"""Shared fixtures: a fresh app on a fresh database per test (SQLite; PostgreSQL as well
when TEST_DATABASE_URL is set), a loopback SMTP server, and the Slack emulator."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from db.migrate import upgrade
from db.models import Lead, OutboxJob, Resume
from tests.support import databases
from tests.support.smtp import SMTPServer
from web import create_app


@pytest.fixture(autouse=True)
def _dispose_engines():
    """Torn down after every other fixture of the test (see databases.dispose_connected)."""
    yield
    databases.dispose_connected()


@pytest.fixture(params=databases.kinds())
def database_url(request, tmp_path):
    with databases.fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def config(tmp_path, database_url) -> dict:
    return {
        "LEADS_ENV": "testing",
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key",
        "WORKER_IN_PROCESS": False,
        "SMTP_HOST": "",
        "ATTORNEY_EMAIL": "",
        "SLACK_BOT_TOKEN": "",
        "SLACK_SIGNING_SECRET": "",
        "FORM_RATE_LIMIT": "1000/minute",
        # Reminders are off unless a test turns them on (tests/test_reminders.py).
        "REMIND_UNCLAIMED_MINUTES": 0,
        "REMIND_PENDING_MINUTES": 0,
    }


def migrated_app(config: dict):
    """An app on a migrated database; its engine is disposed when the test is done."""
    app = create_app(config)
    upgrade(app.extensions["db"].engine)
    yield app
    app.extensions["db"].engine.dispose()


@pytest.fixture
def app(config):
    yield from migrated_app(config)


@pytest.fixture
def make_app():
    """`make_app(config, migrate=False)`: another app for this test (other settings, a
    second process's view). Each one's engine is disposed when the test is done: a
    PostgreSQL connection left open warns when it is collected, in whatever test."""
    apps = []

    def make(config: dict, migrate: bool = False):
        app = create_app(config)
        apps.append(app)
        if migrate:
            upgrade(app.extensions["db"].engine)
        return app

    yield make
    for app in apps:
        app.extensions["db"].engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def session(app):
    with app.extensions["db"].sessions() as session:
        yield session


@pytest.fixture
def smtp_server():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


# What `count_rows` says of a database nothing was stored in.
NOTHING = {"leads": 0, "resumes": 0, "outbox_jobs": 0}


def count_rows(app) -> dict[str, int]:
    """How many leads, resumes and outbox jobs the database holds."""
    with app.extensions["db"].sessions() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (Lead, Resume, OutboxJob)
        }


@pytest.fixture
def emu():
    """A bare emulator, for the emulator's own tests."""
    from tests.support.slack_emulator import SlackEmulator

    with SlackEmulator() as emulator:
        yield emulator


@pytest.fixture
def slack():
    from tests.support.slack_emulator import SlackEmulator

    with SlackEmulator() as emulator:
        emulator.add_user("U0MEMBER", name="member")
        yield emulator


@pytest.fixture
def elsewhere():
    """A loopback server that is not Slack: it records every request that reaches it."""
    from tests.support.slack_emulator import SlackEmulator

    with SlackEmulator() as server:
        yield server


@pytest.fixture
def redis_url() -> str:
    """The loopback Redis server's database for in-process tests; skipped without one."""
    from tests.support.stack import TEST_REDIS_URL, redis_available

    if not redis_available(TEST_REDIS_URL):
        pytest.skip("no Redis server on 127.0.0.1:6379")
    return TEST_REDIS_URL


@pytest.fixture
def slack_config(config, slack) -> dict:
    from tests.support.slack_requests import CHANNEL, SIGNING_SECRET

    config.update(
        SLACK_BOT_TOKEN=slack.token,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_LEADS_CHANNEL=CHANNEL,
        SLACK_API_URL=slack.api_url,
        PUBLIC_BASE_URL="https://jobs.example.com",
    )
    return config


@pytest.fixture
def slack_app(slack_config):
    yield from migrated_app(slack_config)


@pytest.fixture
def slack_client(slack_app):
    return slack_app.test_client()


@pytest.fixture
def live_worker(slack_app):
    """The delivery thread, as in a real web process: card rewrites follow clicks."""
    worker = slack_app.extensions["worker"]
    worker.ensure_started()
    yield worker
    worker.stop()
