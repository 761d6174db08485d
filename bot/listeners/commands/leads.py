"""`/leads`: answered in the acknowledgement itself (ephemeral), from the database only."""

from __future__ import annotations

from slack_bolt import Ack, BoltContext

from bot.leads_command import answer
from bot.services import CONTEXT_KEY


def leads_command(ack: Ack, command: dict, context: BoltContext) -> None:
    services = context[CONTEXT_KEY]
    with services.reads() as session:
        message = answer(session, command.get("text", ""))
    ack(**message)
