"""Shared by the two state buttons: change the state, then tell the clicker if needed."""

from __future__ import annotations

import logging

from slack_bolt import Respond

from bot.services import BotServices
from db.models import Lead, LeadState
from service.errors import LeadNotFound
from service.states import change_state
from slackkit.slack_time import slack_date

log = logging.getLogger("leads.bot.actions")
DONE = {LeadState.REACHED_OUT: "marked reached out", LeadState.PENDING: "moved back to pending"}


def lead_id_of(body: dict) -> int | None:
    try:
        return int(body["actions"][0]["value"])
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def apply(services: BotServices, body: dict, respond: Respond, to_state: LeadState) -> None:
    lead_id = lead_id_of(body)
    user_id = body["user"]["id"]
    if lead_id is None:
        respond(
            text="That button is out of date.", response_type="ephemeral", replace_original=False
        )
        return
    try:
        with services.sessions.begin() as session:
            change = change_state(session, lead_id, to_state, actor=user_id)
    except LeadNotFound:
        respond(
            text=f"Lead #{lead_id} no longer exists.",
            response_type="ephemeral",
            replace_original=False,
        )
        return
    if change.changed:
        services.wake_worker()  # rewrite the card now
        log.info("lead=%s %s by user=%s", lead_id, DONE[to_state], user_id)
        if (body.get("container") or {}).get("is_ephemeral"):
            respond(
                text=f"Lead #{lead_id} {DONE[to_state]}.",
                response_type="ephemeral",
                replace_original=False,
            )
        return
    respond(
        text=already_text(change.lead, to_state), response_type="ephemeral", replace_original=False
    )


def already_text(lead: Lead, to_state: LeadState) -> str:
    if lead.state_changed_by and lead.state_changed_at:
        return (
            f"Lead #{lead.id} was already {DONE[to_state]} by <@{lead.state_changed_by}> "
            f"{slack_date(lead.state_changed_at)}."
        )
    return f"Lead #{lead.id} is already pending."
