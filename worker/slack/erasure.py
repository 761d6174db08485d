"""The `slack.card_erase` job: an erased lead's card and the bot's thread replies rewritten.

The card becomes one line ("Application #42 erased · at the applicant's request") with no
buttons; each reply the bot posted for the lead (known by its metadata) becomes "Erased.";
its line in any morning digest that named it becomes "#42 erased".
A lead whose card never reached Slack needs nothing. Slack down: the job retries.
"""

from __future__ import annotations

from db.models import Lead, LeadErasure, OutboxJob
from service import jobs
from service.erasure import Reason
from slackkit.blocks import section
from worker.errors import PermanentFailure
from worker.slack.api_errors import blocks_json, call_slack
from worker.slack.delivery import SlackDelivery
from worker.slack.digest_erasure import erase_from_digests

REPLY_TEXT = "Erased."
REPLY_BLOCKS = blocks_json([section(REPLY_TEXT)])


def erased_line(lead_id: int, reason: str, actor: str | None) -> str:
    why = {
        Reason.APPLICANT: "at the applicant's request",
        Reason.RETENTION: "retention period ended",
        Reason.OPERATOR: "by the operator",
    }.get(reason) or (f"by <@{actor}>" if actor else "by staff")
    return f"Application #{lead_id} erased · {why}"


class SlackErasure:
    def __init__(self, delivery: SlackDelivery) -> None:
        self.delivery = delivery
        self.client = delivery.client

    def register(self, worker) -> None:
        worker.register(jobs.SLACK_CARD_ERASE, self.erase_card)

    def erase_card(self, job: OutboxJob) -> None:
        lead, erasure = self._load(job.lead_id)
        erase_from_digests(self.delivery, lead)  # a digest may name a lead with no card
        ts = lead.slack_ts or self.delivery.find_card(lead)
        if ts is None:
            return  # never posted, and any card job still to come was cancelled
        channel = lead.slack_channel or self.delivery.channel
        self._rewrite_replies(lead, channel, ts)
        line = erased_line(lead.id, erasure.reason, erasure.actor)
        call_slack(
            "chat.update (erased card)",
            lambda: self.client.chat_update(
                channel=channel, ts=ts, text=line, blocks=blocks_json([section(line)])
            ),
        )

    def _rewrite_replies(self, lead: Lead, channel: str, ts: str) -> None:
        for message in self.delivery.messages(
            "conversations.replies",
            lambda cursor: self.client.conversations_replies(
                channel=channel, ts=ts, include_all_metadata=True, limit=200, cursor=cursor
            ),
        ):
            payload = (message.get("metadata") or {}).get("event_payload") or {}
            if message["ts"] == ts or payload.get("lead_id") != lead.id:
                continue
            if message.get("text") == REPLY_TEXT:
                continue  # rewritten by an earlier attempt
            call_slack(
                "chat.update (erased reply)",
                lambda m=message: self.client.chat_update(
                    channel=channel, ts=m["ts"], text=REPLY_TEXT, blocks=REPLY_BLOCKS
                ),
            )

    def _load(self, lead_id: int | None) -> tuple[Lead, LeadErasure]:
        with self.delivery.reads() as session:
            lead = session.get(Lead, lead_id)
            erasure = session.query(LeadErasure).filter_by(lead_id=lead_id).first()
        if lead is None or erasure is None:
            raise PermanentFailure(f"lead {lead_id} has no erasure to show")
        return lead, erasure
