"""A tiny standard-library HTTP client for tests against the real app process:
fetch the form with its CSRF cookie, post it as multipart, wait for an effect."""

from __future__ import annotations

import html
import http.client
import re
import time
import uuid
from collections.abc import Callable
from email.message import EmailMessage
from http.cookies import SimpleCookie
from typing import TypeVar
from urllib.parse import urlsplit

import pytest

from tests.support.app_process import AppProcess
from tests.support.files import pdf_bytes

DELIVERY_TIMEOUT = 10.0
T = TypeVar("T")


def request(
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


def fetch_form(app: AppProcess) -> tuple[str, str]:
    """GET / and return (csrf_token from the page, leads_csrf cookie value)."""
    response, body = request(app, "GET", "/")
    assert response.status == 200
    page = body.decode()
    match = re.search(r'<input type="hidden" name="csrf_token" value="([^"]+)"', page)
    assert match, "the form carries no csrf_token"
    cookies = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    assert "leads_csrf" in cookies, "GET / set no leads_csrf cookie"
    return html.unescape(match.group(1)), cookies["leads_csrf"].value


def multipart(
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


def submit(app: AppProcess, first: str, last: str, address: str) -> tuple[int, float, str]:
    """Fetch the form, post it; return (status, seconds the POST took, Location)."""
    token, cookie = fetch_form(app)
    body, content_type = multipart(
        {"csrf_token": token, "first_name": first, "last_name": last, "email": address},
        {"resume": ("resume.pdf", "application/pdf", pdf_bytes(2048))},
    )
    headers = {"Content-Type": content_type, "Cookie": f"leads_csrf={cookie}"}
    started = time.monotonic()
    response, _ = request(app, "POST", "/", body, headers)
    return response.status, time.monotonic() - started, response.headers.get("Location", "")


def apply(app: AppProcess, first: str, last: str, address: str) -> None:
    """Fill in and post the form as a browser would; assert the 303 to /thanks."""
    status, _, location = submit(app, first, last, address)
    assert status == 303, f"HTTP {status}"
    assert urlsplit(location).path == "/thanks"


def wait_for(
    produce: Callable[[], T | None], what: str, app: AppProcess, timeout: float = DELIVERY_TIMEOUT
) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = produce()
        if result:
            return result
        time.sleep(0.1)
    pytest.fail(f"{what} within {timeout:.0f} s; app output:\n{app.output()}")


def plain_body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None, "the message has no text/plain body"
    return part.get_content()
