"""Hostile fields, malformed bodies, oversized uploads and the honeypot against the
running app: each refused with a 4xx (the honeypot gets its harmless 303) and nothing
stored, queued, emailed or posted."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

import pytest

from tests.hostile.stack import (
    HostileStack,
    Reply,
    valid_application,
)
from tests.support.files import (
    EXECUTABLE,
    HTML,
    ole2_not_word_bytes,
    pdf_bytes,
    zip_not_docx_bytes,
)
from tests.support.http_client import fetch_form, multipart
from tests.support.polling import until
from web.form import HONEYPOT

pytestmark = pytest.mark.process

MiB = 1024 * 1024
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
RELOAD = "Please open the form again"


# -- fields -----------------------------------------------------------------------------------

CONTROL = {"CR": "\r", "LF": "\n", "NUL": "\x00"}
FIELD_WITH = {
    # Each value would be accepted without the control character in the middle.
    "first_name": lambda c: f"Ada{c}Bcc: victim@evil.example",
    "last_name": lambda c: f"Love{c}lace",
    "email": lambda c: f"ada{c}@example.com",
}

FIELD_CASES: dict[str, tuple[dict, tuple[str, ...]]] = {
    # id: (overrides of a valid application, fields the page must mark as invalid)
    **{
        f"{field}-with-{name}": ({field: make(char)}, (field,))
        for field, make in FIELD_WITH.items()
        for name, char in CONTROL.items()
    },
    "first-name-bidi-override": ({"first_name": "Ada\u202eecalevoL"}, ("first_name",)),
    "last-name-bidi-isolate": ({"last_name": "\u2067Lovelace\u2069"}, ("last_name",)),
    "first-name-line-separator": ({"first_name": "Ada\u2028Bcc: x@evil.example"}, ("first_name",)),
    "last-name-next-line-C1": ({"last_name": "Love\x85lace"}, ("last_name",)),
    "first-name-escape-sequence": ({"first_name": "Ada\x1b[31m"}, ("first_name",)),
    "name-5000-chars": ({"first_name": "A" * 5000}, ("first_name",)),
    "last-name-101-chars": ({"last_name": "L" * 101}, ("last_name",)),
    "whitespace-only-names": ({"first_name": "   ", "last_name": "\t\u3000"}, ("first_name",)),
    "email-without-at": ({"email": "ada.example.com"}, ("email",)),
    "email-two-ats": ({"email": "ada@@example.com"}, ("email",)),
    "email-display-name": ({"email": "Ada <ada@example.com>"}, ("email",)),
    "email-two-recipients": ({"email": "ada@example.com, eve@evil.example"}, ("email",)),
    "email-bcc-header": ({"email": "ada@example.com\r\nBcc: eve@evil.example"}, ("email",)),
    "email-dotless-domain": ({"email": "ada@localhost"}, ("email",)),
    "email-over-254-chars": (
        {"email": "a" * 64 + "@" + ("b" * 62 + ".") * 3 + "example"},
        ("email",),
    ),
    "email-quoted-local-part": ({"email": '"ada@evil"@example.com'}, ("email",)),
    "reflected-markup": (
        {"first_name": '"><script>alert(1)</script>', "email": "not-an-email"},
        ("email",),
    ),
    "no-resume-part": ({"resume": None}, ("resume",)),
    "exe-named-pdf": ({"resume": ("resume.pdf", "application/pdf", EXECUTABLE)}, ("resume",)),
    "html-named-pdf": ({"resume": ("resume.pdf", "application/pdf", HTML)}, ("resume",)),
    "pdf-magic-not-at-start": (
        {"resume": ("resume.pdf", "application/pdf", HTML + pdf_bytes())},
        ("resume",),
    ),
    "empty-file": ({"resume": ("resume.pdf", "application/pdf", b"")}, ("resume",)),
    "zip-named-docx": ({"resume": ("resume.docx", DOCX_TYPE, zip_not_docx_bytes())}, ("resume",)),
    "truncated-zip-named-docx": (
        {"resume": ("resume.docx", DOCX_TYPE, b"PK\x03\x04" + b"\x00" * 64)},
        ("resume",),
    ),
    "ole2-not-word-named-doc": (
        {"resume": ("resume.doc", "application/msword", ole2_not_word_bytes())},
        ("resume",),
    ),
    "pdf-one-byte-over-the-cap": (
        {"resume": ("big.pdf", "application/pdf", pdf_bytes(10 * MiB + 1))},
        ("resume",),
    ),
}


@pytest.mark.parametrize(("overrides", "invalid"), FIELD_CASES.values(), ids=FIELD_CASES.keys())
def test_invalid_application_is_refused(hostile, watch, overrides, invalid):
    reply, _ = hostile.apply(**overrides)
    # A resume over the cap is 413 (the same form back, however far over); the rest 400.
    too_large = bool(overrides.get("resume")) and len(overrides["resume"][2]) > 10 * MiB
    assert reply.status == (413 if too_large else 400), reply.text[:500]
    for field in invalid:
        assert f'id="{field}-error"' in reply.text, f"{field} is not marked invalid"
    assert "<script>alert(1)</script>" not in reply.text
    watch.assert_nothing_happened()


def test_empty_form_is_refused(hostile, watch):
    token, cookie = fetch_form(hostile.web)
    reply = hostile.post_form({"csrf_token": token}, {}, cookie)
    assert reply.status == 400
    for field in ("first_name", "last_name", "email", "resume"):
        assert f'id="{field}-error"' in reply.text
    watch.assert_nothing_happened()


def test_empty_form_as_a_browser_sends_it_is_refused(hostile, watch):
    token, cookie = fetch_form(hostile.web)
    fields = {"csrf_token": token, "first_name": "", "last_name": "", "email": "", HONEYPOT: ""}
    reply = hostile.post_form(fields, {"resume": ("", "application/octet-stream", b"")}, cookie)
    assert reply.status == 400
    for field in ("first_name", "last_name", "email", "resume"):
        assert f'id="{field}-error"' in reply.text
    watch.assert_nothing_happened()


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
