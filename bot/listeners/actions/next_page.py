"""The "Next" button under a `/leads` list: replace the list with the next page."""

from __future__ import annotations

import json

from slack_bolt import BoltContext, Respond

from bot.leads_command import STATES, view_page
from bot.services import CONTEXT_KEY


def next_page(body: dict, respond: Respond, context: BoltContext) -> None:
    """Runs after the acknowledgement (a lazy listener)."""
    try:
        value = json.loads(body["actions"][0]["value"])
        view, page = value["view"], int(value["page"])
        if view not in STATES:
            raise ValueError(view)
    except (KeyError, IndexError, TypeError, ValueError):
        respond(
            text="That button is out of date. Run /leads again.",
            response_type="ephemeral",
            replace_original=False,
        )
        return
    with context[CONTEXT_KEY].reads() as session:
        message = view_page(session, view, page)
    respond(replace_original=True, **message)
