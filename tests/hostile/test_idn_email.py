"""An address with an internationalised domain name, mailed through a server that does not
advertise SMTPUTF8 (like many in the wild; the form already refuses non-ASCII local parts
for that reason). The form accepts `ada@bücher.example`; the confirmation must then reach
`ada@xn--bcher-kva.example`, or the form must refuse the address: never a promise of a
confirmation that can never be sent.
"""

from __future__ import annotations

import time

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, text

from tests.support.app_process import AppProcess
from tests.support.http_client import submit
from tests.support.smtp import SMTPServer

pytestmark = pytest.mark.process

TIMEOUT = 5.0


class PlainSMTPServer(SMTPServer):
    """The loopback SMTP server, without the SMTPUTF8 extension."""

    def start(self) -> None:
        self._controller = Controller(
            self.collector, hostname="127.0.0.1", port=self.port, enable_SMTPUTF8=False
        )
        self._controller.start()


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    smtp = PlainSMTPServer()
    smtp.start()
    tmp = tmp_path_factory.mktemp("plain-smtp")
    env = {
        "SECRET_KEY": "plain-smtp-secret",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp.port),
        "WORKER_POLL_SECONDS": "0.1",
    }
    engine = create_engine(f"sqlite:///{tmp / 'leads.sqlite3'}")
    try:
        with AppProcess(tmp, env, gunicorn_workers=1) as app:
            yield app, smtp, engine
    finally:
        engine.dispose()
        smtp.stop()


def confirmation_outcome(smtp: SMTPServer, engine, ascii_address: str) -> tuple[list, str | None]:
    """Wait until the confirmation to `ascii_address` arrived or its job recorded an error;
    return (the envelopes' recipient lists for it, the job's last error)."""
    deadline = time.monotonic() + TIMEOUT
    error = None
    while time.monotonic() < deadline:
        with smtp.collector.lock:
            delivered = [rcpts for _, rcpts in smtp.collector.envelopes if ascii_address in rcpts]
        with engine.connect() as connection:
            error = connection.execute(
                text(
                    "SELECT j.last_error FROM outbox_jobs j JOIN leads l ON l.id = j.lead_id "
                    "WHERE j.kind = 'email.confirmation' AND l.email_key LIKE :local "
                    "ORDER BY j.id DESC LIMIT 1"
                ),
                {"local": ascii_address.split("@")[0] + "@%"},
            ).scalar()
        if delivered or error:
            return delivered, error
        time.sleep(0.05)
    return [], error


def test_an_ascii_address_is_confirmed_over_plain_smtp(plain):
    """The control: this server delivers ordinary confirmations."""
    app, smtp, engine = plain
    status, _, _ = submit(app, "Bob", "Plain", "bob-plain@example.com")
    assert status == 303
    delivered, error = confirmation_outcome(smtp, engine, "bob-plain@example.com")
    assert delivered == [["bob-plain@example.com"]], error


def test_an_idn_address_is_confirmed_or_refused(plain):
    app, smtp, engine = plain
    status, _, _ = submit(app, "Ada", "Idn", "ada-idn@bücher.example")
    if 400 <= status < 500:
        return  # refusing the address at the form is an honest answer too
    assert status == 303
    delivered, error = confirmation_outcome(smtp, engine, "ada-idn@xn--bcher-kva.example")
    assert error is None, error
    assert delivered == [["ada-idn@xn--bcher-kva.example"]]
