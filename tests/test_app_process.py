"""The real app in its own process: form → CSRF → multipart post → outbox → email.

Only the standard library speaks HTTP here (`requests` is not a dependency).
"""

from __future__ import annotations

import email
import email.policy
from collections import Counter
from pathlib import Path

import pytest

from tests.support.app_database import all_delivered
from tests.support.app_process import AppProcess
from tests.support.files import pdf_bytes
from tests.support.http_client import apply, plain_body, wait_for

pytestmark = pytest.mark.process


# -- no SMTP_HOST: mail lands in INSTANCE_PATH/mail/ ------------------------------------


def test_application_is_confirmed_by_eml_file(tmp_path: Path) -> None:
    with AppProcess(tmp_path) as app:
        apply(app, "Ada", "Lovelace", "ada@example.com")
        files = wait_for(
            lambda: sorted(app.mail_dir.glob("*.eml")),
            "no .eml appeared under INSTANCE_PATH/mail",
            app,
        )

        message = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
        assert [a.addr_spec for a in message["To"].addresses] == ["ada@example.com"]
        assert message["Subject"] == "We received your application"
        assert "Dear Ada," in plain_body(message)
        # No ATTORNEY_EMAIL, so the confirmation is the only email. (Slack is not set up:
        # the card waits.)
        wait_for(lambda: all_delivered(app, "email."), "every email delivered", app)
        assert len(list(app.mail_dir.glob("*.eml"))) == 1


# -- a real SMTP server on loopback -----------------------------------------------------


def test_application_is_mailed_over_smtp(tmp_path: Path, smtp_server) -> None:
    env = {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_server.port),
        "ATTORNEY_EMAIL": "attorney@example.com",
    }
    with AppProcess(tmp_path, env) as app:
        apply(app, "Grace", "Hopper", "grace@example.com")
        wait_for(
            lambda: len(smtp_server.messages) >= 2,
            "the confirmation and the attorney notice did not both arrive",
            app,
        )
        # Once every email job is done, no delivery (a duplicate included) is to come.
        wait_for(lambda: all_delivered(app, "email."), "every email delivered", app)
        messages = {str(m["To"]): m for m in smtp_server.messages}
        envelopes = smtp_server.collector.envelopes
        assert not list(app.mail_dir.glob("*.eml")), "SMTP_HOST is set: nothing goes to files"

    recipients = Counter(tuple(rcpt_tos) for _, rcpt_tos in envelopes)
    assert recipients == {("grace@example.com",): 1, ("attorney@example.com",): 1}

    confirmation = messages["grace@example.com"]
    assert [a.addr_spec for a in confirmation["To"].addresses] == ["grace@example.com"]
    assert confirmation["Subject"] == "We received your application"
    assert "Dear Grace," in plain_body(confirmation)
    assert not list(confirmation.iter_attachments())

    notice = messages["attorney@example.com"]
    assert [a.addr_spec for a in notice["To"].addresses] == ["attorney@example.com"]
    assert notice["Subject"].startswith("New applicant: Grace Hopper (lead #")
    assert "grace@example.com" in plain_body(notice)
    attachments = list(notice.iter_attachments())
    assert len(attachments) == 1
    (resume,) = attachments
    assert resume.get_content_type() == "application/pdf"
    assert resume.get_filename() == "resume-Grace-Hopper.pdf"
    assert resume.get_content() == pdf_bytes(2048)
