"""Outbox jobs that talk to Slack: post the lead card, reply in its thread, rewrite it.

`chat.postMessage` is not idempotent: when an earlier attempt may have reached Slack
(the job was tried before), look for the message by its metadata first.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from slack_sdk import WebClient

from db import Database
from db.models import Lead, OutboxJob, Resume
from service import jobs
from service.cards import record_card
from service.queries import first_resume
from service.reminders import ReminderPlan, schedule
from service.sent_as import sent_as
from slackkit.cards import CARD_EVENT, applied_again_blocks, card_blocks, card_metadata, card_text
from worker.errors import PermanentFailure, RetryLater
from worker.slack.api_errors import blocks_json, call_slack
from worker.slack.throttle import ChannelThrottle

log = logging.getLogger("leads.worker.slack.delivery")
REPLY_EVENT = "lead_applied_again"
HISTORY_PAGES = 5


class SlackDelivery:
    def __init__(
        self,
        client: WebClient,
        channel: str,
        database: Database,
        throttle: ChannelThrottle,
        reminders: ReminderPlan | None = None,
    ) -> None:
        self.reminders = reminders  # queued when the card is in Slack (service/reminders.py)
        self.client = client
        self.channel = channel
        self.sessions = database.sessions
        self.reads = database.reads
        self.throttle = throttle

    def register(self, worker) -> None:
        worker.register(jobs.SLACK_CARD, self.post_card)
        worker.register(jobs.SLACK_APPLIED_AGAIN, self.post_applied_again)
        worker.register(jobs.SLACK_CARD_REFRESH, self.refresh_card)

    # -- jobs ---------------------------------------------------------------------------

    def post_card(self, job: OutboxJob) -> None:
        lead, resume = self.load(job.lead_id)
        if lead.erased_at:
            return  # the card_erase job speaks for an erased lead
        if lead.slack_ts:
            return  # an earlier attempt got as far as recording it
        ts = self.find_card(lead) if job.attempts > 1 else None
        if ts is None:
            answer = self.post(
                "chat.postMessage (card)",
                channel=self.channel,
                text=card_text(lead),
                blocks=blocks_json(card_blocks(lead, resume)),
                metadata=card_metadata(lead),
            )
            ts = answer["ts"]
        else:
            log.info("lead=%s card already in Slack (ts=%s); not posting again", lead.id, ts)
        self._record_card(lead, ts, posted_state=lead.state)

    def post_applied_again(self, job: OutboxJob) -> None:
        lead, _ = self.load(job.lead_id)
        if lead.erased_at:
            return  # the card_erase job speaks for an erased lead
        resume = self._resume(job.payload.get("resume_id"))
        if not lead.slack_ts:
            raise RetryLater("the lead's card is not in Slack yet")
        if job.attempts > 1 and self.find_reply(lead, job.id):
            return
        text, blocks = applied_again_blocks(lead, resume, sent_as(lead, resume, applied_again=True))
        metadata = {
            "event_type": REPLY_EVENT,
            "event_payload": {"lead_id": lead.id, "job_id": job.id},
        }
        self.post(
            "chat.postMessage (applied again)",
            channel=lead.slack_channel,
            thread_ts=lead.slack_ts,
            text=text,
            blocks=blocks_json(blocks),
            metadata=metadata,
        )

    def refresh_card(self, job: OutboxJob) -> None:
        lead, resume = self.load(job.lead_id)
        if lead.erased_at:
            return  # the card_erase job speaks for an erased lead
        if not lead.slack_ts:
            return  # the card is posted from the lead's current state when it goes out
        call_slack(
            "chat.update (card)",
            lambda: self.client.chat_update(
                channel=lead.slack_channel,
                ts=lead.slack_ts,
                text=card_text(lead),
                blocks=blocks_json(card_blocks(lead, resume)),
            ),
        )

    # -- helpers ------------------------------------------------------------------------

    def post(self, description: str, channel: str, **message) -> dict:
        """chat.postMessage, spaced per channel; a 429 pauses the whole channel."""
        self.throttle.wait(channel)
        try:
            return call_slack(
                description,
                lambda: self.client.chat_postMessage(
                    channel=channel, unfurl_links=False, unfurl_media=False, **message
                ),
            )
        except RetryLater as exc:
            if exc.delay is not None:  # only a 429 names its own delay
                self.throttle.pause(channel, exc.delay.total_seconds())
            raise

    def load(self, lead_id: int | None) -> tuple[Lead, Resume]:
        with self.reads() as session:
            lead = session.get(Lead, lead_id)
            # The card is the application: it shows the resume sent with it. Later ones,
            # perhaps from someone else, go to its thread with who sent them.
            resume = first_resume(session, lead_id) if lead else None
            if lead is None or resume is None:
                raise PermanentFailure(f"lead {lead_id} no longer exists")
        return lead, resume

    def _resume(self, resume_id: int | None) -> Resume:
        with self.reads() as session:
            resume = session.get(Resume, resume_id)
        if resume is None:
            raise PermanentFailure(f"resume {resume_id} no longer exists")
        return resume

    def _record_card(self, lead: Lead, ts: str, posted_state: str) -> None:
        with self.sessions.begin() as session:
            record_card(session, lead.id, self.channel, ts, posted_state)
            if self.reminders is not None:
                schedule(session, lead, self.reminders)

    def find_card(self, lead: Lead) -> str | None:
        oldest = f"{(lead.created_at - timedelta(minutes=1)).timestamp():.6f}"
        for message in self.messages(
            "conversations.history",
            lambda cursor: self.client.conversations_history(
                channel=self.channel,
                oldest=oldest,
                include_all_metadata=True,
                limit=200,
                cursor=cursor,
            ),
        ):
            metadata = message.get("metadata") or {}
            if (
                metadata.get("event_type") == CARD_EVENT
                and metadata.get("event_payload", {}).get("lead_id") == lead.id
            ):
                return message["ts"]
        return None

    def find_reply(self, lead: Lead, job_id: int) -> bool:
        for message in self.messages(
            "conversations.replies",
            lambda cursor: self.client.conversations_replies(
                channel=lead.slack_channel,
                ts=lead.slack_ts,
                include_all_metadata=True,
                limit=200,
                cursor=cursor,
            ),
        ):
            payload = (message.get("metadata") or {}).get("event_payload", {})
            if payload.get("job_id") == job_id:
                return True
        return False

    def messages(self, description: str, fetch):
        cursor = None
        for _ in range(HISTORY_PAGES):
            page = call_slack(description, lambda c=cursor: fetch(c))
            yield from page.get("messages", [])
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return
