"""`flask --app web slack check` (is the Slack side set up right? it says what to fix) and
`flask --app web slack socket` (answer Slack over Socket Mode: bot/socket_mode.py).

Once the check passes, the Slack deliveries that failed because the bot could not use the
leads channel are made due again. The check has just used that channel with the settings
the worker reads, so their cause is gone; and a card delivered again looks for an earlier
copy before it posts (worker/slack/delivery.py), so nothing is posted twice. That is the
step the failure's advice leads to (invite the bot, run the check), and no job ids need
copying from `flask outbox`.
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from bot.channel_check import check_channel
from bot.setup_check import Report, check_app_token, check_token
from config import current_settings
from service import jobs, outbox_admin
from slackkit.channel_errors import INVITE_OR_CHECK

SLACK_JOBS = (jobs.SLACK_CARD, jobs.SLACK_APPLIED_AGAIN, jobs.SLACK_CARD_REFRESH)


@click.group("slack", help="Slack set-up helpers.")
def slack_cli() -> None:
    pass


@slack_cli.command("check", help="Check the tokens, the scopes and the leads channel.")
@with_appcontext
def check_command() -> None:
    settings = current_settings()
    report = Report(problems=unset(settings))
    if settings.slack_bot_token:
        client = _client(settings)
        token = check_token(client, settings, report)
        if token and settings.slack_leads_channel:
            check_channel(client, settings.slack_leads_channel, token, report)
        if settings.slack_app_token:
            check_app_token(client, settings.slack_app_token, report)
    for line in report.fine:
        click.echo(line)
    for warning in report.warnings:
        click.echo(f"warning: {warning}")
    for problem in report.problems:
        click.echo(f"problem: {problem}", err=True)
    if report.problems:
        raise SystemExit(1)
    click.echo("Slack is set up.")
    retry_channel_failures()


@slack_cli.command("socket", help="Answer Slack over Socket Mode (needs SLACK_APP_TOKEN).")
@with_appcontext
def socket_command() -> None:
    from bot.socket_mode import serve

    serve(current_app)


def unset(settings) -> list[str]:
    needed = [("SLACK_BOT_TOKEN", settings.slack_bot_token)]
    needed.append(("SLACK_LEADS_CHANNEL", settings.slack_leads_channel))
    if not settings.slack_app_token:  # over Socket Mode nothing is signed
        needed.append(("SLACK_SIGNING_SECRET", settings.slack_signing_secret))
    return [f"{name} is not set" for name, value in needed if not value]


def retry_channel_failures() -> None:
    try:
        with current_app.extensions["db"].sessions.begin() as session:
            ids = outbox_admin.failed_ids(session, SLACK_JOBS, INVITE_OR_CHECK)
            if ids:
                outbox_admin.requeue_failed(session, ids)
    except SQLAlchemyError as exc:  # Slack is set up; the outbox is another matter
        click.echo(f"warning: could not look for failed Slack jobs ({type(exc).__name__})")
        return
    if ids:
        listed = ", ".join(str(job_id) for job_id in ids)
        click.echo(
            f"requeued {len(ids)} Slack job(s) that had failed on the channel (job {listed})"
        )


def _client(settings):
    if "slack" in current_app.extensions:
        return current_app.extensions["slack"].client
    from slackkit.client import make_client

    return make_client(settings, settings.slack_timeout)
