"""The checks of `flask --app web slack check`: the token and its scopes, the leads
channel, and the app-level token for Socket Mode. Each says what is wrong and how to fix
it; what works is said too.

The scopes are those of the documented set-up, a private leads channel: posting and
updating cards, /leads and the membership check need `BASE_SCOPES` in any channel; the
channel's kind decides the rest (conversations.history to find a card already posted,
conversations.info and .members for this check): `groups:*` for a private channel,
`channels:*` for a public one (Slack's method reference for each).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

BASE_SCOPES = frozenset({"chat:write", "commands", "users:read"})
CHANNEL_SCOPES = {
    True: frozenset({"groups:read", "groups:history"}),  # private
    False: frozenset({"channels:read", "channels:history"}),  # public
}
NEEDED_SCOPES = BASE_SCOPES | CHANNEL_SCOPES[True]  # what manifest.yml asks for
REINSTALL = "add them in the manifest (manifest.yml) and reinstall the app"


@dataclass
class Report:
    """What a check found: lines that say what works, problems, warnings."""

    fine: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Token:
    """What auth.test told of the bot token."""

    team_id: str
    bot_user_id: str
    scopes: frozenset[str] | None  # None when Slack did not say


def check_token(client: WebClient, settings, report: Report) -> Token | None:
    try:
        answer = client.auth_test()
    except SlackApiError as exc:
        report.problems.append(
            f"auth.test failed ({exc.response.get('error')}): copy the Bot User OAuth "
            "Token (xoxb-…) from the app's OAuth & Permissions page into SLACK_BOT_TOKEN"
        )
        return None
    except OSError as exc:
        report.problems.append(f"cannot reach Slack at {settings.slack_api_url}: {exc}")
        return None
    report.fine.append(
        f"token OK: bot {answer.get('user')} in workspace {answer.get('team')} "
        f"({answer.get('team_id')})"
    )
    if settings.slack_team_id and settings.slack_team_id != answer.get("team_id"):
        report.problems.append(
            f"SLACK_TEAM_ID is {settings.slack_team_id} but the token belongs to "
            f"{answer.get('team_id')}"
        )
    header = answer.headers.get("x-oauth-scopes")
    granted = frozenset(s.strip() for s in header.split(",") if s.strip()) if header else None
    token = Token(answer.get("team_id", ""), answer.get("user_id", ""), granted)
    require_scopes(token, BASE_SCOPES, report)
    return token


def require_scopes(token: Token, needed: frozenset[str], report: Report, why: str = "") -> None:
    missing = needed - token.scopes if token.scopes is not None else set()
    if missing:
        report.problems.append(f"missing scopes {', '.join(sorted(missing))}{why}: {REINSTALL}")


def check_app_token(client: WebClient, app_token: str, report: Report) -> None:
    """SLACK_APP_TOKEN may open a Socket Mode connection (the URL is not used)."""
    try:
        client.apps_connections_open(app_token=app_token)
    except SlackApiError as exc:
        error = exc.response.get("error")
        fix = (
            "give the app-level token the connections:write scope (Basic Information → "
            "App-Level Tokens)"
            if error == "missing_scope"
            else "copy the app-level token (xapp-…, Basic Information → App-Level Tokens) "
            "into SLACK_APP_TOKEN, and turn Socket Mode on"
        )
        report.problems.append(f"apps.connections.open failed ({error}): {fix}")
    except OSError as exc:
        report.problems.append(f"cannot reach Slack: {exc}")
    else:
        report.fine.append("app-level token OK: `flask --app web slack socket` can connect")
