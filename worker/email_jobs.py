"""The email jobs: the prospect's confirmation and the attorney's notice.

What applicant text may go where is decided in worker/mail_text.py; worker/mailer.py
checks the rendered message before it leaves (worker/message_check.py).
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from functools import lru_cache

from sqlalchemy.orm import undefer

from config import current_settings
from db import get_db
from db.models import Lead, OutboxJob, Resume
from service import jobs
from service.resumes import attachment_name
from service.sent_as import SentAs, sent_as, sentence
from service.withdrawal import withdraw_url
from worker import mailer
from worker.errors import PermanentFailure
from worker.mail_templates import render
from worker.mail_text import attorney_subject, one_line
from worker.message_check import header_reads_back

log = logging.getLogger("leads.worker.email")


def register(worker) -> None:
    worker.register(jobs.EMAIL_CONFIRMATION, send_confirmation)
    worker.register(jobs.EMAIL_ATTORNEY, send_attorney_notice)


def send_confirmation(job: OutboxJob) -> None:
    lead, resume = _load(job, with_resume_bytes=False)
    if lead.erased_at:
        return  # erased while this job was in hand: nothing to send, nothing to report
    with _composing(job):
        message = confirmation_message(job, lead, resume)
    mailer.send(message, current_settings(), job.id)


def send_attorney_notice(job: OutboxJob) -> None:
    lead, resume = _load(job, with_resume_bytes=True)
    if lead.erased_at:
        return
    with _composing(job):
        message = attorney_message(job, lead, resume)
    mailer.send(message, current_settings(), job.id)


def confirmation_message(job: OutboxJob, lead: Lead, resume: Resume) -> EmailMessage:
    # The bare address: no applicant text in the To header (see worker/mail_text.py).
    to = Address(addr_spec=lead.email)
    settings = current_settings()
    firm = settings.firm_name
    subject = f"{firm}: we received your application" if firm else "We received your application"
    message = _message(job, to=to, subject=subject)
    context = {
        "first_name": one_line(lead.first_name),
        "applied_again": job.payload.get("applied_again", False),
        "withdraw_url": _withdraw_url(lead),
        # What happens next: what they sent, where the answer goes, when, whom to ask.
        "filename": one_line(resume.filename),
        "email": lead.email,
        "firm_name": firm,
        "reply_within": settings.reply_within,
        "contact_email": settings.contact_email,
    }
    _add_bodies(message, "email/confirmation", context)
    return message


def sender(settings) -> str:
    """MAIL_FROM's address under FIRM_NAME when it is set; MAIL_FROM as given otherwise."""
    if not settings.firm_name:
        return settings.mail_from
    address = parseaddr(settings.mail_from)[1] or settings.mail_from
    return _named(settings.firm_name, address, settings.mail_from)


def _named(firm: str, address: str, mail_from: str) -> str:
    named = str(Address(display_name=firm, addr_spec=address))
    if _from_reads_back(named):
        return named
    # Some long names (often beyond ASCII) cannot be written in From faithfully by the
    # email package; the check before sending would then refuse every confirmation.
    # The subject still names the firm.
    log.warning("FIRM_NAME cannot be written faithfully in From; sending as MAIL_FROM")
    return mail_from


@lru_cache(maxsize=8)
def _from_reads_back(named: str) -> bool:
    # Two renders and checks of a value that only changes with the settings: once each.
    return header_reads_back("From", named)


def _withdraw_url(lead: Lead) -> str:
    settings = current_settings()
    return withdraw_url(settings.secret_key, settings.public_base_url, lead.id)


def attorney_message(job: OutboxJob, lead: Lead, resume: Resume) -> EmailMessage:
    sent = sent_as(lead, resume, applied_again=job.payload.get("applied_again", False))
    subject = attorney_subject(lead.id, lead.full_name, sent)
    message = _message(job, to=job.payload["to"], subject=subject)
    _add_bodies(message, "email/attorney", _attorney_context(lead, resume, sent))
    maintype, subtype = resume.content_type.split("/", 1)
    message.add_attachment(
        resume.data, maintype=maintype, subtype=subtype, filename=attachment_name(lead, resume)
    )
    return message


def _attorney_context(lead: Lead, resume: Resume, sent: SentAs) -> dict:
    return {
        "lead": lead,
        "resume": resume,
        "full_name": one_line(lead.full_name),
        "filename": one_line(resume.filename),
        "applied_again": sent.applied_again,
        "origin": one_line(sentence(lead, sent)) if sent.applied_again else None,
    }


@contextmanager
def _composing(job: OutboxJob):
    """A message that cannot be built now never can be: fail the job, do not retry it."""
    try:
        yield
    except (ValueError, TypeError) as exc:
        raise PermanentFailure(f"cannot build the email: {type(exc).__name__}") from exc


def _add_bodies(message: EmailMessage, template: str, context: dict) -> None:
    message.set_content(render(f"{template}.txt", **context))
    message.add_alternative(render(f"{template}.html", **context), subtype="html")


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
    settings = current_settings()
    domain = parseaddr(settings.mail_from)[1].rpartition("@")[2] or "localhost"
    message = EmailMessage()
    message["From"] = sender(settings)
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(job.created_at)
    # Stable across retries, so a receiver can recognise a message delivered twice.
    message["Message-ID"] = f"<leads-job-{job.id}-{job.created_at:%Y%m%d%H%M%S}@{domain}>"
    return message
