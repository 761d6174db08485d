"""Who may act: a full member of our workspace. One rule, applied in two moments.

At the door, a Bolt middleware that runs before any listener and so before the ack, and
never calls Slack: Slack's retries of a command or an interaction are dropped (the first
delivery did the work; an event's retries were sorted by event_id, bot/inbound.py); when we
know who we are, the request's team and enterprise and the actor's own team must be ours;
and the actor's membership is read from the cache. Whatever can be decided there is
pinned on the request's context as its verdict.

After the ack, `require_member` gives the verdict: the one pinned at the door, or one
decided then, asking Slack (`auth.test` for who we are, `users.info` for the actor) as
needed. Every listener goes through it (bot/listeners/members_only.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from slack_bolt import BoltContext, BoltRequest, BoltResponse

from bot.services import BotServices
from slackkit.membership import Verdict

VERDICT = "leads_verdict"  # the context key of the verdict pinned at the door


@dataclass(frozen=True)
class Actor:
    user: str | None
    user_team: str | None  # the actor's home team, on interactions (Slack Connect)
    team: str | None
    enterprise: str | None

    @classmethod
    def of(cls, body: dict) -> Actor:
        """The ids of a slash command (flat), an event (its envelope's team, the event's
        user) or an interaction (nested) payload."""
        if "command" in body:
            return cls(body.get("user_id"), None, body.get("team_id"), body.get("enterprise_id"))
        if body.get("type") == "event_callback":
            event = body.get("event") if isinstance(body.get("event"), dict) else {}
            user = event.get("user") if isinstance(event.get("user"), str) else None
            return cls(user, event.get("user_team"), body.get("team_id"), body.get("enterprise_id"))
        user = body.get("user") or {}
        return cls(
            user.get("id"),
            user.get("team_id"),
            (body.get("team") or {}).get("id"),
            (body.get("enterprise") or {}).get("id"),
        )


def make_gate(services: BotServices):
    def gate(req: BoltRequest, body: dict, context: BoltContext, next) -> BoltResponse:
        # A retry comes with a fresh timestamp and signature (the last arrives after the
        # first delivery's window has closed), so the replay check (bot/replay.py) cannot
        # tell that the first delivery did the work; the retry header does.
        if req.headers.get("x-slack-retry-num") and body.get("type") != "event_callback":
            return BoltResponse(status=200, body="")
        verdict = decide(services, Actor.of(body), ask_slack=False)
        if verdict is not None:
            context[VERDICT] = verdict
        return next()

    return gate


def decided_at_the_door(context: BoltContext) -> bool:
    """A listener matcher: the verdict needs no Slack call, so it may be given in the ack."""
    return VERDICT in context


def require_member(services: BotServices, context: BoltContext, body: dict) -> Verdict:
    """The verdict on the actor. May ask Slack: call it after the ack."""
    pinned = context.get(VERDICT)
    if pinned is not None:
        return pinned
    return decide(services, Actor.of(body), ask_slack=True)


def decide(services: BotServices, actor: Actor, ask_slack: bool) -> Verdict | None:
    """The verdict; None when giving it would need Slack and `ask_slack` is False."""
    if not actor.user:
        return Verdict(False, "no user in the request")
    workspace = services.workspace
    if not ask_slack and not workspace.known():
        return None
    try:
        team_id, enterprise_id = workspace.team_id(), workspace.enterprise_id()
    except Exception as exc:  # cannot learn who we are: deny rather than guess
        return Verdict(False, f"workspace unknown ({type(exc).__name__})", busy=True)
    if reason := foreign(actor, team_id, enterprise_id):
        return Verdict(False, reason)
    if ask_slack:
        return services.membership.verdict(actor.user, team_id)
    return services.membership.cached(actor.user, team_id)


def other_workspace(services: BotServices, actor: Actor) -> bool:
    """An event sent for another workspace or organisation than ours (not one of our own
    workspace's users who is homed elsewhere: that one is judged, and refused, as a person)."""
    workspace = services.workspace
    team_id, enterprise_id = workspace.team_id(), workspace.enterprise_id()
    return actor.team != team_id or bool(enterprise_id and actor.enterprise != enterprise_id)


def foreign(actor: Actor, team_id: str, enterprise_id: str | None) -> str | None:
    """Why the request comes from outside our workspace, if it does."""
    if actor.team != team_id:
        return f"request from team {actor.team}"
    # An actor homed in another team is from another organisation (Slack Connect), unless
    # on Enterprise Grid: there one person in several workspaces carries one home team,
    # and users.info (enterprise_user.teams) says whether ours is among them.
    grid_member = enterprise_id and actor.enterprise == enterprise_id
    if actor.user_team and actor.user_team != team_id and not grid_member:
        return f"user homed in team {actor.user_team}"
    # Team ids are unique across Slack, so the team check already excludes other
    # organisations; on Enterprise Grid the enterprise must match as well.
    if enterprise_id and actor.enterprise != enterprise_id:
        return f"request from enterprise {actor.enterprise}"
    return None
