"""The outbox job that reminds the channel of a lead that waited too long.

Unclaimed: a reply in the card's thread, also sent to the channel (`reply_broadcast`),
since a reply alone is seen only by those following the thread. Still pending: a thread
reply that mentions the owner, or says there is none. The job first takes the reminder
on the lead (service/reminders.py): a lead claimed or reached out before its time, or
already reminded, gets nothing. A retried job looks for its own reply first.
"""

from __future__ import annotations

from db.models import OutboxJob
from db.types import utcnow
from service import jobs, reminders
from slackkit.activity import ACTIVITY_EVENT
from slackkit.blocks import section
from slackkit.slack_time import duration
from worker.errors import PermanentFailure, RetryLater
from worker.slack.api_errors import blocks_json
from worker.slack.delivery import SlackDelivery


def reminder_text(kind: str, waited: str, owner: str | None) -> str:
    if kind == reminders.UNCLAIMED:
        return f":alarm_clock: Nobody has claimed this lead yet; it has waited {waited}."
    if owner:
        return f":hourglass: Still pending after {waited}. <@{owner}>, it is yours."
    return f":hourglass: Still pending after {waited}, and nobody owns it."


class Reminders:
    def __init__(self, delivery: SlackDelivery) -> None:
        self.delivery = delivery

    def register(self, worker) -> None:
        worker.register(jobs.SLACK_REMINDER, self.remind)

    def remind(self, job: OutboxJob) -> None:
        kind = job.payload.get("reminder")
        if kind not in (reminders.UNCLAIMED, reminders.PENDING):
            raise PermanentFailure(f"unknown reminder {kind!r}")
        with self.delivery.sessions.begin() as session:
            lead = reminders.take(session, job.lead_id, kind, job.id)
            if lead is not None:
                session.expunge(lead)
        if lead is None:
            return  # claimed, reached out, gone, or reminded by another job
        if not lead.slack_ts:
            raise RetryLater("the lead's card is not in Slack yet")
        if job.attempts > 1 and self.delivery.find_reply(lead, job.id):
            return
        text = reminder_text(kind, duration(utcnow() - lead.created_at), lead.owner_id)
        self.delivery.post(
            "chat.postMessage (reminder)",
            channel=lead.slack_channel,
            thread_ts=lead.slack_ts,
            reply_broadcast=kind == reminders.UNCLAIMED,
            text=text,
            blocks=blocks_json([section(text)]),
            metadata={
                "event_type": ACTIVITY_EVENT,
                "event_payload": {"lead_id": lead.id, "job_id": job.id, "reminder": kind},
            },
        )
