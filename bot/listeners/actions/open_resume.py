"""The "Resume" button: a private, 15-minute link for the clicker only."""

from __future__ import annotations

import logging

from slack_bolt import BoltContext, Respond

from bot.services import CONTEXT_KEY
from bot.state_actions import lead_id_of
from service.queries import lead_detail
from service.sizes import size_label as human_size
from slackkit.mrkdwn import escape, verbatim

log = logging.getLogger("leads.bot.actions")


def open_resume(body: dict, respond: Respond, context: BoltContext) -> None:
    """Runs after the acknowledgement (a lazy listener)."""
    services = context[CONTEXT_KEY]
    lead_id = lead_id_of(body)
    with services.reads() as session:
        detail = lead_detail(session, lead_id) if lead_id is not None else None
    if detail is None or not detail.resumes:
        respond(
            text="That lead no longer exists.", response_type="ephemeral", replace_original=False
        )
        return
    lines = [
        f"<{services.resume_url(lead_id, r.id)}|{escape(r.filename)}> · {human_size(r.size)}"
        for r in reversed(detail.resumes)
    ]
    text = (
        f"Resume of lead #{lead_id} ({escape(detail.lead.full_name)}), newest first. "
        "The link works for 15 minutes:\n" + "\n".join(lines)
    )
    log.info("resume link for lead=%s given to user=%s", lead_id, body["user"]["id"])
    respond(
        text=f"Resume link for lead #{lead_id}",
        response_type="ephemeral",
        replace_original=False,
        blocks=[{"type": "section", "text": verbatim(text)}],
    )
