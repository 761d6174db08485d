"""The "Claim" button: the clicker becomes the lead's owner, if nobody is."""

from __future__ import annotations

from bot import owner_actions
from bot.services import BotServices
from service import ownership


def claim(services: BotServices, body: dict) -> dict | None:
    user = body["user"]["id"]

    def refused(lead) -> str:
        if lead.owner_id == user:
            return f"You already have lead #{lead.id}."
        return f"Lead #{lead.id} is already claimed: {owner_actions.owner_text(lead)}."

    return owner_actions.apply(
        services, body, lambda session, lead_id: ownership.claim(session, lead_id, user), refused
    )
