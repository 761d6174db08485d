"""`/leads`: answered from the database only, ephemerally (bot/leads_command.py)."""

from __future__ import annotations

from bot.leads_command import answer
from bot.services import BotServices


def leads(services: BotServices, body: dict) -> dict:
    with services.reads() as session:
        return answer(session, body.get("text", ""), body.get("user_id"))
