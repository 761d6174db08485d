"""The "Resume" button: private, short-lived links for the clicker only."""

from __future__ import annotations

import logging

from bot.replies import private
from bot.services import BotServices
from bot.state_actions import lead_id_of
from service.queries import lead_detail
from service.resume_links import LINK_LIFETIME
from service.sizes import size_label
from slackkit.blocks import line_sections, message_blocks, section
from slackkit.mrkdwn import escape

log = logging.getLogger("leads.bot.actions")


def open_resume(services: BotServices, body: dict) -> dict:
    lead_id = lead_id_of(body)
    with services.reads() as session:
        detail = lead_detail(session, lead_id) if lead_id is not None else None
    if detail is None or not detail.resumes:
        return private("That lead no longer exists.")
    heading = (
        f"Resume of lead #{lead_id} ({escape(detail.lead.full_name)}), newest first. "
        f"The link works for {LINK_LIFETIME}:"
    )
    lines = [
        f"<{services.resume_url(lead_id, r.id)}|{escape(r.filename)}> · {size_label(r.size)}"
        for r in reversed(detail.resumes)
    ]
    log.info("resume link for lead=%s given to user=%s", lead_id, body["user"]["id"])
    return {
        **private(f"Resume link for lead #{lead_id}"),
        "blocks": message_blocks([section(heading), *line_sections(lines, max_blocks=49)]),
    }
