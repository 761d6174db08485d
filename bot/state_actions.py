"""Shared by the two state buttons: change the state, then say what the clicker must know."""

from __future__ import annotations

import logging

from bot.replies import private
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


def apply(services: BotServices, body: dict, to_state: LeadState) -> dict | None:
    """The answer for the clicker, or None when the rewritten card says it all."""
    lead_id = lead_id_of(body)
    user_id = body["user"]["id"]
    if lead_id is None:
        return private("That button is out of date.")
    try:
        with services.sessions.begin() as session:
            change = change_state(session, lead_id, to_state, actor=user_id)
    except LeadNotFound:
        return private(f"Lead #{lead_id} no longer exists.")
    if not change.changed:
        return private(already_text(change.lead, to_state))
    services.wake_worker()  # rewrite the card now
    log.info("lead=%s %s by user=%s", lead_id, DONE[to_state], user_id)
    if (body.get("container") or {}).get("is_ephemeral"):  # a list no card rewrite reaches
        return private(f"Lead #{lead_id} {DONE[to_state]}.")
    return None


def already_text(lead: Lead, to_state: LeadState) -> str:
    if lead.state_changed_by and lead.state_changed_at:
        return (
            f"Lead #{lead.id} was already {DONE[to_state]} by <@{lead.state_changed_by}> "
            f"{slack_date(lead.state_changed_at)}."
        )
    return f"Lead #{lead.id} is already pending."
