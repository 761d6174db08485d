"""The email jobs: the prospect's confirmation and the attorney's notice."""

from __future__ import annotations

from contextlib import contextmanager
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from flask import current_app, render_template
from sqlalchemy.orm import undefer

from db import get_db
from db.models import Lead, OutboxJob, Resume
from service import jobs
from service.resumes import attachment_name
from worker import mailer
from worker.errors import PermanentFailure


def register(worker) -> None:
    worker.register(jobs.EMAIL_CONFIRMATION, send_confirmation)
    worker.register(jobs.EMAIL_ATTORNEY, send_attorney_notice)


def send_confirmation(job: OutboxJob) -> None:
    lead, _ = _load(job, with_resume_bytes=False)
    with _composing(job):
        message = _message(
            job,
            to=Address(display_name=lead.full_name, addr_spec=lead.email),
            subject="We received your application",
        )
        context = {"lead": lead, "applied_again": job.payload.get("applied_again", False)}
        _add_bodies(message, "email/confirmation", context)
    mailer.send(message, current_app.extensions["settings"], f"job-{job.id}")


def send_attorney_notice(job: OutboxJob) -> None:
    lead, resume = _load(job, with_resume_bytes=True)
    again = job.payload.get("applied_again", False)
    with _composing(job):
        subject = f"{'Applied again' if again else 'New applicant'}: {lead.full_name}"
        message = _message(job, to=job.payload["to"], subject=subject)
        _add_bodies(
            message, "email/attorney", {"lead": lead, "resume": resume, "applied_again": again}
        )
        maintype, subtype = resume.content_type.split("/", 1)
        message.add_attachment(
            resume.data, maintype=maintype, subtype=subtype, filename=attachment_name(lead, resume)
        )
    mailer.send(message, current_app.extensions["settings"], f"job-{job.id}")


@contextmanager
def _composing(job: OutboxJob):
    """A message that cannot be built now never can be: fail the job, do not retry it."""
    try:
        yield
    except (ValueError, TypeError) as exc:
        raise PermanentFailure(f"cannot build the email: {type(exc).__name__}") from exc


def _add_bodies(message: EmailMessage, template: str, context: dict) -> None:
    message.set_content(render_template(f"{template}.txt", **context))
    message.add_alternative(render_template(f"{template}.html", **context), subtype="html")


def _load(job: OutboxJob, *, with_resume_bytes: bool) -> tuple[Lead, Resume]:
    with get_db().reads() as session:
        lead = session.get(Lead, job.lead_id)
        options = [undefer(Resume.data)] if with_resume_bytes else []
        resume = session.get(Resume, job.payload.get("resume_id"), options=options)
        if lead is None or resume is None:
            raise PermanentFailure(f"lead {job.lead_id} or its resume no longer exists")
        session.expunge_all()
    return lead, resume


def _message(job: OutboxJob, *, to, subject: str) -> EmailMessage:
    settings = current_app.extensions["settings"]
    domain = parseaddr(settings.mail_from)[1].rpartition("@")[2] or "localhost"
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(job.created_at)
    # Stable across retries, so a receiver can recognise a message delivered twice.
    message["Message-ID"] = f"<leads-job-{job.id}-{job.created_at:%Y%m%d%H%M%S}@{domain}>"
    return message
