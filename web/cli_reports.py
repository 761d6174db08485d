"""`flask --app web leads digest [--post]` and `flask --app web leads stats`: the morning
digest and the `/leads stats` figures, as plain text for the operator's terminal.

The digest's preview reads what the worker's post would (service/digest_figures.py) up
to now; `--post` claims today in the database, as the worker's schedule does, so it is
today's one digest: posted by the worker through the outbox, never twice.
"""

from __future__ import annotations

import time
from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext

from config import current_settings
from db.models import JobStatus, OutboxJob
from db.types import utcnow
from service.digest import claim_day, covers_from, digest_run, local_day
from service.digest_figures import DigestFigures
from service.digest_figures import digest_figures as read_figures
from service.durations import duration
from service.stats import LeadStats, Spread, lead_stats

POLL_SECONDS = 0.5


@click.command("digest", help="Print today's digest; --post posts it to the leads channel.")
@click.option("--post", is_flag=True, help="post it now (today's one digest), through the outbox")
@click.option("--wait", default=30.0, show_default=True, help="seconds to wait for the post")
@with_appcontext
def digest_command(post: bool, wait: float) -> None:
    settings, database, now = current_settings(), current_app.extensions["db"], utcnow()
    day = local_day(settings.hours, now)
    if post:
        if not (settings.slack_configured and settings.slack_leads_channel):
            raise click.ClickException(
                "Slack is not set up: set SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET (or "
                "SLACK_APP_TOKEN) and SLACK_LEADS_CHANNEL to post the digest"
            )
        _post(database, day, wait)
        return
    with database.reads() as session:
        figures = read_figures(session, covers_from(session, day, now), now, now)
    click.echo(digest_lines(day, figures, settings.timezone))


def _post(database, day: date, wait: float) -> None:
    with database.sessions.begin() as session:
        job_id = claim_day(session, day)
    if job_id is None:
        raise click.ClickException(_already(database, day))
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        with database.reads() as session:
            run = digest_run(session, day)
        if run is not None and run.ts:
            click.echo(f"posted the digest of {day} to {run.channel} (ts {run.ts})")
            return
        time.sleep(POLL_SECONDS)
    click.echo(
        f"the digest of {day} is queued (job {job_id}): a running worker posts it "
        "(`flask --app web worker`, or the web process's own)"
    )


def _already(database, day: date) -> str:
    """Why today's digest is not queued again: posted, waiting, or failed (and how to
    post it once the cause is fixed: the failed job, retried the same day)."""
    with database.reads() as session:
        run = digest_run(session, day)
        job = session.get(OutboxJob, run.job_id) if run and run.job_id else None
        if run and run.ts:
            return f"the digest of {day} was already posted (ts {run.ts}): one a day"
        if job is not None and job.status == JobStatus.FAILED:
            return (
                f"the digest of {day} failed: {job.last_error}. Once that is fixed, "
                f"`flask --app web outbox retry {job.id}` posts it"
            )
    return f"the digest of {day} was already queued: one a day"


def digest_lines(day: date, figures: DigestFigures, zone: str) -> str:
    since = figures.since.strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"Leads digest for {day:%A %Y-%m-%d} ({zone})",
        f"New leads since {since}: {figures.new_leads}",
        f"Reached out since then: {figures.reached_out}",
        f"Pending: {figures.pending}, of which unclaimed: {figures.unclaimed}",
        "Waited longest:",
    ]
    for number, lead in enumerate(figures.longest_waiting, start=1):
        owner = lead.owner_id or "unclaimed"
        card = "card in Slack" if lead.ts else "no card yet"
        waited = duration(figures.as_of - lead.arrived)
        name = f"{lead.first_name} {lead.last_name}".strip()
        lines.append(f"  {number}. #{lead.lead_id} {name}: waiting {waited}, {owner} ({card})")
    if not figures.longest_waiting:
        lines.append("  nobody is waiting")
    lines.append(
        f"Median time to first contact: 7 days {_median(figures.contact_week)}; "
        f"30 days {_median(figures.contact_month)}"
    )
    if figures.failed_deliveries:
        lines.append(f"Failed deliveries: {figures.failed_deliveries} (`flask --app web outbox`)")
    return "\n".join(lines)


def _median(value: Spread) -> str:
    return f"{duration(value.median)} ({value.count} leads)"


@click.command("stats", help="Print the /leads stats figures.")
@with_appcontext
def stats_command() -> None:
    with current_app.extensions["db"].reads() as session:
        click.echo(stats_lines(lead_stats(session)))


def stats_lines(stats: LeadStats) -> str:
    states = ", ".join(f"{state} {count}" for state, count in sorted(stats.by_state.items()))
    lines = [
        f"Leads by state: {states or 'none yet'}",
        f"Pending and unclaimed: {stats.unclaimed}",
        _spread("Time to claim", stats.to_claim),
        _spread("Time to first contact", stats.to_contact),
        "Reached out, by member (last 30 days):",
    ]
    lines += [f"  {member}: {count}" for member, count in stats.reached_out_by]
    if not stats.reached_out_by:
        lines.append("  nobody yet")
    return "\n".join(lines)


def _spread(name: str, value: Spread) -> str:
    return (
        f"{name} (last 30 days, {value.count} leads): median {duration(value.median)}, "
        f"90th percentile {duration(value.p90)}"
    )
