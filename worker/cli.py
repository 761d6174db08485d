"""`flask --app web worker` and `flask --app web outbox [retry ...]`."""

from __future__ import annotations

import logging
import signal

import click
from flask import current_app
from flask.cli import with_appcontext

from config.logs import configure_logging
from db import get_db
from service import outbox_admin


@click.command("worker", help="Deliver outbox jobs (email, Slack) until stopped.")
@click.option("--drain", is_flag=True, help="Run the jobs that are due now, then exit.")
@with_appcontext
def worker_command(drain: bool) -> None:
    worker = current_app.extensions["worker"]
    configure_logging()
    if drain:
        click.echo(f"ran {worker.drain()} job(s)")
        return

    def _stop(signum, _frame) -> None:
        logging.getLogger("leads.worker").info("signal %s: finishing the job in hand", signum)
        worker.stop(timeout=0)

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    click.echo(f"worker {worker.worker_id} running; kinds: {', '.join(sorted(worker.handlers))}")
    worker.run_forever()
    click.echo("worker stopped")


@click.group(
    "outbox",
    invoke_without_command=True,
    help="Show delivery jobs by status and the failed ones with their errors.",
)
@click.pass_context
@with_appcontext
def outbox_cli(ctx: click.Context) -> None:
    if ctx.invoked_subcommand is not None:
        return
    with get_db().reads() as session:
        counts = outbox_admin.status_counts(session)
        failed = outbox_admin.failed_jobs(session)
        age = outbox_admin.oldest_due_age(session)
    for status in ("pending", "running", "done", "failed"):
        click.echo(f"{status:>8}: {counts.get(status, 0)}")
    if age is not None:
        click.echo(f"oldest due job has waited {age:.0f} s")
    for job in failed:
        click.echo(
            f"failed job {job.id} ({job.kind}, lead {job.lead_id}, "
            f"{job.attempts} attempts): {job.last_error}"
        )


@outbox_cli.command("retry", help="Make failed jobs due again: IDs, or --all-failed.")
@click.argument("job_ids", nargs=-1, type=int)
@click.option("--all-failed", is_flag=True, help="Requeue every failed job.")
@with_appcontext
def retry_command(job_ids: tuple[int, ...], all_failed: bool) -> None:
    if not job_ids and not all_failed:
        raise click.UsageError("give job IDs or --all-failed")
    with get_db().sessions.begin() as session:
        count = outbox_admin.requeue_failed(session, None if all_failed else list(job_ids))
    click.echo(f"requeued {count} job(s)")
