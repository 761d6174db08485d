"""The "Resume" button: a private, 15-minute link for the clicker only."""

from __future__ import annotations

import logging

from bot.replies import private
from bot.services import BotServices
from bot.state_actions import lead_id_of
from service.queries import lead_detail
from service.sizes import size_label as human_size
from slackkit.mrkdwn import escape, verbatim

log = logging.getLogger("leads.bot.actions")


def open_resume(services: BotServices, body: dict) -> dict:
    lead_id = lead_id_of(body)
    with services.reads() as session:
        detail = lead_detail(session, lead_id) if lead_id is not None else None
    if detail is None or not detail.resumes:
        return private("That lead no longer exists.")
    lines = [
        f"<{services.resume_url(lead_id, r.id)}|{escape(r.filename)}> · {human_size(r.size)}"
        for r in reversed(detail.resumes)
    ]
    text = (
        f"Resume of lead #{lead_id} ({escape(detail.lead.full_name)}), newest first. "
        "The link works for 15 minutes:\n" + "\n".join(lines)
    )
    log.info("resume link for lead=%s given to user=%s", lead_id, body["user"]["id"])
    return {
        **private(f"Resume link for lead #{lead_id}"),
        "blocks": [{"type": "section", "text": verbatim(text)}],
    }
