"""The outbox job that replies in a card's thread when something happens to the lead.

The job names a history row; the reply is built from it when it is sent. A reply is
posted once: a retried job first looks for its own reply by the job id in the message
metadata, as the applied-again reply does (worker/slack/delivery.py).
"""

from __future__ import annotations

from db.models import LeadEvent, LeadNote, OutboxJob
from service import jobs
from slackkit.activity import ACTIVITY_EVENT, activity_blocks
from worker.errors import PermanentFailure, RetryLater
from worker.slack.api_errors import blocks_json
from worker.slack.delivery import SlackDelivery


class ActivityReplies:
    def __init__(self, delivery: SlackDelivery) -> None:
        self.delivery = delivery

    def register(self, worker) -> None:
        worker.register(jobs.SLACK_ACTIVITY, self.post_activity)

    def post_activity(self, job: OutboxJob) -> None:
        lead, _ = self.delivery.load(job.lead_id)
        event, note = self._event(job.payload.get("event_id"))
        if not lead.slack_ts:
            raise RetryLater("the lead's card is not in Slack yet")
        if job.attempts > 1 and self.delivery.find_reply(lead, job.id):
            return
        text, blocks = activity_blocks(event, note)
        self.delivery.post(
            "chat.postMessage (activity)",
            channel=lead.slack_channel,
            thread_ts=lead.slack_ts,
            text=text,
            blocks=blocks_json(blocks),
            metadata={
                "event_type": ACTIVITY_EVENT,
                "event_payload": {"lead_id": lead.id, "job_id": job.id},
            },
        )

    def _event(self, event_id: int | None) -> tuple[LeadEvent, LeadNote | None]:
        with self.delivery.reads() as session:
            event = session.get(LeadEvent, event_id)
            note = session.get(LeadNote, event.note_id) if event and event.note_id else None
        if event is None:
            raise PermanentFailure(f"history row {event_id} no longer exists")
        return event, note
