"""Block Kit for the morning digest in the leads channel.

Names are what prospects typed: escaped, in mrkdwn sent verbatim. Each of the five leads
that have waited longest links to its card (a permalink from chat.getPermalink) when the
card is in Slack. The message carries the day in its metadata, so a retried post can find
the digest it may already have posted. Each lead's line starts with its id, so erasing the
lead rewrites its line to "#42 erased" (worker/slack/erasure.py).
"""

from __future__ import annotations

import re
from datetime import date

from slack_sdk.models.blocks import Block

from service.digest_figures import DigestFigures, Waiting
from service.stats import Spread
from slackkit.blocks import context, fields, header, section
from slackkit.mrkdwn import escape
from slackkit.slack_time import duration, slack_date

DIGEST_EVENT = "leads_digest"


def digest_metadata(day: date, lead_ids: list[int]) -> dict:
    """The day (a retried post finds its digest by it) and the leads it names, as text:
    Slack's payload values are strings, numbers, booleans or objects, not lists of ids."""
    ids = ",".join(str(lead_id) for lead_id in lead_ids)
    return {"event_type": DIGEST_EVENT, "event_payload": {"day": day.isoformat(), "lead_ids": ids}}


def named_leads(payload: dict) -> list[int]:
    """The lead ids a digest's metadata names."""
    return [int(part) for part in str(payload.get("lead_ids") or "").split(",") if part]


def digest_text(day: date, figures: DigestFigures) -> str:
    """The notification's fallback text: counts only, no names."""
    return (
        f"Leads digest for {day:%A %d %B}: {figures.new_leads} new, "
        f"{figures.pending} pending ({figures.unclaimed} unclaimed)"
    )


def waiting_line(number: int, lead: Waiting, link: str | None, figures: DigestFigures) -> str:
    name = escape(f"{lead.first_name} {lead.last_name}".strip())
    shown = f"<{escape(link)}|{name}>" if link else f"{name} (no card yet)"
    owner = f"<@{lead.owner_id}>" if lead.owner_id else "unclaimed"
    waited = duration(figures.as_of - lead.arrived)
    # The id first: what an erasure finds the line by (a name cannot start a line).
    return f"{number}. #{lead.lead_id} {shown} · waiting {waited} · {owner}"


def without_lead(blocks: list[dict], lead_id: int) -> list[dict] | None:
    """A posted digest's blocks with the erased lead's line reduced to its number and id;
    None when no line names it (not listed, or already rewritten)."""
    named = re.compile(rf"^(\d+)\. #{lead_id} (?!erased$).*$", re.MULTILINE)
    changed = False
    for block in blocks:
        text = block.get("text") or {}
        if block.get("type") == "section" and named.search(text.get("text", "")):
            text["text"] = named.sub(rf"\1. #{lead_id} erased", text["text"])
            changed = True
    return blocks if changed else None


def _median(name: str, value: Spread) -> str:
    return f"*{name}*\n{duration(value.median)} ({value.count} leads reached out)"


def digest_blocks(day: date, figures: DigestFigures, links: dict[int, str | None]) -> list[Block]:
    waiting = [
        waiting_line(n, lead, links.get(lead.lead_id), figures)
        for n, lead in enumerate(figures.longest_waiting, start=1)
    ]
    blocks: list[Block] = [
        header(f"Leads digest · {day:%A %d %B}"),
        section(
            f"Since the last digest ({slack_date(figures.since)}): "
            f"*{figures.new_leads}* new · *{figures.reached_out}* reached out\n"
            f"Now pending: *{figures.pending}*, of which unclaimed: *{figures.unclaimed}*"
        ),
        section("*Waited longest*" if waiting else "*Waited longest*\nNobody is waiting."),
        # A section each: five of the longest names, escaped, would not fit in one.
        *(section(line) for line in waiting),
        fields(
            _median("Median time to first contact, 7 days", figures.contact_week),
            _median("Median time to first contact, 30 days", figures.contact_month),
        ),
    ]
    if figures.failed_deliveries:
        blocks.append(
            context(
                f":warning: {figures.failed_deliveries} failed deliveries: "
                "`flask --app web outbox` lists them"
            )
        )
    return blocks
