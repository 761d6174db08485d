"""The "Add note" button: open the note modal with the click's trigger_id.

Slack takes a trigger for three seconds: the modal opens from the lazy listener right
after the ack and the membership verdict, with the interactive client's short timeout.
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.replies import private
from bot.services import BotServices
from bot.state_actions import lead_id_of
from slackkit.note_modal import note_view

log = logging.getLogger("leads.bot.actions")


def add_note(services: BotServices, body: dict) -> dict | None:
    lead_id = lead_id_of(body)
    if lead_id is None or services.client is None:
        return private("That button is out of date.")
    try:
        services.client.views_open(trigger_id=body.get("trigger_id"), view=note_view(lead_id))
    except SlackApiError as exc:
        error = exc.response.get("error")
        log.warning("views.open failed for lead=%s: %s", lead_id, error)
        return private("The note could not be opened in time. Please click Add note again.")
    return None
