"""Hostile field values against the running app: control, bidirectional and overlong
names, malformed email addresses, a missing or disguised resume, an empty form; each
refused with a 400 that marks the field, and nothing stored, queued, emailed or posted.

(Malformed bodies, oversized uploads and the honeypot: test_form_requests.py.)
"""

from __future__ import annotations

import pytest

from tests.support.files import (
    EXECUTABLE,
    HTML,
    ole2_not_word_bytes,
    pdf_bytes,
    zip_not_docx_bytes,
)
from tests.support.http_client import fetch_form
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
