"""The morning digest through the real processes: `flask run` serving the app (its worker
thread) and `flask leads digest [--post]` in processes of their own beside it; at
DIGEST_AT, once, across a restart of the app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from db.models import DigestRun
from tests.support.app_process import AppProcess
from tests.support.http_client import apply
from tests.support.polling import until
from tests.support.slack_requests import CHANNEL
from tests.support.worker_process import WorkerProcess
from tests.test_app_process_slack import slack_env
from tests.test_digest_schedule import digests

pytestmark = pytest.mark.process


def flask_leads(app: AppProcess, *args: str) -> tuple[int, str]:
    """Run `flask --app web leads ARGS` beside the app; its exit code and output."""
    command = WorkerProcess(app, f"leads-{args[0]}", ("leads", *args))
    command.start()
    return command.wait(60), command.output()


def test_leads_digest_post_through_the_real_process(tmp_path: Path, slack):
    with AppProcess(tmp_path, slack_env(slack)) as app:
        apply(app, "Ada", "<!channel> Lovelace", "ada@example.com")
        slack.wait_for("chat.postMessage", timeout=10)
        (card,) = slack.messages(CHANNEL)
        code, preview = flask_leads(app, "digest")
        assert code == 0 and "1. #1 Ada <!channel> Lovelace: waiting 0 min" in preview
        assert digests(slack) == []
        code, posted = flask_leads(app, "digest", "--post")
        assert code == 0, posted
        (digest,) = digests(slack)
        assert f"(ts {digest['ts']})" in posted
    link = f"https://acmelaw.slack.com/archives/{CHANNEL}/p{card['ts'].replace('.', '')}"
    assert f"1. #1 <{link}|Ada &lt;!channel&gt; Lovelace> · waiting 0 min · unclaimed" in (
        json.dumps(digest["blocks"], ensure_ascii=False).replace("\\n", "\n")
    )


def test_at_digest_at_once_across_a_restart(tmp_path: Path, slack):
    env = {**slack_env(slack), "DIGEST_AT": "00:00", "WORKER_POLL_SECONDS": "0.2"}
    with AppProcess(tmp_path, env) as first:
        until(lambda: len(digests(slack)) == 1, "the scheduled digest", timeout=20)
        # Recorded too: `flask run` dies at once on SIGTERM, and a post not yet recorded
        # is found in Slack by the retry, not reported "already posted" (see below).
        until(lambda: _recorded_ts(first), "the digest recorded as posted", timeout=20)
    with AppProcess(tmp_path, env) as restarted:  # the same database, a new process
        apply(restarted, "Ada", "Lovelace", "ada@example.com")
        until(lambda: len(slack.messages(CHANNEL)) == 2, "the card, after idle moments")
        code, output = flask_leads(restarted, "digest", "--post")
    assert code == 1 and "already posted" in output
    assert len(digests(slack)) == 1


def _recorded_ts(app: AppProcess) -> str | None:
    """The ts recorded for today's digest in the app's database, once it is there."""
    engine = create_engine(app.env["DATABASE_URL"])
    try:
        with engine.connect() as connection:
            return connection.scalar(select(DigestRun.ts).where(DigestRun.ts.is_not(None)))
    finally:
        engine.dispose()
