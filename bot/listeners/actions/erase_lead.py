"""The "Erase lead #42" button of `/leads erase 42`, pressed after Slack's confirm dialog."""

from __future__ import annotations

import logging

from bot.replies import private
from bot.services import BotServices
from bot.state_actions import lead_id_of
from service.erasure import Reason, erase_and_flush

log = logging.getLogger("leads.bot.actions")


def erase_lead(services: BotServices, body: dict) -> dict:
    lead_id = lead_id_of(body)
    user_id = body["user"]["id"]
    if lead_id is None:
        return private("That button is out of date.")
    result = erase_and_flush(
        services.sessions, lead_id, reason=Reason.STAFF, actor=user_id, settings=services.settings
    )
    if not result.erased:
        return private(f"Lead #{lead_id} was already erased, or never existed.")
    services.wake_worker()  # rewrite the card now
    log.info("lead=%s erased by user=%s", lead_id, user_id)
    return private(f"Lead #{lead_id} erased. Its card in the channel now says so.")
