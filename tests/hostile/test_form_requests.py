"""Malformed bodies, oversized uploads and the honeypot against the running app: each
refused with a 4xx (the honeypot gets its harmless 303) and nothing stored, queued,
emailed or posted.

(Hostile field values: test_form_fields.py.)
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

import pytest

from tests.hostile.stack import (
    HostileStack,
    Reply,
    valid_application,
)
from tests.support.files import pdf_bytes
from tests.support.http_client import fetch_form, multipart
from tests.support.polling import until
from web.form import HONEYPOT

pytestmark = pytest.mark.process

MiB = 1024 * 1024


# -- malformed requests -----------------------------------------------------------------------


def _urlencoded(stack: HostileStack) -> Reply:
    token, cookie = fetch_form(stack.web)
    fields, _ = valid_application(token)
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"leads_csrf={cookie}",
    }
    return stack.http("POST", "/", urlencode(fields).encode(), headers)


def _multipart_without_boundary(stack: HostileStack) -> Reply:
    token, cookie = fetch_form(stack.web)
    body, _ = multipart(*valid_application(token))
    headers = {"Content-Type": "multipart/form-data", "Cookie": f"leads_csrf={cookie}"}
    return stack.http("POST", "/", body, headers)


def _truncated_multipart(stack: HostileStack) -> Reply:
    token, cookie = fetch_form(stack.web)
    body, content_type = multipart(*valid_application(token))
    headers = {"Content-Type": content_type, "Cookie": f"leads_csrf={cookie}"}
    return stack.http("POST", "/", body[: len(body) - 200], headers)


def _json_body(stack: HostileStack) -> Reply:
    token, cookie = fetch_form(stack.web)
    fields, _ = valid_application(token)
    headers = {"Content-Type": "application/json", "Cookie": f"leads_csrf={cookie}"}
    return stack.http("POST", "/", str(fields).replace("'", '"').encode(), headers)


MALFORMED: dict[str, Callable[[HostileStack], Reply]] = {
    "urlencoded-without-file": _urlencoded,
    "multipart-without-boundary": _multipart_without_boundary,
    "truncated-multipart": _truncated_multipart,
    "json-body": _json_body,
}


@pytest.mark.parametrize("send", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_request_is_refused(hostile, watch, send):
    reply = send(hostile)
    assert 400 <= reply.status < 500, reply.text[:500]
    watch.assert_nothing_happened()


# -- size -------------------------------------------------------------------------------------


@pytest.mark.parametrize("framing", ["content-length", "chunked"])
def test_eleven_mib_upload_gets_the_form_back(hostile, watch, framing):
    token, cookie = fetch_form(hostile.web)
    fields, _ = valid_application(token)
    body, content_type = multipart(
        fields, {"resume": ("huge.pdf", "application/pdf", pdf_bytes(11 * MiB))}
    )
    headers = {"Content-Type": content_type, "Cookie": f"leads_csrf={cookie}"}
    if framing == "chunked":
        reply = hostile.http_chunked("/", body, headers)
    else:
        reply = hostile.http("POST", "/", body, headers)
    # A reset connection would have raised in the client instead of giving a page.
    assert reply.status == 413
    # One cap, one answer: the form again, the message beside the file field.
    assert "The file is larger than 10 MB" in reply.text
    assert "There is a problem" in reply.text
    watch.assert_nothing_happened()


# -- the honeypot -----------------------------------------------------------------------------


def test_filled_honeypot_gets_thanks_and_nothing_else(hostile, watch):
    def caught() -> int:
        return hostile.http("GET", "/healthz").json()["honeypot_caught"]

    before = caught()
    replies = [hostile.apply(**{HONEYPOT: "http://spam.example"})[0] for _ in range(4)]
    assert [reply.status for reply in replies] == [303] * 4
    assert all(urlsplit(r.headers["Location"]).path == "/thanks" for r in replies)
    watch.assert_nothing_happened()
    # Counted once each, whichever web process took the post (/healthz answers from a
    # snapshot up to a second old in each process).
    until(lambda: caught() == before + 4, "four more honeypot catches")
