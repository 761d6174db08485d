"""Send an EmailMessage: over SMTP when SMTP_HOST is set, else into instance/mail/ as .eml."""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
import tempfile
from email.message import EmailMessage
from pathlib import Path

from config.settings import Settings
from worker.errors import PermanentFailure, RetryLater

log = logging.getLogger("leads.mail")


def send(message: EmailMessage, settings: Settings, name: str) -> None:
    """Deliver `message`; `name` identifies it (a job) in file names and logs."""
    if settings.smtp_host:
        _send_smtp(message, settings)
    else:
        path = _write_eml(message, Path(settings.instance_path) / "mail", name)
        log.info("SMTP_HOST is not set: wrote %s to %s", name, path)


def _send_smtp(message: EmailMessage, settings: Settings) -> None:
    context = ssl.create_default_context()
    smtp_class = smtplib.SMTP_SSL if settings.smtp_ssl else smtplib.SMTP
    kwargs = {"context": context} if settings.smtp_ssl else {}
    try:
        with smtp_class(
            settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout, **kwargs
        ) as smtp:
            if settings.smtp_starttls and not settings.smtp_ssl:
                smtp.starttls(context=context)
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password or "")
            smtp.send_message(message)
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


def _write_eml(message: EmailMessage, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.eml"
    # Write then rename, so a reader never sees half a message.
    fd, temp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        handle.write(message.as_bytes())
    os.replace(temp, target)
    return target
