"""Shared by Claim, Release and Assign to…: call the verb, then say what the clicker must
know. The rewritten card and the thread reply say the rest to everyone."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from sqlalchemy.orm import Session

from bot.replies import private
from bot.services import BotServices
from bot.state_actions import lead_id_of
from service.errors import LeadNotFound
from service.ownership import OwnerChange
from slackkit.slack_time import slack_date

log = logging.getLogger("leads.bot.actions")
Verb = Callable[[Session, int], OwnerChange]
LEAD_BLOCK = re.compile(r"lead_(\d+)")


def lead_id_of_block(body: dict) -> int | None:
    """The lead of a picker, which carries no value: its actions block is `lead_<id>`."""
    try:
        match = LEAD_BLOCK.fullmatch(body["actions"][0]["block_id"])
    except (KeyError, IndexError, TypeError):
        return None
    return int(match.group(1)) if match else None


def apply(
    services: BotServices, body: dict, verb: Verb, refused: Callable, lead_id: int | None = None
) -> dict | None:
    """Run `verb` on the clicked lead; `refused(lead)` is the answer when it changed nothing."""
    lead_id = lead_id if lead_id is not None else lead_id_of(body)
    if lead_id is None:
        return private("That button is out of date.")
    try:
        with services.sessions.begin() as session:
            change = verb(session, lead_id)
    except LeadNotFound:
        return private(f"Lead #{lead_id} no longer exists.")
    if not change.changed:
        return private(refused(change.lead))
    services.wake_worker()  # rewrite the card and reply in its thread now
    log.info("lead=%s owner=%s by user=%s", lead_id, change.lead.owner_id, body["user"]["id"])
    if (body.get("container") or {}).get("is_ephemeral"):  # a list no card rewrite reaches
        return private(f"Lead #{lead_id}: {owner_text(change.lead)}.")
    return None


def owner_text(lead) -> str:
    if not lead.owner_id:
        return "nobody has it now"
    since = f" since {slack_date(lead.claimed_at)}" if lead.claimed_at else ""
    return f"<@{lead.owner_id}> has it{since}"
