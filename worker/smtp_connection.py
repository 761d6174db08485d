"""The SMTP connection a worker thread keeps across the emails of a batch.

Opening a connection costs a TCP handshake, the greeting, EHLO and, with TLS, a handshake
and maybe a login: more than sending a small message. So each worker thread keeps one,
opened on first use and re-opened when the settings change. The worker closes it when a
batch ends and it has been idle IDLE_SECONDS, or when nothing is due (`end_of_batch`):
no connection stays open while there is nothing to send.

One TLS context serves the process: built on first use by SMTP_SSL or SMTP_STARTTLS
(loading the CA certificates costs tens of milliseconds of CPU), never for plain SMTP.
"""

from __future__ import annotations

import functools
import smtplib
import ssl
import threading
import time

from config.settings import Settings

IDLE_SECONDS = 5.0
_tls_lock = threading.Lock()


@functools.cache
def build_tls_context() -> ssl.SSLContext:
    """Called once per process (its cache_info() counts the builds)."""
    return ssl.create_default_context()


def tls_context() -> ssl.SSLContext:
    with _tls_lock:  # two threads starting at once still build one
        return build_tls_context()


def dropped(exc: Exception, smtp: smtplib.SMTP) -> bool:
    """Did the server end the connection (rather than refuse this message)? smtplib
    closes its socket on a 421 reply ("closing channel")."""
    disconnected = isinstance(exc, smtplib.SMTPServerDisconnected | ConnectionError)
    return disconnected or (isinstance(exc, smtplib.SMTPException) and smtp.sock is None)


def _key(settings: Settings) -> tuple:
    return (
        settings.smtp_host,
        settings.smtp_port,
        settings.smtp_ssl,
        settings.smtp_starttls,
        settings.smtp_username,
        settings.smtp_password,
        settings.smtp_timeout,
    )


def _open(settings: Settings) -> smtplib.SMTP:
    timeout = settings.smtp_timeout
    if settings.smtp_ssl:
        smtp = smtplib.SMTP_SSL(
            settings.smtp_host, settings.smtp_port, timeout=timeout, context=tls_context()
        )
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout)
    try:
        if settings.smtp_starttls and not settings.smtp_ssl:
            smtp.starttls(context=tls_context())
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


class Connections(threading.local):
    """This thread's connection (each worker thread has its own)."""

    def __init__(self) -> None:
        self.smtp: smtplib.SMTP | None = None
        self.key: tuple | None = None
        self.used_at = 0.0
        self.opened = 0  # connections this thread has opened

    def get(self, settings: Settings) -> smtplib.SMTP:
        key = _key(settings)
        stale = time.monotonic() - self.used_at > IDLE_SECONDS
        if self.smtp is not None and (self.key != key or stale):
            self.close(polite=False)  # an idle one may be gone already: no QUIT to wait on
        if self.smtp is None:
            self.smtp, self.key = _open(settings), key
            self.opened += 1
            self.used_at = time.monotonic()
        return self.smtp

    def used(self) -> None:
        self.used_at = time.monotonic()

    def close(self, polite: bool = True) -> None:
        """Polite sends QUIT (the server logs a clean end); after an error, just hang up:
        a server that timed out would make QUIT wait out SMTP_TIMEOUT again."""
        smtp, self.smtp = self.smtp, None
        if smtp is None:
            return
        try:
            if polite:
                smtp.quit()
        except (OSError, smtplib.SMTPException):
            pass
        smtp.close()

    def end_of_batch(self, idle: bool) -> None:
        """The worker's hook: close when nothing is due, or after IDLE_SECONDS unused."""
        if idle or time.monotonic() - self.used_at > IDLE_SECONDS:
            self.close()


connections = Connections()
