"""An erased lead's line in the digests that named it, rewritten to "#42 erased".

A digest names the five leads that waited longest; `digest_runs.lead_ids` says which. The
`slack.card_erase` job (worker/slack/erasure.py) calls `erase_from_digests` for the lead,
and a digest posted while its lead was being erased rewrites itself once recorded
(worker/slack/digest.py). A line already rewritten is left alone, so a retry is harmless.
"""

from __future__ import annotations

from sqlalchemy import select

from db.models import Lead
from service.digest import digests_naming
from slackkit.digest import without_lead
from worker.slack.api_errors import call_slack
from worker.slack.delivery import SlackDelivery


def erase_from_digests(delivery: SlackDelivery, lead: Lead) -> None:
    with delivery.reads() as session:
        posted = digests_naming(session, lead.id, lead.created_at)
    for channel, ts in posted:
        erase_from_digest(delivery, channel, ts, lead.id)


def erase_from_digest(delivery: SlackDelivery, channel: str, ts: str, lead_id: int) -> None:
    page = call_slack(
        "conversations.history (digest)",
        lambda: delivery.client.conversations_history(
            channel=channel, oldest=ts, latest=ts, inclusive=True, limit=1
        ),
    )
    for message in page.get("messages", []):
        blocks = without_lead(message.get("blocks") or [], lead_id)
        if message.get("ts") != ts or blocks is None:
            continue
        call_slack(
            "chat.update (digest, erased lead)",
            lambda b=blocks, m=message: delivery.client.chat_update(
                channel=channel, ts=ts, text=m.get("text", ""), blocks=b
            ),
        )


def erased_among(delivery: SlackDelivery, lead_ids: list[int]) -> list[int]:
    with delivery.reads() as session:
        query = select(Lead.id).where(Lead.id.in_(lead_ids), Lead.erased_at.is_not(None))
        return list(session.scalars(query))
