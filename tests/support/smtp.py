"""A real SMTP server on loopback (aiosmtpd) that can be stopped and started on one port."""

from __future__ import annotations

import threading
import time
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from tests.support.ports import free_port


class _Collector:
    def __init__(self) -> None:
        self.reject_with: str | None = None  # an SMTP reply to refuse messages with
        # A reply to refuse the messages for one recipient with, after their DATA.
        self.reject_to: dict[str, str] = {}
        self.messages: list[EmailMessage] = []
        self.raw: list[bytes] = []  # each message's DATA exactly as the server received it
        self.arrivals: list[float] = []  # time.monotonic() of each accepted message
        self.envelopes: list[tuple[str, list[str]]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        if self.reject_with:
            return self.reject_with
        for recipient in envelope.rcpt_tos:
            if recipient in self.reject_to:
                return self.reject_to[recipient]
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.arrivals.append(time.monotonic())
            self.messages.append(message)
            self.raw.append(envelope.original_content)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


class SMTPServer:
    """`credentials=(user, password)` makes the server require AUTH (over plain text)."""

    def __init__(self, credentials: tuple[str, str] | None = None) -> None:
        self.port = free_port()
        self.collector = _Collector()
        self.credentials = credentials
        self.logins: list[str] = []
        self._controller: Controller | None = None

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        login = (auth_data.login.decode(), auth_data.password.decode())
        self.logins.append(login[0])
        return AuthResult(success=login == self.credentials, handled=False)

    @property
    def arrivals(self) -> list[float]:
        with self.collector.lock:
            return list(self.collector.arrivals)

    @property
    def messages(self) -> list[EmailMessage]:
        with self.collector.lock:
            return list(self.collector.messages)

    @property
    def raw_messages(self) -> list[bytes]:
        with self.collector.lock:
            return list(self.collector.raw)

    def start(self) -> None:
        auth = {}
        if self.credentials:
            auth = {
                "authenticator": self._authenticate,
                "auth_required": True,
                "auth_require_tls": False,
            }
        self._controller = Controller(self.collector, hostname="127.0.0.1", port=self.port, **auth)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.messages) >= count:
                return self.messages
            time.sleep(0.05)
        raise AssertionError(f"expected {count} messages, got {len(self.messages)}")


def use_smtp(app, server: SMTPServer, attorney: str | None = "partner@example.com") -> None:
    """Point an in-process app's mail at `server`; `attorney` gets each new lead's notice."""
    settings = app.extensions["settings"]
    settings.smtp_host = "127.0.0.1"
    settings.smtp_port = server.port
    settings.attorney_email = attorney
