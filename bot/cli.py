"""`flask --app web slack check`: is the Slack side set up right? Says what to fix."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from slack_sdk.errors import SlackApiError

from config import current_settings

# For the private leads channel: posting, /leads, the membership check, finding a card
# already posted (conversations.history) and this check's conversations.info.
NEEDED_SCOPES = {"chat:write", "commands", "users:read", "groups:history", "groups:read"}


@click.group("slack", help="Slack set-up helpers.")
def slack_cli() -> None:
    pass


@slack_cli.command("check", help="Check the token, the channel and the scopes.")
@with_appcontext
def check_command() -> None:
    settings = current_settings()
    problems = [
        f"{name} is not set"
        for name, value in (
            ("SLACK_BOT_TOKEN", settings.slack_bot_token),
            ("SLACK_SIGNING_SECRET", settings.slack_signing_secret),
            ("SLACK_LEADS_CHANNEL", settings.slack_leads_channel),
        )
        if not value
    ]
    if not settings.slack_bot_token:
        _finish(problems)
        return
    client = current_app.extensions["slack"].client if "slack" in current_app.extensions else None
    if client is None:
        from slackkit.client import make_client

        client = make_client(settings, settings.slack_timeout)
    problems += _check_token(client, settings)
    if settings.slack_leads_channel:
        problems += _check_channel(client, settings.slack_leads_channel)
    _finish(problems)


def _check_token(client, settings) -> list[str]:
    try:
        answer = client.auth_test()
    except SlackApiError as exc:
        return [
            f"auth.test failed ({exc.response.get('error')}): copy the Bot User OAuth "
            "Token (xoxb-…) from the app's OAuth & Permissions page into SLACK_BOT_TOKEN"
        ]
    except OSError as exc:
        return [f"cannot reach Slack at {settings.slack_api_url}: {exc}"]
    click.echo(
        f"token OK: bot {answer.get('user')} in workspace {answer.get('team')} "
        f"({answer.get('team_id')})"
    )
    problems = []
    if settings.slack_team_id and settings.slack_team_id != answer.get("team_id"):
        problems.append(
            f"SLACK_TEAM_ID is {settings.slack_team_id} but the token belongs to "
            f"{answer.get('team_id')}"
        )
    granted = {s.strip() for s in answer.headers.get("x-oauth-scopes", "").split(",") if s.strip()}
    if granted:
        missing = NEEDED_SCOPES - granted
        if missing:
            problems.append(
                f"missing scopes {', '.join(sorted(missing))}: add them in the "
                "manifest (manifest.yml) and reinstall the app"
            )
    return problems


def _check_channel(client, channel: str) -> list[str]:
    try:
        info = client.conversations_info(channel=channel)["channel"]
    except SlackApiError as exc:
        return [_channel_problem(channel, exc.response)]
    except OSError as exc:
        return [f"cannot reach Slack: {exc}"]
    if not info.get("is_member"):
        return [f"the bot is not in #{info.get('name')}: type /invite @leads in that channel"]
    click.echo(f"channel OK: #{info.get('name')} ({channel})")
    return []


def _channel_problem(channel: str, answer) -> str:
    error = answer.get("error")
    if error == "missing_scope":
        return (
            f"channel {channel}: missing_scope {answer.get('needed')}: add it in the "
            "manifest (manifest.yml) and reinstall the app"
        )
    if error in ("channel_not_found", "not_in_channel"):
        # Slack hides a private channel from a bot that is not in it: either fix may do.
        return (
            f"channel {channel}: {error}. Invite the bot to the channel (/invite @leads), "
            "or set SLACK_LEADS_CHANNEL to the channel ID (channel details → bottom)"
        )
    return f"channel {channel}: {error}"


def _finish(problems: list[str]) -> None:
    for problem in problems:
        click.echo(f"problem: {problem}", err=True)
    if problems:
        raise SystemExit(1)
    click.echo("Slack is set up.")
