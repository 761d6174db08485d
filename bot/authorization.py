"""The one authorization middleware: every command and action comes from a full member
of our workspace, or it changes nothing and reveals nothing.

Checks, in order: Slack's own retries are acknowledged and dropped (the first delivery
did the work); the request's team and enterprise are ours; the actor's home team is ours
(Slack Connect users carry theirs in `user.team_id`); `users.info` shows a full member.
"""

from __future__ import annotations

import logging

from slack_bolt import BoltContext, BoltRequest, BoltResponse
from slack_sdk.webhook import WebhookClient

from bot.deferral import CONTEXT_FLAG, is_deferred
from bot.services import CONTEXT_KEY, BotServices

log = logging.getLogger("leads.bot.authz")


def _actor(body: dict) -> dict:
    """Normalise the ids of a slash command (flat) or an interaction (nested) payload."""
    if "command" in body:
        return {
            "user": body.get("user_id"),
            "user_team": None,
            "team": body.get("team_id"),
            "enterprise": body.get("enterprise_id") or None,
        }
    user = body.get("user") or {}
    return {
        "user": user.get("id"),
        "user_team": user.get("team_id"),
        "team": (body.get("team") or {}).get("id"),
        "enterprise": (body.get("enterprise") or {}).get("id"),
    }


UNDECIDED = "undecided"  # only Slack can tell; the caller defers the request


def _refusal(services: BotServices, actor: dict, may_ask_slack: bool) -> str | None:
    """Why this actor may not act, None when they may, or UNDECIDED when deciding would
    need a Slack call and `may_ask_slack` is False (the acknowledgement is still owed)."""
    if not actor["user"]:
        return "no user in the request"
    if not may_ask_slack and not services.workspace.known():
        return UNDECIDED
    try:
        ours = services.workspace.identity() if not services.settings.slack_team_id else None
        team_id = services.workspace.team_id()
    except Exception as exc:  # cannot learn who we are: deny rather than guess
        return f"workspace unknown ({type(exc).__name__})"
    if actor["team"] != team_id:
        return f"request from team {actor['team']}"
    if actor["user_team"] and actor["user_team"] != team_id:
        return f"user homed in team {actor['user_team']}"
    # Team ids are unique across Slack, so the team check already excludes other
    # organisations; on Enterprise Grid the enterprise must match as well.
    if ours and ours.enterprise_id and actor["enterprise"] != ours.enterprise_id:
        return f"request from enterprise {actor['enterprise']}"
    if may_ask_slack:
        verdict = services.membership.verdict(actor["user"], team_id)
    elif (verdict := services.membership.cached(actor["user"], team_id)) is None:
        return UNDECIDED
    return None if verdict.allowed else verdict.reason


def make_middleware(services: BotServices):
    def authorize_member(req: BoltRequest, body: dict, context: BoltContext, next) -> BoltResponse:
        # A retry comes with a fresh timestamp and signature (the last arrives after the
        # first delivery's window has closed), so the replay check (bot/replay.py) cannot
        # tell that the first delivery did the work; the retry header does.
        if req.headers.get("x-slack-retry-num"):
            return BoltResponse(status=200, body="")
        actor = _actor(body)
        deferred = is_deferred(req)
        reason = _refusal(services, actor, may_ask_slack=deferred)
        if reason is UNDECIDED:
            return services.deferral.later(req)  # acknowledge now, decide off the clock
        if deferred:
            context[CONTEXT_FLAG] = True
        if reason is None:
            context[CONTEXT_KEY] = services
            return next()
        log.warning("denied user=%s team=%s: %s", actor["user"], actor["team"], reason)
        return _deny(services, body, answered=deferred)

    return authorize_member


def _deny(services: BotServices, body: dict, answered: bool) -> BoltResponse:
    """Tell the user why, privately: in the acknowledgement of a command if it is still
    ours to give, else through the response_url (off the request thread)."""
    # Before the ack, only a name already known; after it, Slack may be asked.
    name = services.workspace.name() if answered else services.workspace.known_name()
    text = f"Only members of {name} can see or change leads."
    if "command" in body and not answered:
        return BoltResponse(status=200, body={"response_type": "ephemeral", "text": text})
    # bot/endpoint.py refused the request unless this URL is on Slack's hosts.
    if response_url := body.get("response_url"):
        services.deferral.run(_post_denial, response_url, text)
    return BoltResponse(status=200, body="")


def _post_denial(response_url: str, text: str) -> None:
    try:
        WebhookClient(response_url, timeout=5).send(
            text=text, response_type="ephemeral", replace_original=False
        )
    except Exception:
        log.warning("could not tell a denied user why", exc_info=True)
