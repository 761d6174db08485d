"""Email header and body injection through the names.

Python's email package decodes RFC 2047 encoded words in header values, and 3.11 before
3.11.10 writes a decoded CR LF out as a line break: a name could add a Reply-To or start
the body. Each hostile name is refused at the form, and, put straight into a stored lead
(as an older release or a hand edit could leave it), is still mailed harmlessly, or its
job fails for good. Every check reads the raw DATA the SMTP server received.

These run in process (the `app` fixture), on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import base64
import logging

import pytest
from sqlalchemy import select, update

from db.models import JobStatus, Lead
from service import jobs
from tests.conftest import NOTHING, count_rows
from tests.support.form import error_for, post_application
from tests.support.mail import assert_nothing_injected
from tests.support.outbox import job_of
from tests.support.smtp import use_smtp

ENCODED = "without “=?” or “?=”"
CONTROL = "letters, spaces and punctuation only"
Q_HEADER = "=?utf-8?q?Eve=0D=0AReply-To:_phish=40attacker.example=0D=0AX-Inj:?="
Q_BODY = "=?utf-8?q?Doe=0D=0A=0D=0AURGENT:_verify_your_account_at_http://evil.example/login?="


def b_word(text: str, form: str = "b") -> str:
    return f"=?utf-8?{form}?{base64.b64encode(text.encode()).decode()}?="


# id: (first name, last name, {field the form marks: what its message says})
HOSTILE = {
    "q-header-and-body": (Q_HEADER, Q_BODY, {"first_name": ENCODED, "last_name": ENCODED}),
    "q-body-in-last-name": ("Eve", Q_BODY, {"last_name": ENCODED}),
    "q-upper-case": (Q_HEADER.replace("utf-8?q", "UTF-8?Q"), "Doe", {"first_name": ENCODED}),
    "b-header": (b_word("Eve\r\nReply-To: phish@attacker.example"), "Doe", {"first_name": ENCODED}),
    "b-upper-case-body": (
        "Eve",
        b_word("Doe\r\n\r\nURGENT: see http://evil.example", "B"),
        {"last_name": ENCODED},
    ),
    "split-across-the-names": (
        "=?utf-8?q?Eve=0D=0AReply-To:",
        "phish=40attacker.example?=",
        {"first_name": ENCODED, "last_name": ENCODED},
    ),
    "folded-encoded-word": (f"Eve\r\n {Q_HEADER}", "Doe", {"first_name": CONTROL}),
    "unfolded-crlf": ("Eve\r\nReply-To: phish@attacker.example", "Doe", {"first_name": CONTROL}),
    "line-separator": ("Eve\u2028Reply-To: phish@attacker.example", "Doe", {"first_name": CONTROL}),
    "paragraph-separator": ("Eve", "Doe\u2029\u2029URGENT: log in", {"last_name": CONTROL}),
    "next-line-nel": ("Eve\x85Reply-To: phish@attacker.example", "Doe", {"first_name": CONTROL}),
    "q-encoded-line-separator": (
        "=?utf-8?q?Eve=E2=80=A8Reply-To:_phish=40attacker.example?=",
        "Doe",
        {"first_name": ENCODED},
    ),
    "q-encoded-nel": (
        "=?utf-8?q?Eve=C2=85Reply-To:_phish=40attacker.example?=",
        "Doe",
        {"first_name": ENCODED},
    ),
}
CASES = [(first, last, marked) for first, last, marked in HOSTILE.values()]


@pytest.mark.parametrize(("first", "last", "marked"), CASES, ids=HOSTILE.keys())
def test_a_hostile_name_is_refused_beside_its_field(app, client, first, last, marked):
    response = post_application(client, first_name=first, last_name=last)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    for field, message in marked.items():
        assert message in (error_for(page, field) or ""), field
    assert count_rows(app) == NOTHING


def test_an_encoded_word_in_the_address_is_refused_beside_it(app, client):
    response = post_application(client, email="=?utf-8?q?x=0D=0ABcc=3A_v?=@example.com")
    assert response.status_code == 400
    assert "valid email address" in error_for(response.get_data(as_text=True), "email")
    assert count_rows(app) == NOTHING


def store_hostile_lead(app, client, **columns) -> int:
    """A valid application, then `columns` written straight into its lead row."""
    assert post_application(client).status_code == 303
    with app.extensions["db"].sessions.begin() as session:
        lead_id = session.scalars(select(Lead.id)).one()
        session.execute(update(Lead).where(Lead.id == lead_id).values(**columns))
    return lead_id


@pytest.mark.parametrize(("first", "last", "marked"), CASES, ids=HOSTILE.keys())
def test_a_stored_hostile_name_is_mailed_harmlessly(app, client, smtp_server, first, last, marked):
    use_smtp(app, smtp_server)
    lead_id = store_hostile_lead(app, client, first_name=first, last_name=last)
    assert app.extensions["worker"].drain() == 2
    smtp_server.wait_for(2)
    received = {}
    for raw in smtp_server.raw_messages:
        message = assert_nothing_injected(raw)
        received[str(message["To"])] = message
    assert set(received) == {"ada@example.com", "partner@example.com"}
    # The name cannot stand in a header as it is, so the subject goes without it.
    assert received["partner@example.com"]["Subject"] == f"New applicant: lead #{lead_id}"
    envelopes = smtp_server.collector.envelopes
    assert sorted(rcpts for _, rcpts in envelopes) == [["ada@example.com"], ["partner@example.com"]]


def test_a_stored_encoded_word_address_fails_its_confirmation_for_good(app, client, smtp_server):
    use_smtp(app, smtp_server, attorney=None)
    address = "=?utf-8?q?x=0D=0ABcc=3A_v=40evil.example?=@example.com"
    store_hostile_lead(app, client, email=address, email_key=address)
    assert app.extensions["worker"].drain() == 1
    job = job_of(app, jobs.EMAIL_CONFIRMATION)
    assert (job.status, job.attempts) == (JobStatus.FAILED, 1)
    assert app.extensions["worker"].drain() == 0  # not retried
    assert smtp_server.raw_messages == []


GUARDS = {
    # What a careless change could do: put the name in the subject or the To header as is.
    "name-in-subject": ("worker.mail_text._faithful", lambda subject: True),
    "display-name-in-to": (
        "worker.email_jobs.Address",
        lambda addr_spec: __import__("email.headerregistry").headerregistry.Address(
            display_name=f"{Q_HEADER} {Q_BODY}", addr_spec=addr_spec
        ),
    ),
}


@pytest.mark.parametrize(("target", "replacement"), GUARDS.values(), ids=GUARDS.keys())
def test_without_its_guard_a_hostile_header_is_never_sent(
    app, client, smtp_server, caplog, monkeypatch, target, replacement
):
    """The last check (worker/message_check.py) on its own: the rendered headers do not
    read back as set, so the job fails at once, says so in the log and sends nothing."""
    monkeypatch.setattr(target, replacement)
    use_smtp(app, smtp_server)
    store_hostile_lead(app, client, first_name=Q_HEADER, last_name=Q_BODY)
    with caplog.at_level(logging.INFO):
        assert app.extensions["worker"].drain() == 2
    kind = jobs.EMAIL_ATTORNEY if target.endswith("_faithful") else jobs.EMAIL_CONFIRMATION
    job = job_of(app, kind)
    assert (job.status, job.attempts) == (JobStatus.FAILED, 1)
    assert "does not read back as set" in job.last_error
    assert f"job={job.id} not sent" in caplog.text
    assert app.extensions["worker"].drain() == 0  # a permanent failure, not a retry
    for raw in smtp_server.raw_messages:  # the other message went out, and is clean
        assert_nothing_injected(raw)
    assert len(smtp_server.raw_messages) == 1
