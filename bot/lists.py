"""Block Kit for `/leads` answers: a page of leads, one lead in detail, help."""

from __future__ import annotations

import json

from db.models import LeadState
from service.queries import PAGE_SIZE, LeadDetail, LeadPage
from slackkit.cards import (
    MARK_REACHED_OUT,
    OPEN_RESUME,
    button,
    human_size,
    sent_as_label,
    state_button,
)
from slackkit.mrkdwn import escape, verbatim
from slackkit.slack_time import ago, slack_date

NEXT_PAGE = "leads_next_page"
VIEW_TITLES = {"pending": "pending", "reached": "reached out", "all": ""}

HELP = (
    "*/leads* — what is still pending, oldest first\n"
    "*/leads reached* — leads someone reached out to\n"
    "*/leads all* — every lead, newest first\n"
    "*/leads 42* — lead #42 with its history\n"
    "*/leads ada lovelace* — search names and email\n"
    "*/leads help* — this message"
)


def help_blocks(note: str | None = None) -> list[dict]:
    text = f"{note}\n\n{HELP}" if note else HELP
    return [{"type": "section", "text": verbatim(text)}]


def page_blocks(result: LeadPage, view: str) -> list[dict]:
    title = VIEW_TITLES.get(view, "")
    noun = "lead" if result.total == 1 else "leads"
    heading = f"*{result.total} {title + ' ' if title else ''}{noun}*"
    if result.total > PAGE_SIZE:
        first = (result.page - 1) * PAGE_SIZE + 1
        heading += f" · showing {first}–{first + len(result.leads) - 1}"
    blocks: list[dict] = [{"type": "section", "text": verbatim(heading)}]
    blocks += [_row(lead) for lead in result.leads]
    if result.has_next and view in VIEW_TITLES:
        value = json.dumps({"view": view, "page": result.page + 1})
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": "Next"},
                        "action_id": NEXT_PAGE,
                        "value": value,
                    },
                ],
            }
        )
    return blocks


def search_blocks(result: LeadPage, text: str) -> list[dict]:
    if not result.total:
        return help_blocks(f"No leads match “{escape(text)}”.")
    heading = f"*{result.total} {'lead matches' if result.total == 1 else 'leads match'}* "
    heading += f"“{escape(text)}”"
    if result.total > len(result.leads):
        heading += f" · the {len(result.leads)} newest; add words to narrow it"
    return [{"type": "section", "text": verbatim(heading)}] + [_row(lead) for lead in result.leads]


def _row(lead) -> dict:
    state = "" if lead.state == LeadState.PENDING else " · reached out"
    row = {
        "type": "section",
        "text": verbatim(
            f"*#{lead.id} {escape(lead.full_name)}* · {escape(lead.email)}\n"
            f"applied {ago(lead.created_at)}{state}"
        ),
    }
    if lead.state == LeadState.PENDING:
        row["accessory"] = button("Mark reached out", MARK_REACHED_OUT, lead.id, style="primary")
    return row


def detail_blocks(detail: LeadDetail) -> list[dict]:
    lead = detail.lead
    state = "Pending" if lead.state == LeadState.PENDING else "Reached out"
    lines = [f"*#{lead.id} {escape(lead.full_name)}* · {escape(lead.email)} · {state}"]
    lines += [
        f"• {slack_date(r.created_at)} resume {escape(r.filename)} · {human_size(r.size)} · "
        + sent_as_label(detail.sent_as(r))
        for r in detail.resumes
    ]
    lines += [_event_line(event) for event in detail.events]
    return [
        {"type": "section", "text": verbatim("\n".join(lines))},
        {
            "type": "actions",
            "elements": [state_button(lead), button("Resume", OPEN_RESUME, lead.id)],
        },
    ]


def _event_line(event) -> str:
    when = slack_date(event.created_at)
    if event.kind == "created":
        return f"• {when} applied"
    if event.kind == "applied_again":
        return f"• {when} applied again"
    names = {"PENDING": "pending", "REACHED_OUT": "reached out"}
    return (
        f"• {when} <@{event.actor}> moved it from {names.get(event.from_state, '?')} "
        f"to {names.get(event.to_state, '?')}"
    )
