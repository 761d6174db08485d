"""Send an EmailMessage: over SMTP when SMTP_HOST is set, else into instance/mail/ as .eml.

Either way the bytes that leave are rendered once and checked first
(worker/message_check.py): a message whose headers do not read back as set is a
permanent failure of its job, never retried and never sent.

Over SMTP, the emails of a batch share one connection (worker/smtp_connection.py).
"""

from __future__ import annotations

import logging
import os
import smtplib
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path

from config.settings import Settings
from worker.errors import PermanentFailure, RetryLater
from worker.message_check import UnsafeMessage, rendered
from worker.smtp_connection import connections, dropped

log = logging.getLogger("leads.mail")


def send(message: EmailMessage, settings: Settings, job_id: int) -> None:
    """Deliver `message`, the email of job `job_id`."""
    sender, recipients = _envelope(message)
    # Addresses beyond ASCII need SMTPUTF8 and headers written as UTF-8 (as send_message
    # would do); everything else is rendered in plain ASCII.
    international = not all(address.isascii() for address in (sender, *recipients))
    try:
        data = rendered(message, utf8=international)
    except UnsafeMessage as exc:
        log.error("job=%s not sent: %s", job_id, exc)
        raise PermanentFailure(f"not sent: {exc}") from exc
    if settings.smtp_host:
        options = ["SMTPUTF8", "BODY=8BITMIME"] if international else []
        _send_smtp(data, sender, recipients, options, settings)
    else:
        path = _write_eml(data, Path(settings.instance_path) / "mail", f"job-{job_id}")
        log.info("SMTP_HOST is not set: wrote job=%s to %s", job_id, path)


def _envelope(message: EmailMessage) -> tuple[str, list[str]]:
    """The envelope from the parsed From and To headers (what send_message would use)."""
    try:
        sender = message["From"].addresses[0].addr_spec
        recipients = [address.addr_spec for address in message["To"].addresses]
    except (AttributeError, IndexError, TypeError) as exc:
        raise PermanentFailure("the message has no usable From or To address") from exc
    if not recipients or not all(recipients):
        raise PermanentFailure("the message has no usable To address")
    return sender, recipients


def _send_smtp(
    data: bytes, sender: str, recipients: list[str], options: list[str], settings: Settings
) -> None:
    with _smtp_errors():
        for attempt in (1, 2):
            smtp = connections.get(settings)
            try:
                smtp.sendmail(sender, recipients, data, mail_options=options)
            except Exception as exc:
                connections.close(polite=False)  # after any error, the next message starts afresh
                # A reused connection the server has dropped (idle timeout, restart, a
                # 421): once more on a fresh one, then retry later. Nothing is lost.
                if attempt == 1 and dropped(exc, smtp):
                    log.info("SMTP connection dropped (%s); reconnecting", type(exc).__name__)
                    continue
                raise
            connections.used()
            return


@contextmanager
def _smtp_errors() -> Iterator[None]:
    """The mail server's answers in the outbox's words: fail now, or retry later."""
    try:
        yield
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        if all(code >= 500 for code in codes):
            raise PermanentFailure(f"recipient refused by the mail server: {codes}") from exc
        raise RetryLater(f"recipient deferred by the mail server: {codes}") from exc
    except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
        # 5xx refuses this message for good (policy, size, spam); 4xx asks to retry.
        # The server's words go into the job's error; the runner redacts addresses.
        reply = f"{exc.smtp_code} {exc.smtp_error.decode('utf-8', 'replace')[:200]}"
        if exc.smtp_code >= 500:
            raise PermanentFailure(f"message refused by the mail server: {reply}") from exc
        raise RetryLater(f"message deferred by the mail server: {reply}") from exc
    except smtplib.SMTPAuthenticationError as exc:
        # Wrong credentials do not fix themselves quickly, but an operator can fix them:
        # keep retrying (with backoff) so no message is lost meanwhile.
        raise RetryLater(
            f"SMTP login failed ({exc.smtp_code}); check SMTP_USERNAME and SMTP_PASSWORD"
        ) from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise RetryLater(f"mail server unavailable: {type(exc).__name__}: {exc}") from exc


def _write_eml(data: bytes, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.eml"
    # Write then rename, so a reader never sees half a message.
    fd, temp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(temp, target)
    return target
