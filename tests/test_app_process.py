"""The real app in its own process: form → CSRF → multipart post → outbox → email.

Only the standard library speaks HTTP here (`requests` is not a dependency).
"""

from __future__ import annotations

import email
import email.policy
import html
import http.client
import re
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from email.message import EmailMessage
from http.cookies import SimpleCookie
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.support.app_process import AppProcess, free_port
from tests.support.files import pdf_bytes

pytestmark = pytest.mark.process

DELIVERY_TIMEOUT = 10.0
T = TypeVar("T")


# -- a tiny HTTP client -----------------------------------------------------------------


def _request(
    app: AppProcess,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[http.client.HTTPResponse, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", app.port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response, response.read()
    finally:
        connection.close()


def _fetch_form(app: AppProcess) -> tuple[str, str]:
    """GET / and return (csrf_token from the page, leads_csrf cookie value)."""
    response, body = _request(app, "GET", "/")
    assert response.status == 200
    page = body.decode()
    match = re.search(r'<input type="hidden" name="csrf_token" value="([^"]+)"', page)
    assert match, "the form carries no csrf_token"
    cookies = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    assert "leads_csrf" in cookies, "GET / set no leads_csrf cookie"
    return html.unescape(match.group(1)), cookies["leads_csrf"].value


def _multipart(
    fields: dict[str, str], files: dict[str, tuple[str, str, bytes]]
) -> tuple[bytes, str]:
    boundary = f"----leads-test-{uuid.uuid4().hex}"
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for name, (filename, content_type, data) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _apply(app: AppProcess, first: str, last: str, address: str) -> None:
    """Fill in and post the form as a browser would; assert the 303 to /thanks."""
    token, cookie = _fetch_form(app)
    body, content_type = _multipart(
        {"csrf_token": token, "first_name": first, "last_name": last, "email": address},
        {"resume": ("resume.pdf", "application/pdf", pdf_bytes(2048))},
    )
    response, page = _request(
        app,
        "POST",
        "/",
        body,
        {
            "Content-Type": content_type,
            "Cookie": f"leads_csrf={cookie}",
        },
    )
    assert response.status == 303, page.decode(errors="replace")[:2000]
    assert urlsplit(response.headers["Location"]).path == "/thanks"


def _wait_for(
    produce: Callable[[], T | None], what: str, app: AppProcess, timeout: float = DELIVERY_TIMEOUT
) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = produce()
        if result:
            return result
        time.sleep(0.1)
    pytest.fail(f"{what} within {timeout:.0f} s; app output:\n{app.output()}")


def _plain_body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None, "the message has no text/plain body"
    return part.get_content()


# -- no SMTP_HOST: mail lands in INSTANCE_PATH/mail/ ------------------------------------


def test_application_is_confirmed_by_eml_file(tmp_path: Path) -> None:
    with AppProcess(tmp_path) as app:
        _apply(app, "Ada", "Lovelace", "ada@example.com")
        files = _wait_for(
            lambda: sorted(app.mail_dir.glob("*.eml")),
            "no .eml appeared under INSTANCE_PATH/mail",
            app,
        )

        message = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        assert [a.addr_spec for a in message["To"].addresses] == ["ada@example.com"]
        assert message["Subject"] == "We received your application"
        assert "Dear Ada," in _plain_body(message)
        # No ATTORNEY_EMAIL, so the confirmation is the only email.
        time.sleep(0.5)
        assert len(list(app.mail_dir.glob("*.eml"))) == 1


# -- a real SMTP server on loopback -----------------------------------------------------


class CollectingHandler:
    """An aiosmtpd handler that keeps every envelope it accepts."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        with self.lock:
            self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def received(self) -> list[Envelope]:
        with self.lock:
            return list(self.envelopes)


@pytest.fixture
def smtp_server():
    handler = CollectingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


def test_application_is_mailed_over_smtp(tmp_path: Path, smtp_server) -> None:
    controller, handler = smtp_server
    env = {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(controller.port),
        "ATTORNEY_EMAIL": "attorney@example.com",
    }
    with AppProcess(tmp_path, env) as app:
        _apply(app, "Grace", "Hopper", "grace@example.com")
        _wait_for(
            lambda: len(handler.received()) >= 2,
            "the confirmation and the attorney notice did not both arrive",
            app,
        )
        # Give a duplicate delivery a moment to show up before counting.
        time.sleep(0.5)
        envelopes = handler.received()
        assert not list(app.mail_dir.glob("*.eml")), "SMTP_HOST is set: nothing goes to files"

    recipients = Counter(tuple(envelope.rcpt_tos) for envelope in envelopes)
    assert recipients == {("grace@example.com",): 1, ("attorney@example.com",): 1}
    messages = {
        envelope.rcpt_tos[0]: email.message_from_bytes(
            envelope.content, policy=email.policy.default
        )
        for envelope in envelopes
    }

    confirmation = messages["grace@example.com"]
    assert [a.addr_spec for a in confirmation["To"].addresses] == ["grace@example.com"]
    assert confirmation["Subject"] == "We received your application"
    assert "Dear Grace," in _plain_body(confirmation)
    assert not list(confirmation.iter_attachments())

    notice = messages["attorney@example.com"]
    assert [a.addr_spec for a in notice["To"].addresses] == ["attorney@example.com"]
    assert notice["Subject"] == "New applicant: Grace Hopper"
    assert "grace@example.com" in _plain_body(notice)
    attachments = list(notice.iter_attachments())
    assert len(attachments) == 1
    (resume,) = attachments
    assert resume.get_content_type() == "application/pdf"
    assert resume.get_filename() == "resume-Grace-Hopper.pdf"
    assert resume.get_content() == pdf_bytes(2048)
