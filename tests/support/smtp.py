"""A real SMTP server on loopback (aiosmtpd) that can be stopped and started on one port,
speak STARTTLS with a certificate made for the test, and drop connections on purpose."""

from __future__ import annotations

import asyncio
import ssl
import subprocess
import threading
import time
from collections import Counter
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from tests.support.ports import free_port


class _Collector:
    def __init__(self) -> None:
        self.reject_with: str | None = None  # an SMTP reply to refuse messages with
        # A reply to refuse the messages for one recipient with, after their DATA.
        self.reject_to: dict[str, str] = {}
        # Each message's content, parsed when first asked for: parsing at arrival would
        # spend the server's (the load generator's) CPU while a benchmark measures.
        self.contents: list[bytes] = []
        self.parsed: list[EmailMessage] = []
        self.raw: list[bytes] = []  # each message's DATA exactly as the server received it
        self.arrivals: list[float] = []  # time.monotonic() of each accepted message
        self.envelopes: list[tuple[str, list[str]]] = []
        # The client's (address, port) of each accepted message: one per TCP connection.
        self.peers: list[tuple] = []
        self.drop_after: int | None = None  # hang up after this many messages on a connection
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        if self.reject_with:
            return self.reject_with
        for recipient in envelope.rcpt_tos:
            if recipient in self.reject_to:
                return self.reject_to[recipient]
        with self.lock:
            self.arrivals.append(time.monotonic())
            self.contents.append(envelope.content)
            self.raw.append(envelope.original_content)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self.peers.append(session.peer)
            on_this_connection = self.peers.count(session.peer)
        if self.drop_after and on_this_connection % self.drop_after == 0:
            # After the 250 has gone out, as a server's idle timeout or restart would: the
            # client learns of it only when it next uses the connection.
            asyncio.get_running_loop().call_soon(server.transport.close)
        return "250 Message accepted for delivery"


class SMTPServer:
    """`credentials=(user, password)` makes the server require AUTH (over plain text)."""

    def __init__(
        self, credentials: tuple[str, str] | None = None, tls: ssl.SSLContext | None = None
    ) -> None:
        self.port = free_port()
        self.collector = _Collector()
        self.credentials = credentials
        self.tls = tls  # a server context: STARTTLS offered and required
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
        collector = self.collector
        with collector.lock:
            for content in collector.contents[len(collector.parsed) :]:
                collector.parsed.append(message_from_bytes(content, policy=policy.default))
            return list(collector.parsed)

    @property
    def raw_messages(self) -> list[bytes]:
        with self.collector.lock:
            return list(self.collector.raw)

    @property
    def connections(self) -> Counter:
        """Messages accepted per client connection."""
        with self.collector.lock:
            return Counter(self.collector.peers)

    def drop_connections_after(self, messages: int | None) -> None:
        self.collector.drop_after = messages

    def start(self) -> None:
        auth = {}
        if self.credentials:
            auth = {
                "authenticator": self._authenticate,
                "auth_required": True,
                "auth_require_tls": False,
            }
        if self.tls:
            auth.update(tls_context=self.tls, require_starttls=True)
        self._controller = Controller(self.collector, hostname="127.0.0.1", port=self.port, **auth)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.arrivals) >= count:
                return self.messages
            time.sleep(0.05)
        raise AssertionError(f"expected {count} messages, got {len(self.messages)}")


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, made by the openssl command."""
    cert, key = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


def use_smtp(app, server: SMTPServer, attorney: str | None = "partner@example.com") -> None:
    """Point an in-process app's mail at `server`; `attorney` gets each new lead's notice."""
    settings = app.extensions["settings"]
    settings.smtp_host = "127.0.0.1"
    settings.smtp_port = server.port
    settings.attorney_email = attorney
