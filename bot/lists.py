"""Block Kit for `/leads` answers: a page of leads, one lead in detail, help."""

from __future__ import annotations

import json

from slack_sdk.models.blocks import Block

from db.models import Lead, LeadEvent, LeadState
from service.queries import PAGE_SIZE, LeadDetail, LeadPage
from slackkit.activity import activity_text
from slackkit.blocks import (
    MESSAGE_BLOCKS_MAX,
    actions,
    button,
    confirm_dialog,
    line_sections,
    section,
)
from slackkit.cards import (
    mark_reached_out_button,
    owner_line,
    resume_button,
    resume_line,
    sent_as_label,
    state_button,
)
from slackkit.mrkdwn import escape
from slackkit.slack_time import ago, slack_date
from slackkit.state_labels import state_label

NEXT_PAGE = "leads_next_page"
TITLES = {"mine": "of your pending", "unclaimed": "unclaimed pending"}
ERASE_LEAD = "erase_lead"

HELP = (
    "*/leads* — what is still pending, oldest first\n"
    "*/leads reached* — leads someone reached out to\n"
    "*/leads all* — every lead, newest first\n"
    "*/leads mine* — pending leads you own, oldest first\n"
    "*/leads unclaimed* — pending leads nobody has claimed, oldest first\n"
    "*/leads stats* — counts, time to claim and to first contact, who reached out\n"
    "*/leads 42* — lead #42 with its history\n"
    "*/leads ada lovelace* — search names and email\n"
    "*/leads erase 42* — erase lead #42's personal data, here and in its card\n"
    "*/leads help* — this message"
)


def help_blocks(note: str | None = None) -> list[Block]:
    return [section(f"{note}\n\n{HELP}" if note else HELP)]


def erase_blocks(lead_id: int) -> list[Block]:
    """The danger button, behind Slack's confirm dialog, that erases the lead."""
    label = f"Erase lead #{lead_id}"
    what = (
        f"Lead #{lead_id}'s names, email and resumes are deleted for good, and its card "
        "in the channel says it was erased by you. This cannot be undone."
    )
    dialog = confirm_dialog(f"{label}?", what, yes=label)
    return [
        section(f"*{label}?* {what}"),
        actions(button(label, ERASE_LEAD, lead_id, style="danger", confirm=dialog)),
    ]


def page_blocks(
    result: LeadPage, view: str, state: LeadState | None, title: str | None = None
) -> list[Block]:
    """A page of the leads in `state` (None: all), with "Next" when there are more."""
    title = f"{title or state_label(state)} " if title or state else ""
    noun = "lead" if result.total == 1 else "leads"
    heading = f"*{result.total} {title}{noun}*"
    if result.total > PAGE_SIZE:
        first = (result.page - 1) * PAGE_SIZE + 1
        heading += f" · showing {first}–{first + len(result.leads) - 1}"
    blocks: list[Block] = [section(heading)]
    blocks += [_row(lead) for lead in result.leads]
    if result.has_next:
        value = json.dumps({"view": view, "page": result.page + 1})
        blocks.append(actions(button("Next", NEXT_PAGE, value)))
    return blocks


def search_blocks(result: LeadPage, text: str) -> list[Block]:
    if not result.total:
        return help_blocks(f"No leads match “{escape(text)}”.")
    heading = f"*{result.total} {'lead matches' if result.total == 1 else 'leads match'}* "
    heading += f"“{escape(text)}”"
    if result.total > len(result.leads):
        heading += f" · the {len(result.leads)} newest; add words to narrow it"
    return [section(heading)] + [_row(lead) for lead in result.leads]


def _row(lead: Lead) -> Block:
    pending = lead.state == LeadState.PENDING
    state = "" if pending else f" · {state_label(lead.state)}"
    state += f" · <@{lead.owner_id}>" if lead.owner_id else " · unclaimed"
    return section(
        f"*#{lead.id} {escape(lead.full_name)}* · {escape(lead.email)}\n"
        f"applied {ago(lead.created_at)}{state}",
        accessory=mark_reached_out_button(lead) if pending else None,
    )


def detail_blocks(detail: LeadDetail) -> list[Block]:
    lead = detail.lead
    state = state_label(lead.state, capital=True)
    lines = [
        f"*#{lead.id} {escape(lead.full_name)}* · {escape(lead.email)} · {state}",
        owner_line(lead),
    ]
    lines += [
        f"• {slack_date(r.created_at)} resume {resume_line(r)} · "
        + sent_as_label(detail.sent_as(r))
        for r in detail.resumes
    ]
    lines += [_event_line(event) for event in detail.events]
    lines += [
        f"*Note from <@{note.author}>* {slack_date(note.created_at)}\n{escape(note.body)}"
        for note in detail.notes
    ]
    # A lead that applied again many times has more lines than one section holds.
    blocks: list[Block] = list(line_sections(lines, MESSAGE_BLOCKS_MAX - 1))
    blocks.append(actions(state_button(lead), resume_button(lead)))
    return blocks


def _event_line(event: LeadEvent) -> str:
    when = slack_date(event.created_at)
    if event.kind == "created":
        return f"• {when} applied"
    if event.kind == "applied_again":
        return f"• {when} applied again"
    if event.kind != "state_changed":  # claimed, released, assigned, noted
        return f"• {when} {activity_text(event).split(' ', 1)[1].rstrip(':')}"
    return (
        f"• {when} <@{event.actor}> moved it from {state_label(event.from_state)} "
        f"to {state_label(event.to_state)}"
    )
