"""Leads as the digest, `leads stats` and the CSV export see them: a hostile name with no
card (its card job failed), a formula-looking name, a claimed lead, leads reached out
after known delays, one lead too many for the five longest, and an erased lead.

    ids = seed(app)   # names -> lead id; times relative to `ids.now`

The previous digest was posted SINCE_DAYS ago, so the new digest covers that span.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import update

from db.models import DigestRun, JobStatus, Lead, LeadEvent, LeadState, OutboxJob
from db.types import utcnow
from service import jobs
from service.erasure import Reason, erase_lead
from service.notes import add_note
from service.ownership import claim
from service.states import change_state
from tests.support.form import post_application

HOSTILE = ("<!channel>", "<https://evil.example|click> & co")
FORMULA = ('=HYPERLINK("https://evil.example","x")', "@SUM(1+1)")
SINCE_DAYS = 5
# name: (first, last, days ago it arrived, hours to first contact or None)
LEADS = {
    "hostile": (*HOSTILE, 10, None),
    "formula": (*FORMULA, 9, None),
    "claimed": ("Grace", "Hopper", 8, None),
    "d": ("Dorothy", "Vaughan", 7, None),
    "e": ("Edith", "Clarke", 6, None),
    "fresh": ("Frances", "Allen", 0, None),
    "week_fast": ("Gladys", "West", 3, 2),
    "week_slow": ("Hedy", "Lamarr", 4, 4),
    "month": ("Ida", "Rhodes", 20, 10),
    "erased": ("Joan", "Clarke", 30, None),  # the oldest pending, but erased
}


@dataclass
class Seeded:
    ids: dict[str, int]
    now: datetime


def seed(app) -> Seeded:
    client, now = app.test_client(), utcnow()
    ids = {}
    for name, (first, last, *_rest) in LEADS.items():
        post_application(client, first_name=first, last_name=last, email=f"{name}@example.com")
        ids[name] = len(ids) + 1
    database = app.extensions["db"]
    with database.sessions.begin() as session:
        session.execute(  # the hostile lead's card never reached Slack
            update(OutboxJob)
            .where(OutboxJob.lead_id == ids["hostile"], OutboxJob.kind == jobs.SLACK_CARD)
            .values(status=JobStatus.FAILED, last_error="PermanentFailure: test")
        )
    app.extensions["worker"].drain()  # every other card posted
    with database.sessions.begin() as session:
        for name, (_first, _last, days, hours) in LEADS.items():
            _arrived(session, ids[name], now - timedelta(days=days), hours)
        claim(session, ids["claimed"], "U0MEMBER")
        add_note(session, ids["claimed"], "U0MEMBER", "called, no answer")
        add_note(session, ids["claimed"], "U0MEMBER", "try again Friday")
        erase_lead(session, ids["erased"], reason=Reason.OPERATOR)
        session.add(
            DigestRun(day=date(2000, 1, 1), as_of=now - timedelta(days=SINCE_DAYS), ts="1.000001")
        )
    app.extensions["worker"].drain()  # the thread replies, card rewrites and erasure
    return Seeded(ids, now)


def _arrived(session, lead_id: int, when: datetime, hours_to_contact: float | None) -> None:
    session.execute(update(Lead).where(Lead.id == lead_id).values(created_at=when))
    session.execute(update(LeadEvent).where(LeadEvent.lead_id == lead_id).values(created_at=when))
    if hours_to_contact is not None:
        contact = when + timedelta(hours=hours_to_contact)
        change_state(session, lead_id, LeadState.REACHED_OUT, "U0MEMBER", now=contact)
