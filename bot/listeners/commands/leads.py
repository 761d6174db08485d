"""`/leads`: answered from the database only, ephemerally: in the acknowledgement itself,
or through the response_url when the request was deferred (see bot/deferral.py)."""

from __future__ import annotations

from slack_bolt import Ack, BoltContext, Respond

from bot.deferral import CONTEXT_FLAG
from bot.leads_command import answer
from bot.services import CONTEXT_KEY


def leads_command(ack: Ack, command: dict, respond: Respond, context: BoltContext) -> None:
    services = context[CONTEXT_KEY]
    with services.reads() as session:
        message = answer(session, command.get("text", ""))
    if context.get(CONTEXT_FLAG):
        ack()
        respond(**message)
    else:
        ack(**message)
