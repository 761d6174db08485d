"""The note modal submitted: refuse an empty (or forged, over-long) note inside the modal;
otherwise store it, which also queues its reply in the card's thread."""

from __future__ import annotations

import logging

from bot.services import BotServices
from service.errors import LeadNotFound
from service.notes import add_note
from slackkit.note_modal import NOTE_BLOCK, NOTE_MAX, submitted

log = logging.getLogger("leads.bot.views")


def refuse_note(body: dict) -> dict | None:
    """The modal's errors by block, or None to accept and close it."""
    lead_id, text = submitted(body)
    if lead_id is None:
        return {NOTE_BLOCK: "This note belongs to no lead. Close it and click Add note again."}
    if not text.strip():
        return {NOTE_BLOCK: "Write something first: an empty note is not saved."}
    if len(text) > NOTE_MAX:
        return {NOTE_BLOCK: f"A note holds at most {NOTE_MAX} characters."}
    return None


def save_note(services: BotServices, body: dict) -> dict | None:
    lead_id, text = submitted(body)
    user = body["user"]["id"]
    try:
        with services.sessions.begin() as session:
            add_note(session, lead_id, user, text)
    except LeadNotFound:
        log.warning("note for missing lead=%s by user=%s dropped", lead_id, user)
        return None
    services.wake_worker()  # its reply in the card's thread
    log.info("lead=%s note by user=%s", lead_id, user)
    return None
