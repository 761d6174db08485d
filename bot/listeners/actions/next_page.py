"""The "Next" button under a `/leads` list: replace the list with the next page."""

from __future__ import annotations

import json

from bot.leads_command import STATES, view_page
from bot.replies import private
from bot.services import BotServices


def next_page(services: BotServices, body: dict) -> dict:
    try:
        value = json.loads(body["actions"][0]["value"])
        view, page = value["view"], int(value["page"])
        if view not in STATES:
            raise ValueError(view)
    except (KeyError, IndexError, TypeError, ValueError):
        return private("That button is out of date. Run /leads again.")
    with services.reads() as session:
        message = view_page(session, view, page, body["user"]["id"])
    return {**message, "replace_original": True}
