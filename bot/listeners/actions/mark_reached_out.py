"""The "Mark reached out" button, on the card and in `/leads` lists."""

from __future__ import annotations

from bot import state_actions
from bot.services import BotServices
from db.models import LeadState


def mark_reached_out(services: BotServices, body: dict) -> dict | None:
    return state_actions.apply(services, body, LeadState.REACHED_OUT)
