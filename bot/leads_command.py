"""Answer `/leads [pending|reached|all|mine|unclaimed|stats|<id>|<text>|help]`: parse the
text, query, render."""

from __future__ import annotations

import re

from slack_sdk.models.blocks import Block
from sqlalchemy.orm import Session

from bot import lists
from bot.stats_blocks import stats_blocks
from db.models import Lead, LeadState
from service.queries import lead_detail, list_leads, search_leads
from service.stats import lead_stats
from slackkit.blocks import message_blocks, section

VIEWS = {
    "": "pending",
    "pending": "pending",
    "reached": "reached",
    "reached_out": "reached",
    "all": "all",
    "mine": "mine",
    "unclaimed": "unclaimed",
}
STATES = {
    "pending": LeadState.PENDING,
    "reached": LeadState.REACHED_OUT,
    "all": None,
    "mine": LeadState.PENDING,  # leads I own that still wait for me
    "unclaimed": LeadState.PENDING,
}
TEXT_MAX = 200
LEAD_ID = re.compile(r"#?(\d{1,12})")
ERASE = re.compile(r"erase\s+#?(\d{1,12})", re.IGNORECASE)


def answer(session: Session, text: str, user: str | None = None) -> dict:
    """The ephemeral message (text + blocks) that answers `user`'s command."""
    text = " ".join((text or "").split())[:TEXT_MAX]
    word = text.lower()
    if word in ("help", "?", "-h", "--help"):
        return _message("How to use /leads", lists.help_blocks())
    if word in VIEWS:
        return view_page(session, VIEWS[word], 1, user)
    if word == "stats":
        return _message("Lead statistics", stats_blocks(lead_stats(session)))
    if match := ERASE.fullmatch(text):
        return _erase(session, int(match.group(1)))
    if match := LEAD_ID.fullmatch(text):
        detail = lead_detail(session, int(match.group(1)))
        if detail is None:
            note = f"There is no lead #{match.group(1)}."
            return _message("No such lead", lists.help_blocks(note))
        return _message(f"Lead #{detail.lead.id}", lists.detail_blocks(detail))
    if not any(ch.isalnum() for ch in text) or len(text) < 2:
        return _message("How to use /leads", lists.help_blocks("I did not understand that."))
    return _message("Search results", lists.search_blocks(search_leads(session, text), text))


def _erase(session: Session, lead_id: int) -> dict:
    lead = session.get(Lead, lead_id)
    if lead is None:
        return _message("No such lead", lists.help_blocks(f"There is no lead #{lead_id}."))
    if lead.erased_at is not None:
        return _message("Already erased", [section(f"Lead #{lead_id} was already erased.")])
    return _message(f"Erase lead #{lead_id}?", lists.erase_blocks(lead_id))


def view_page(session: Session, view: str, page: int, user: str | None) -> dict:
    owner = user if view == "mine" else None
    result = list_leads(session, STATES[view], page, owner=owner, unclaimed=view == "unclaimed")
    blocks = lists.page_blocks(result, view, STATES[view], lists.TITLES.get(view))
    return _message(f"{result.total} leads", blocks)


def _message(text: str, blocks: list[Block]) -> dict:
    # Slack's JSON from here on: Bolt's ack() and respond() send it as it is.
    return {"response_type": "ephemeral", "text": text, "blocks": message_blocks(blocks)}
