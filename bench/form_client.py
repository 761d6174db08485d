"""Requests as a browser sends them: the form (for its CSRF token), then the post."""

from __future__ import annotations

import html
import http.client
import re
import time
from http.cookies import SimpleCookie

from tests.support.files import pdf_bytes
from tests.support.http_client import multipart

TOKEN = re.compile(rb'name="csrf_token" value="([^"]+)"')
RESUME = pdf_bytes(100 * 1024)  # a 100 KB PDF


def get_form(connection: http.client.HTTPConnection) -> tuple[str, str]:
    connection.request("GET", "/")
    response = connection.getresponse()
    page = response.read()
    if response.status != 200:
        raise RuntimeError(f"GET / answered {response.status}")
    cookie = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookie.load(header)
    return html.unescape(TOKEN.search(page).group(1).decode()), cookie["leads_csrf"].value


def post_form(
    connection: http.client.HTTPConnection, email: str, resume: bytes = RESUME
) -> tuple[float, float]:
    """Fetch the form and post it. Returns (seconds the POST took, monotonic time of the 303)."""
    token, cookie = get_form(connection)
    body, content_type = multipart(
        {"csrf_token": token, "first_name": "Bench", "last_name": "Mark", "email": email},
        {"resume": ("cv.pdf", "application/pdf", resume)},
    )
    started = time.monotonic()
    connection.request(
        "POST", "/", body, {"Content-Type": content_type, "Cookie": f"leads_csrf={cookie}"}
    )
    response = connection.getresponse()
    response.read()
    answered = time.monotonic()
    if response.status != 303:
        raise RuntimeError(f"POST / answered {response.status}")
    return answered - started, answered


def submission_step(run: str):
    def step(connection: http.client.HTTPConnection, worker: int, n: int) -> float:
        return post_form(connection, f"{run}-{worker}-{n}@example.com")[0]

    return step


def get_step(path: str):
    """A load step: one GET of `path`, which must answer 200; returns its seconds."""

    def step(connection: http.client.HTTPConnection, worker: int, n: int) -> float:
        started = time.monotonic()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status}")
        return time.monotonic() - started

    return step


healthz_step = get_step("/healthz")
