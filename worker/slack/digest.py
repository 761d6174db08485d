"""The outbox job that posts the morning digest to the leads channel.

The figures are read when the job runs; the five longest-waiting leads link to their
cards (chat.getPermalink). `chat.postMessage` is not idempotent: a job tried before looks
for its digest in the channel's history by the day in the message metadata, as cards are
found (worker/slack/delivery.py), and the posted message is recorded on the day's row, so
a later attempt finds it there. A digest whose day has passed (Slack was down past
midnight) is dropped: the new day has its own.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from db.models import OutboxJob
from service import jobs
from service.digest import covers_from, digest_run, local_day, record_digest
from service.digest_figures import DigestFigures, Waiting, digest_figures
from slackkit.digest import (
    DIGEST_EVENT,
    digest_blocks,
    digest_metadata,
    digest_text,
    named_leads,
)
from worker.digest import DigestTask
from worker.errors import PermanentFailure
from worker.slack.api_errors import blocks_json, call_slack
from worker.slack.delivery import SlackDelivery
from worker.slack.digest_erasure import erase_from_digest, erased_among

log = logging.getLogger("leads.worker.slack.digest")


class DigestPost:
    def __init__(self, delivery: SlackDelivery, schedule: DigestTask) -> None:
        self.delivery = delivery
        self.schedule = schedule  # its clock and TIMEZONE say which day it is

    def register(self, worker) -> None:
        worker.register(jobs.SLACK_DIGEST, self.post_digest)

    def post_digest(self, job: OutboxJob) -> None:
        day, now = date.fromisoformat(job.payload["day"]), self.schedule.now()
        if day < local_day(self.schedule.hours, now):
            log.warning("digest of %s not posted: its day has passed", day)
            return
        with self.delivery.reads() as session:
            run = digest_run(session, day)
            if run is None:
                raise PermanentFailure(f"no digest claimed for {day}")
            if run.ts:
                return  # an earlier attempt posted and recorded it
            since = covers_from(session, day, run.as_of)
            figures = digest_figures(session, since, run.as_of, now)
        found = (
            self.find_digest(day, run.as_of - timedelta(minutes=1)) if job.attempts > 1 else None
        )
        if found is None:
            ts, named = self.post(day, figures), [lead.lead_id for lead in figures.longest_waiting]
        else:
            ts, named = found
            log.info("digest of %s already in Slack (ts=%s); not posting again", day, ts)
        with self.delivery.sessions.begin() as session:
            record_digest(session, day, self.delivery.channel, ts, named)
        for lead_id in erased_among(self.delivery, named):  # erased while this was posted
            erase_from_digest(self.delivery, self.delivery.channel, ts, lead_id)

    def post(self, day: date, figures: DigestFigures) -> str:
        links = {lead.lead_id: self.link(lead) for lead in figures.longest_waiting}
        answer = self.delivery.post(
            "chat.postMessage (digest)",
            channel=self.delivery.channel,
            text=digest_text(day, figures),
            blocks=blocks_json(digest_blocks(day, figures, links)),
            metadata=digest_metadata(day, [lead.lead_id for lead in figures.longest_waiting]),
        )
        return answer["ts"]

    def link(self, lead: Waiting) -> str | None:
        """The card's permalink; None when it is not in Slack (yet, or any more)."""
        if not (lead.channel and lead.ts):
            return None
        try:
            answer = call_slack(
                "chat.getPermalink",
                lambda: self.delivery.client.chat_getPermalink(
                    channel=lead.channel, message_ts=lead.ts
                ),
            )
        except PermanentFailure:  # the card was deleted, or the bot left its channel
            return None
        return answer.get("permalink")

    def find_digest(self, day: date, oldest) -> tuple[str, list[int]] | None:
        """The digest of `day` if Slack has it: its ts and the leads it names."""
        for message in self.delivery.messages(
            "conversations.history",
            lambda cursor: self.delivery.client.conversations_history(
                channel=self.delivery.channel,
                oldest=f"{oldest.timestamp():.6f}",
                include_all_metadata=True,
                limit=200,
                cursor=cursor,
            ),
        ):
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == DIGEST_EVENT and payload.get("day") == day.isoformat():
                return message["ts"], named_leads(payload)
        return None
