"""`flask leads digest [--post]`, `flask leads stats` and `flask leads export --csv` on a
seeded database: what the digest would say without posting it, posting it once through the
outbox, the stats, and every column of the CSV (a formula-looking name neutralised, the
file owner-only, a personal-data warning)."""

from __future__ import annotations

import csv
import os
import re
import stat
from datetime import date

import pytest
from sqlalchemy import func, select

from db.models import DigestRun, JobStatus, Lead, OutboxJob
from tests.support.digest_leads import seed
from tests.support.polling import until
from tests.support.slack_requests import CHANNEL
from tests.test_digest_schedule import digests


@pytest.fixture
def seeded_app(slack_config, make_app):
    app = make_app({**slack_config, "SLACK_POST_INTERVAL": 0}, migrate=True)
    return app, seed(app)


def invoke(app, *args: str, code: int = 0):
    result = app.test_cli_runner().invoke(args=["leads", *args])
    assert result.exit_code == code, result.output
    return result


def test_digest_prints_what_it_would_say_without_posting(slack, seeded_app):
    app, seeded = seeded_app
    before = len(slack.calls_to("chat.postMessage"))
    out = invoke(app, "digest").output
    assert re.search(r"^Leads digest for \w+day \d{4}-\d\d-\d\d \(UTC\)$", out, re.M)
    assert "New leads since" in out and ": 3\n" in out
    assert "Reached out since then: 2\n" in out
    assert "Pending: 6, of which unclaimed: 5\n" in out
    assert "  1. #1 <!channel> <https://evil.example|click> & co: waiting 10 days 0 h, " in out
    assert "unclaimed (no card yet)" in out
    assert f"  3. #{seeded.ids['claimed']} Grace Hopper: waiting 8 days 0 h, U0MEMBER (card" in out
    assert "Frances" not in out and "Joan" not in out
    assert "Median time to first contact: 7 days 3 h 00 min (2 leads); 30 days 4 h 00 min (3" in out
    assert "Failed deliveries: 1 " in out
    assert len(slack.calls_to("chat.postMessage")) == before  # nothing posted
    with app.extensions["db"].sessions() as session:  # nor today claimed
        assert session.scalar(select(func.count()).select_from(DigestRun)) == 1  # the seed's


def posted_ts(app) -> str | None:
    """Today's digest's message, once the worker has recorded it."""
    with app.extensions["db"].sessions() as session:
        return session.scalar(select(DigestRun.ts).where(DigestRun.day > date(2000, 1, 1)))


def test_post_queues_today_then_the_worker_posts_it_once(slack, seeded_app):
    app, _ = seeded_app
    queued = invoke(app, "digest", "--post", "--wait", "0.2").output
    assert re.search(r"the digest of \d{4}-\d\d-\d\d is queued \(job \d+\)", queued)
    worker = app.extensions["worker"]
    worker.ensure_started()
    try:
        until(lambda: posted_ts(app) is not None, "the queued digest posted", timeout=10)
        again = invoke(app, "digest", "--post", code=1).output
    finally:
        worker.stop()
    (digest,) = digests(slack)
    assert digest["ts"] == posted_ts(app)
    assert f"already posted (ts {digest['ts']}): one a day" in again
    assert len(digests(slack)) == 1


def test_post_waits_for_a_running_worker(slack, seeded_app):
    app, _ = seeded_app
    worker = app.extensions["worker"]
    worker.ensure_started()
    try:
        out = invoke(app, "digest", "--post").output
    finally:
        worker.stop()
    (digest,) = digests(slack)
    assert f"to {CHANNEL} (ts {digest['ts']})" in out and out.startswith("posted the digest of")


def test_post_after_todays_digest_failed_says_so_and_how_to_post_it(slack, seeded_app):
    app, _ = seeded_app
    slack.error_next("chat.postMessage", "is_archived")
    worker = app.extensions["worker"]
    worker.ensure_started()
    try:
        queued = invoke(app, "digest", "--post", "--wait", "0.2").output
        job_id = re.search(r"queued \(job (\d+)\)", queued)[1]
        until(lambda: job_status(app, int(job_id)) == JobStatus.FAILED, "the digest failed")
        again = invoke(app, "digest", "--post", code=1).output
        assert "failed" in again and "is_archived" in again and "queued" not in again
        assert f"`flask --app web outbox retry {job_id}` posts it" in again
        retried = app.test_cli_runner().invoke(args=["outbox", "retry", job_id])
        assert retried.exit_code == 0, retried.output
        until(lambda: posted_ts(app) is not None, "the retried digest posted", timeout=10)
    finally:
        worker.stop()
    assert len(digests(slack)) == 1


def job_status(app, job_id: int) -> str:
    with app.extensions["db"].sessions() as session:
        return session.get(OutboxJob, job_id).status


def test_stats_prints_the_leads_stats_figures(seeded_app):
    app, _ = seeded_app
    out = invoke(app, "stats").output
    assert "Leads by state: PENDING 7, REACHED_OUT 3\n" in out  # the erased one too
    assert "Pending and unclaimed: 5\n" in out  # as the digest says: the erased one not
    assert "Time to claim (last 30 days, 4 leads): median " in out
    assert "Time to first contact (last 30 days, 3 leads): median 4 h 00 min, 90th" in out
    assert "Reached out, by member (last 30 days):\n  U0MEMBER: 3" in out


def read_csv(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def check_claimed_and_contacted(app, seeded, by_id: dict[int, dict]) -> None:
    with app.extensions["db"].sessions() as session:
        lead = session.get(Lead, seeded.ids["claimed"])
        claimed = {**by_id[lead.id]}
        assert claimed == {
            "id": str(lead.id),
            "first_name": "Grace",
            "last_name": "Hopper",
            "email": "claimed@example.com",
            "state": "PENDING",
            "owner": "U0MEMBER",
            "applied": lead.created_at.isoformat(),
            "claimed": lead.claimed_at.isoformat(),
            "first_contact": "",
            "notes": "2",
            "erased": "",
        }
        contacted = session.get(Lead, seeded.ids["week_fast"])
        row = by_id[contacted.id]
        assert (row["state"], row["owner"], row["notes"]) == ("REACHED_OUT", "U0MEMBER", "0")
        assert row["first_contact"] == contacted.state_changed_at.isoformat()


def test_csv_export_every_column_neutralised_private_and_said_so(seeded_app, tmp_path):
    app, seeded = seeded_app
    path = tmp_path / "leads.csv"
    path.write_text("old report")
    path.chmod(0o644)  # a file left readable by others is narrowed
    umask = os.umask(0o022)
    try:
        result = invoke(app, "export", "--csv", str(path))
    finally:
        os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "holds personal data" in result.stderr and "holds personal data" not in result.stdout
    assert "wrote 10 lead(s)" in result.stdout
    rows = read_csv(path)
    assert list(rows[0]) == [
        "id", "first_name", "last_name", "email", "state", "owner",
        "applied", "claimed", "first_contact", "notes", "erased",
    ]  # fmt: skip
    by_id = {int(row["id"]): row for row in rows}
    assert sorted(by_id) == list(range(1, 11))
    formula = by_id[seeded.ids["formula"]]
    assert formula["first_name"] == '\'=HYPERLINK("https://evil.example","x")'
    assert formula["last_name"] == "'@SUM(1+1)"
    check_claimed_and_contacted(app, seeded, by_id)
    erased = by_id[seeded.ids["erased"]]
    assert (erased["first_name"], erased["last_name"]) == ("(erased)", "")
    assert erased["email"] == f"erased-{seeded.ids['erased']}@erased.invalid"
    with app.extensions["db"].sessions() as session:  # not one more pending lead
        assert erased["erased"] == session.get(Lead, seeded.ids["erased"]).erased_at.isoformat()
    assert "%PDF" not in path.read_text()


def test_csv_alone_or_email_and_out(app, tmp_path):
    result = invoke(app, "export", "--csv", str(tmp_path / "x.csv"), "--email", "a@b.c", code=2)
    assert "--csv writes every lead" in result.output
    assert "give --email and --out" in invoke(app, "export", "--email", "a@b.c", code=2).output


def test_csv_to_a_path_it_cannot_write_says_so(app, tmp_path):
    missing = invoke(app, "export", "--csv", str(tmp_path / "none" / "x.csv"), code=1)
    assert "cannot write" in missing.output and "No such file or directory" in missing.output
    (tmp_path / "elsewhere.csv").write_text("")
    (tmp_path / "link.csv").symlink_to(tmp_path / "elsewhere.csv")
    linked = invoke(app, "export", "--csv", str(tmp_path / "link.csv"), code=1)
    assert "cannot write" in linked.output and (tmp_path / "elsewhere.csv").read_text() == ""


def test_post_without_slack_says_what_to_set(app):
    out = invoke(app, "digest", "--post", code=1).output
    assert "SLACK_BOT_TOKEN" in out and "SLACK_LEADS_CHANNEL" in out
    with app.extensions["db"].sessions() as session:
        assert session.scalar(select(func.count()).select_from(DigestRun)) == 0  # not claimed
