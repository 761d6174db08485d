"""The alert job: tell ATTORNEY_EMAIL that deliveries are failing, what to do about it.

One email per cause (see service/alerts.py). It names job and lead ids only, never an
applicant's name or address: it is about the app, not about a person.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from config import current_settings
from db import get_db
from db.models import OutboxJob
from service import alerts, jobs
from worker import mailer
from worker.errors import PermanentFailure


def register(worker) -> None:
    worker.register(jobs.EMAIL_ALERT, send_alert)


def send_alert(job: OutboxJob) -> None:
    with get_db().reads() as session:
        alert = alerts.get(session, job.payload["cause"])
        if alert is None:
            raise PermanentFailure("the alert's cause is no longer recorded")
        session.expunge(alert)
    settings = current_settings()
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = job.payload["to"]
    message["Subject"] = "Deliveries are failing: action needed"
    message["Date"] = format_datetime(job.created_at)
    domain = parseaddr(settings.mail_from)[1].rpartition("@")[2] or "localhost"
    message["Message-ID"] = make_msgid(f"leads-alert-{job.id}", domain=domain)
    message.set_content(_body(alert))
    mailer.send(message, settings, job.id)


def _body(alert) -> str:
    kind = "A Slack" if alert.cause.startswith("slack") else "An email"
    lead = f"lead #{alert.last_lead_id}" if alert.last_lead_id else "no particular lead"
    return (
        f"{kind} delivery could not be made ({lead}, job {alert.last_job_id}).\n\n"
        f"What failed: {alert.last_error}\n\n"
        f"What to do: {alerts.advice(alert.last_error or '')}\n\n"
        f"Failures with this cause so far: {alert.failures}, since "
        f"{alert.first_failed_at:%Y-%m-%d %H:%M} UTC. You get one email per cause a day, "
        "however many fail.\n\n"
        "Once it is fixed, deliver the failed jobs again on the server:\n\n"
        f"    {alerts.RETRY_ALL}\n\n"
        "and see what is still failing with: flask --app web outbox\n"
    )
