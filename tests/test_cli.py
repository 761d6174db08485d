"""The operator's commands: db upgrade, outbox status and retry, the worker."""

from __future__ import annotations

from sqlalchemy import inspect

from db.models import JobStatus, OutboxJob
from service import outbox


def test_db_upgrade_creates_the_schema(config, make_app):
    app = make_app(config)
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "database at revision 0008" in result.output
    tables = set(inspect(app.extensions["db"].engine).get_table_names())
    assert {"leads", "resumes", "lead_events", "outbox_jobs"} <= tables


def fail_a_job(app, kind: str = "email.confirmation") -> int:
    with app.extensions["db"].sessions.begin() as session:
        job = session.get(OutboxJob, outbox.enqueue(session, kind, None))
        job.status = JobStatus.FAILED
        job.last_error = "RetryLater: mail server unavailable"
        return job.id


def test_outbox_lists_counts_and_failed_jobs(app):
    job_id = fail_a_job(app)
    result = app.test_cli_runner().invoke(args=["outbox"])
    assert result.exit_code == 0, result.output
    assert "  failed: 1" in result.output
    assert f"failed job {job_id} (email.confirmation" in result.output
    assert "mail server unavailable" in result.output


def test_outbox_retry_by_id_and_all(app):
    first, second = fail_a_job(app), fail_a_job(app)
    runner = app.test_cli_runner()
    assert "requeued 1 job(s)" in runner.invoke(args=["outbox", "retry", str(first)]).output
    assert "requeued 1 job(s)" in runner.invoke(args=["outbox", "retry", "--all-failed"]).output
    with app.extensions["db"].sessions() as session:
        assert {session.get(OutboxJob, i).status for i in (first, second)} == {JobStatus.PENDING}
    refused = runner.invoke(args=["outbox", "retry"])
    assert refused.exit_code != 0 and "give job IDs or --all-failed" in refused.output


def test_worker_drain_runs_due_jobs(app, tmp_path):
    from tests.support.form import post_application

    post_application(app.test_client())
    result = app.test_cli_runner().invoke(args=["worker", "--drain"])
    assert result.exit_code == 0, result.output
    assert "ran 1 job(s)" in result.output  # the confirmation; Slack is not configured
    assert list((tmp_path / "instance" / "mail").glob("*.eml"))
