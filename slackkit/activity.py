"""The replies in a card's thread that say what happened to the lead: claimed, released,
assigned, reached out, moved back, a note. One reply per history row.

A note is typed by staff but is still untrusted text: escaped like the prospect's, so
`<!channel>` stays literal and pings nobody. A note of 3,000 characters may escape to far
more than one section holds; it is split over sections, never cut.
"""

from __future__ import annotations

from slack_sdk.models.blocks import Block

from db.models import LeadEvent, LeadNote, LeadState
from slackkit.blocks import section
from slackkit.mrkdwn import TEXT_MAX, cut, escape
from slackkit.state_labels import state_label

ACTIVITY_EVENT = "lead_activity"
FALLBACK_MAX = 3000  # the notification text: a preview, the blocks carry the whole note


def activity_text(event: LeadEvent) -> str:
    """One line of mrkdwn for a history row (a note's line is its heading)."""
    who = f"<@{event.actor}>" if event.actor else "Someone"
    if event.kind == "claimed":
        return f":raising_hand: {who} claimed this"
    if event.kind == "released":
        return f":wave: {who} released this; nobody has it now"
    if event.kind == "assigned":
        return f":point_right: {who} assigned this to <@{event.subject}>"
    if event.kind == "noted":
        return f":memo: Note from {who}:"
    if event.to_state == LeadState.REACHED_OUT:
        took = " and took it" if event.subject else ""
        return f":white_check_mark: {who} marked this {state_label(LeadState.REACHED_OUT)}{took}"
    return f":hourglass: {who} moved this back to {state_label(LeadState.PENDING)}"


def activity_blocks(event: LeadEvent, note: LeadNote | None) -> tuple[str, list[Block]]:
    line = activity_text(event)
    if note is None:
        return line, [section(line)]
    body = escape(note.body)
    chunks = escaped_chunks(note.body, TEXT_MAX)
    blocks = [section(f"{line}\n{chunks[0]}"), *(section(chunk) for chunk in chunks[1:])]
    if len(line) + 1 + len(chunks[0]) > TEXT_MAX:  # the heading does not fit beside it
        blocks = [section(line), *(section(chunk) for chunk in chunks)]
    return cut(f"{line} {body}", FALLBACK_MAX), blocks


def escaped_chunks(text: str, limit: int) -> list[str]:
    """`text` escaped, in pieces of at most `limit` characters, never splitting an escape."""
    chunks, current, size = [], [], 0
    for char in text:
        piece = escape(char)
        if size + len(piece) > limit:
            chunks.append("".join(current))
            current, size = [], 0
        current.append(piece)
        size += len(piece)
    chunks.append("".join(current))
    return chunks
