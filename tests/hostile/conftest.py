"""One running stack for the whole hostile suite, and a watch that proves nothing happened."""

from __future__ import annotations

import contextlib
from dataclasses import replace

import pytest
from sqlalchemy import create_engine

from tests.hostile.stack import (
    CSRF_MAX_AGE,
    SECRET_KEY,
    SETTLE,
    WORKER_POLL_SECONDS,
    HostileStack,
    Snapshot,
)
from tests.support.app_process import AppProcess
from tests.support.polling import stays
from tests.support.slack_emulator import SlackEmulator
from tests.support.smtp import SMTPServer
from tests.support.stack import stack_env
from tests.support.worker_process import WorkerProcess


def hostile_env(slack: SlackEmulator, smtp: SMTPServer) -> dict[str, str]:
    env = stack_env(slack, smtp)  # FORM_RATE_LIMIT is 100000/minute there
    env.update(
        CSRF_MAX_AGE=str(CSRF_MAX_AGE),
        SLACK_POST_INTERVAL="0",
        WORKER_POLL_SECONDS=str(WORKER_POLL_SECONDS),
    )
    assert env["SECRET_KEY"] == SECRET_KEY
    return env


@pytest.fixture(scope="package")
def hostile(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    slack = SlackEmulator().start()
    slack.add_user("U0MEMBER", name="member")
    slack.add_user("U0GUEST", name="guest", is_restricted=True)
    smtp = SMTPServer()
    smtp.start()
    web = AppProcess(tmp, hostile_env(slack, smtp), gunicorn_workers=2)
    worker = WorkerProcess(web)
    engine = create_engine(f"sqlite:///{tmp / 'leads.sqlite3'}")
    try:
        web.start()
        worker.start()
        stack = HostileStack(web=web, workers=[worker], slack=slack, smtp=smtp, db=engine)
        _warm_up(stack)
        yield stack
    finally:
        worker.stop()
        web.stop()
        engine.dispose()
        smtp.stop()
        slack.stop()


def _warm_up(stack: HostileStack) -> None:
    """One real application delivered end to end: the worker is up before any case runs."""
    reply, address = stack.apply(first_name="Warm", last_name="Up")
    assert reply.status == 303, reply.text[:500]
    lead = stack.lead_by_email(address)
    assert lead is not None
    stack.card_for(lead["id"], timeout=30)
    stack.wait(lambda: len(stack.smtp.messages) == 1, "the warm-up confirmation email", 30)
    stack.quiet_snapshot()


class Watch:
    """Taken before a hostile request; `assert_nothing_happened()` once, at the end."""

    def __init__(self, stack: HostileStack) -> None:
        self.stack = stack
        self.before: Snapshot = stack.quiet_snapshot()

    def assert_nothing_happened(self, answers: int = 0) -> None:
        """Nothing stored, queued, emailed or posted; `answers` is how many ephemeral
        answers the test itself received through a response_url."""
        expected = replace(self.before, response_url_posts=self.before.response_url_posts + answers)
        with contextlib.suppress(AssertionError):  # what changed is reported below
            stays(lambda: self.stack.snapshot() == expected, "nothing happening", SETTLE)
        after = self.stack.quiet_snapshot()  # anything queued has been delivered
        assert after == expected, (
            f"something was stored, queued, emailed or posted:\n expected {expected}\n"
            f" after    {after}\n--- web ---\n{self.stack.web.output()[-3000:]}"
        )


@pytest.fixture
def watch(hostile) -> Watch:
    return Watch(hostile)
