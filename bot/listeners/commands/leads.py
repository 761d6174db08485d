"""`/leads`: answered from the database only, ephemerally: in the acknowledgement itself,
or through the response_url when the request was deferred (see bot/deferral.py)."""

from __future__ import annotations

import logging

from slack_bolt import Ack, BoltContext, Respond

from bot.deferral import CONTEXT_FLAG
from bot.leads_command import answer
from bot.listeners.errors import SORRY
from bot.services import CONTEXT_KEY

log = logging.getLogger("leads.bot")


def leads_command(ack: Ack, command: dict, respond: Respond, context: BoltContext) -> None:
    try:
        with context[CONTEXT_KEY].reads() as session:
            message = answer(session, command.get("text", ""))
    except Exception:  # the asker still gets an answer, the log the traceback
        log.exception("/leads failed (user=%s)", command.get("user_id"))
        message = {"response_type": "ephemeral", "text": SORRY}
    if context.get(CONTEXT_FLAG):
        ack()
        respond(**message)
    else:
        ack(**message)
