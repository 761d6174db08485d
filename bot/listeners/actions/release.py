"""The "Release" button: the lead has no owner any more. Anyone who may act may release."""

from __future__ import annotations

from bot import owner_actions
from bot.services import BotServices
from service import ownership


def release(services: BotServices, body: dict) -> dict | None:
    user = body["user"]["id"]
    return owner_actions.apply(
        services,
        body,
        lambda session, lead_id: ownership.release(session, lead_id, user),
        lambda lead: f"Nobody has lead #{lead.id}.",
    )
