"""Block Kit for the lead card in the leads channel and its thread replies.

Everything the prospect typed is escaped and sent with `verbatim: true` (or as
plain_text); buttons carry the lead id and nothing else.
"""

from __future__ import annotations

from slack_sdk.models.blocks import Block, ButtonElement

from db.models import Lead, LeadState, Resume
from service.sent_as import SentAs, sentence
from service.sizes import size_label
from slackkit.blocks import actions, button, context, fields, header, section, user_select
from slackkit.mrkdwn import escape
from slackkit.slack_time import slack_date
from slackkit.state_labels import state_label

CARD_EVENT = "lead_card"
MARK_REACHED_OUT = "mark_reached_out"
MOVE_TO_PENDING = "move_to_pending"
OPEN_RESUME = "open_resume"
CLAIM = "claim_lead"
RELEASE = "release_lead"
ASSIGN = "assign_lead"
ADD_NOTE = "add_note"


def card_text(lead: Lead) -> str:
    """The notification fallback text: escaped, like every piece of prospect text."""
    return f"New applicant: {escape(lead.full_name)}"


def card_metadata(lead: Lead) -> dict:
    return {"event_type": CARD_EVENT, "event_payload": {"lead_id": lead.id}}


def state_line(lead: Lead) -> str:
    if lead.state == LeadState.REACHED_OUT:
        who = f"<@{lead.state_changed_by}>" if lead.state_changed_by else "someone"
        when = f" · {slack_date(lead.state_changed_at)}" if lead.state_changed_at else ""
        return f":white_check_mark: {state_label(lead.state, capital=True)} by {who}{when}"
    pending = state_label(LeadState.PENDING, capital=True)
    if lead.state_changed_by:
        return (
            f":hourglass: {pending} (moved back by <@{lead.state_changed_by}> · "
            f"{slack_date(lead.state_changed_at)})"
        )
    return f":hourglass: {pending}"


def state_button(lead: Lead) -> ButtonElement:
    if lead.state == LeadState.REACHED_OUT:
        return button(f"Move back to {state_label(LeadState.PENDING)}", MOVE_TO_PENDING, lead.id)
    return mark_reached_out_button(lead)


def mark_reached_out_button(lead: Lead) -> ButtonElement:
    label = f"Mark {state_label(LeadState.REACHED_OUT)}"
    return button(label, MARK_REACHED_OUT, lead.id, style="primary")


def owner_line(lead: Lead) -> str:
    if not lead.owner_id:
        return "Unclaimed"
    when = f" · {slack_date(lead.claimed_at)}" if lead.claimed_at else ""
    return f"Claimed by <@{lead.owner_id}>{when}"


def card_actions(lead: Lead) -> list:
    """Claim, or Release and the Assign to… picker showing the owner; the state button,
    Add note and Resume always."""
    if not lead.owner_id:
        return [claim_button(lead), state_button(lead), note_button(lead),
                resume_button(lead)]  # fmt: skip
    return [
        state_button(lead),
        button("Release", RELEASE, lead.id),
        note_button(lead),
        resume_button(lead),
        user_select("Assign to…", ASSIGN, lead.owner_id),
    ]


def claim_button(lead: Lead) -> ButtonElement:
    return button("Claim", CLAIM, lead.id)


def note_button(lead: Lead) -> ButtonElement:
    return button("Add note", ADD_NOTE, lead.id)


def resume_button(lead: Lead) -> ButtonElement:
    return button("Resume", OPEN_RESUME, lead.id)


def resume_line(resume: Resume) -> str:
    """A resume's name and size, for a line of mrkdwn (escaped)."""
    return f"{escape(resume.filename)} · {size_label(resume.size)}"


def card_blocks(lead: Lead, resume: Resume) -> list[Block]:
    return [
        header(f"New applicant: {lead.full_name}"),
        fields(
            f"*Name*\n{escape(lead.full_name)}",
            f"*Email*\n{escape(lead.email)}",
            f"*Applied*\n{slack_date(lead.created_at)}",
            f"*Resume*\n{resume_line(resume)}",
        ),
        context(f"{state_line(lead)} · lead #{lead.id}\n{owner_line(lead)}"),
        actions(*card_actions(lead), block_id=f"lead_{lead.id}"),
    ]


def applied_again_blocks(lead: Lead, resume: Resume, sent: SentAs) -> tuple[str, list[Block]]:
    """The thread reply for a resume sent later under the lead's address: who it was sent
    as when that is not the lead, and that nobody verified the address."""
    origin = escape(sentence(lead, sent))
    blocks: list[Block] = [
        section(
            f":repeat: *New resume* {slack_date(resume.created_at)}\n{origin}\n"
            f"Resume: {resume_line(resume)}"
        ),
        actions(resume_button(lead)),
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
