"""The Home's Numbers on a seeded database: reminders that posted in the last 7 days (not
one that found the lead claimed, not last month's), the median time to first contact as
`/leads stats` computes it, erased leads in no list."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from db.models import JobStatus, Lead, LeadState, OutboxJob
from db.types import utcnow
from service import jobs
from service.erasure import Reason, erase_lead
from service.home import home_data
from service.outbox import enqueue
from service.states import change_state
from slackkit.home import home_view
from tests.support.home import home_text, seed_leads


def reminder(session, lead_id: int, finished_days_ago: float, took_place: bool) -> None:
    job_id = enqueue(session, jobs.SLACK_REMINDER, lead_id, {"reminder": "unclaimed"})
    finished = utcnow() - timedelta(days=finished_days_ago)
    session.execute(
        update(OutboxJob)
        .where(OutboxJob.id == job_id)
        .values(status=JobStatus.DONE, finished_at=finished)
    )
    if took_place:
        session.execute(
            update(Lead).where(Lead.id == lead_id).values(unclaimed_reminder_job=job_id)
        )


def test_the_numbers(app):
    first, second, third, fourth = seed_leads(app, 4, name="Num")
    with app.extensions["db"].sessions.begin() as session:
        reminder(session, first, 1, took_place=True)  # counted
        reminder(session, second, 0.5, took_place=False)  # found the lead claimed: no post
        reminder(session, third, 8, took_place=True)  # last week's
        arrived = session.get(Lead, fourth).created_at
        change_state(
            session, fourth, LeadState.REACHED_OUT, "U0MEMBER", now=arrived + timedelta(hours=3)
        )
        erase_lead(session, second, reason=Reason.OPERATOR)
    with app.extensions["db"].reads() as session:
        data = home_data(session, "U0MEMBER")
        text = home_text(home_view(data))
    assert data.reminders_this_week == 1
    assert data.median_to_contact == timedelta(hours=3)
    assert "(30 days)\\n3 h 00 min" in text
    assert "*Pending*\\n2" in text  # the reached-out one and the erased one are not
    assert [lead.id for lead in data.unclaimed.leads] == [first, third]
    assert "(erased)" not in text
