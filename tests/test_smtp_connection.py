"""One SMTP connection for the emails of a batch, re-opened when the server drops it
(nothing lost, nothing twice), closed when the worker is idle; one TLS context per
process, and none for plain SMTP. Against aiosmtpd on loopback, over STARTTLS too."""

from __future__ import annotations

import ssl

import pytest
from sqlalchemy import select

from db.models import JobStatus, OutboxJob
from tests.support.form import post_application
from tests.support.smtp import SMTPServer, self_signed_certificate
from worker import smtp_connection
from worker.smtp_connection import build_tls_context, connections

APPLICANTS = 5  # a confirmation and an attorney notice each: ten emails, one batch


def use_smtp(app, server: SMTPServer, **settings) -> None:
    values = {
        "smtp_host": "127.0.0.1",
        "smtp_port": server.port,
        "attorney_email": "partner@example.com",
        **settings,
    }
    for name, value in values.items():
        setattr(app.extensions["settings"], name, value)


def apply_and_deliver(app, client, count: int = APPLICANTS) -> int:
    for n in range(count):
        post_application(client, email=f"applicant{n}@example.com")
    return app.extensions["worker"].drain()


def email_jobs(app) -> list[OutboxJob]:
    with app.extensions["db"].sessions() as session:
        return list(session.scalars(select(OutboxJob).where(OutboxJob.kind.like("email.%"))))


def assert_each_delivered_once(app, server: SMTPServer, count: int) -> None:
    messages = server.wait_for(count)
    assert len(messages) == count
    assert len({m["Message-ID"] for m in messages}) == count  # none twice
    assert {(job.status, job.attempts) for job in email_jobs(app)} == {(JobStatus.DONE, 1)}


@pytest.fixture
def fresh_tls_context():
    """The process's TLS context is built once: forget it around the tests that count."""
    build_tls_context.cache_clear()
    yield
    build_tls_context.cache_clear()


def test_a_batch_of_emails_shares_one_connection(app, client, smtp_server, fresh_tls_context):
    use_smtp(app, smtp_server)
    assert apply_and_deliver(app, client) == 2 * APPLICANTS
    assert_each_delivered_once(app, smtp_server, 2 * APPLICANTS)
    assert list(smtp_server.connections.values()) == [2 * APPLICANTS]
    # Nothing was due at the end of the drain: the worker hung up.
    assert connections.smtp is None
    assert build_tls_context.cache_info().misses == 0  # plain SMTP: no TLS context built


def test_a_dropped_connection_is_reopened_without_losing_or_repeating_a_message(
    app, client, smtp_server
):
    use_smtp(app, smtp_server)
    smtp_server.drop_connections_after(3)
    assert apply_and_deliver(app, client) == 2 * APPLICANTS
    assert_each_delivered_once(app, smtp_server, 2 * APPLICANTS)  # no retry was needed
    assert sorted(smtp_server.connections.values()) == [1, 3, 3, 3]


def test_a_connection_idle_too_long_is_not_reused(app, client, smtp_server, monkeypatch):
    use_smtp(app, smtp_server)
    monkeypatch.setattr(smtp_connection, "IDLE_SECONDS", 0.0)
    apply_and_deliver(app, client, count=2)
    assert_each_delivered_once(app, smtp_server, 4)
    assert len(smtp_server.connections) == 4


def test_a_connection_lost_twice_retries_later(app, client, smtp_server):
    """The second try is on a fresh connection; if that fails too, the job waits."""
    use_smtp(app, smtp_server, attorney_email="")
    post_application(client)
    smtp_server.stop()  # refused: not a drop, so no second try, and nothing sent
    assert app.extensions["worker"].drain() == 1
    (job,) = email_jobs(app)
    assert job.status == JobStatus.PENDING and "mail server unavailable" in job.last_error


@pytest.fixture
def tls_server(tmp_path, monkeypatch):
    cert, key = self_signed_certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    # The client trusts this certificate the way OpenSSL is told to: SSL_CERT_FILE.
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    server = SMTPServer(tls=context)
    server.start()
    yield server
    server.stop()


def test_starttls_uses_one_context_for_every_connection(app, client, tls_server, fresh_tls_context):
    use_smtp(app, tls_server, smtp_starttls=True)
    tls_server.drop_connections_after(2)  # so that several connections need TLS
    assert apply_and_deliver(app, client, count=3) == 6
    assert_each_delivered_once(app, tls_server, 6)
    assert sorted(tls_server.connections.values()) == [2, 2, 2]
    built = build_tls_context.cache_info()
    assert (built.misses, built.hits) == (1, 2)  # built once, used by three connections
