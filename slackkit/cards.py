"""Block Kit for the lead card in the leads channel and its thread replies.

Everything the prospect typed is escaped and sent with `verbatim: true` (or as
plain_text); buttons carry the lead id and nothing else.
"""

from __future__ import annotations

from db.models import Lead, LeadState, Resume
from service.sent_as import SentAs, sentence
from slackkit.mrkdwn import escape, plain, verbatim
from slackkit.slack_time import slack_date

CARD_EVENT = "lead_card"
MARK_REACHED_OUT = "mark_reached_out"
MOVE_TO_PENDING = "move_to_pending"
OPEN_RESUME = "open_resume"


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def card_text(lead: Lead) -> str:
    """The notification fallback text: escaped, like every piece of prospect text."""
    return f"New applicant: {escape(lead.full_name)}"


def card_metadata(lead: Lead) -> dict:
    return {"event_type": CARD_EVENT, "event_payload": {"lead_id": lead.id}}


def state_line(lead: Lead) -> str:
    if lead.state == LeadState.REACHED_OUT:
        who = f"<@{lead.state_changed_by}>" if lead.state_changed_by else "someone"
        when = f" · {slack_date(lead.state_changed_at)}" if lead.state_changed_at else ""
        return f":white_check_mark: Reached out by {who}{when}"
    if lead.state_changed_by:
        return (
            f":hourglass: Pending (moved back by <@{lead.state_changed_by}> · "
            f"{slack_date(lead.state_changed_at)})"
        )
    return ":hourglass: Pending"


def state_button(lead: Lead) -> dict:
    if lead.state == LeadState.REACHED_OUT:
        return button("Move back to pending", MOVE_TO_PENDING, lead.id)
    return button("Mark reached out", MARK_REACHED_OUT, lead.id, style="primary")


def button(label: str, action_id: str, lead_id: int, style: str | None = None) -> dict:
    element = {
        "type": "button",
        "text": plain(label),
        "action_id": action_id,
        "value": str(lead_id),
    }
    if style:
        element["style"] = style
    return element


def card_blocks(lead: Lead, resume: Resume) -> list[dict]:
    return [
        {"type": "header", "text": plain(f"New applicant: {lead.full_name}", limit=150)},
        {
            "type": "section",
            "fields": [
                verbatim(f"*Name*\n{escape(lead.full_name)}"),
                verbatim(f"*Email*\n{escape(lead.email)}"),
                verbatim(f"*Applied*\n{slack_date(lead.created_at)}"),
                verbatim(f"*Resume*\n{escape(resume.filename)} · {human_size(resume.size)}"),
            ],
        },
        {"type": "context", "elements": [verbatim(f"{state_line(lead)} · lead #{lead.id}")]},
        {
            "type": "actions",
            "block_id": f"lead_{lead.id}",
            "elements": [
                state_button(lead),
                button("Resume", OPEN_RESUME, lead.id),
            ],
        },
    ]


def applied_again_blocks(lead: Lead, resume: Resume, sent: SentAs) -> tuple[str, list[dict]]:
    """The thread reply for a resume sent later under the lead's address: who it was sent
    as when that is not the lead, and that nobody verified the address."""
    origin = escape(sentence(lead, sent))
    blocks = [
        {
            "type": "section",
            "text": verbatim(
                f":repeat: *New resume* {slack_date(resume.created_at)}\n{origin}\n"
                f"Resume: {escape(resume.filename)} · {human_size(resume.size)}"
            ),
        },
        {"type": "actions", "elements": [button("Resume", OPEN_RESUME, lead.id)]},
    ]
    return origin, blocks


def sent_as_label(sent: SentAs) -> str:
    """Who a resume was sent as, for a line of mrkdwn (escaped)."""
    if not sent.applied_again:
        return f"sent as {escape(sent.name or '')}"
    if sent.name is None:
        return "sent later, name not recorded, address not verified"
    again = "sent as" if sent.differs else "sent again as"
    return f"{again} “{escape(sent.name)}”, address not verified"
