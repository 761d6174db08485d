"""The "Move back to pending" button."""

from __future__ import annotations

from bot import state_actions
from bot.services import BotServices
from db.models import LeadState


def move_to_pending(services: BotServices, body: dict) -> dict | None:
    return state_actions.apply(services, body, LeadState.PENDING)
