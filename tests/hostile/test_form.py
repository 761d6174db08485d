"""Hostile posts to the public form of the running app: each one is refused with a 4xx
(the honeypot gets its harmless 303) and nothing is stored, queued, emailed or posted."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from tests.hostile.stack import (
    CSRF_MAX_AGE,
    SECRET_KEY,
    HostileStack,
    Reply,
    files_under,
    text_objects,
    unique_email,
    valid_application,
)
from tests.support.app_process import REPO_ROOT
from tests.support.files import (
    EXECUTABLE,
    HTML,
    ole2_not_word_bytes,
    pdf_bytes,
    zip_not_docx_bytes,
)
from tests.support.http_client import multipart
from web.csrf import SALT

pytestmark = pytest.mark.process

MiB = 1024 * 1024
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
RELOAD = "Please reload the page"


# -- CSRF -------------------------------------------------------------------------------------


def signed_at(key: str, nonce: str, timestamp: int, salt: str = SALT) -> str:
    """A CSRF token for `nonce` as web.csrf makes it, but stamped at `timestamp`."""

    class Signer(TimestampSigner):
        def get_timestamp(self) -> int:
            return timestamp

    return URLSafeTimedSerializer(key, salt=salt, signer=Signer).dumps(nonce)


def _missing_token(stack: HostileStack) -> tuple[str | None, str | None]:
    _, cookie = stack.fetch_form()
    return None, cookie


def _empty_token(stack: HostileStack) -> tuple[str | None, str | None]:
    _, cookie = stack.fetch_form()
    return "", cookie


def _missing_cookie(stack: HostileStack) -> tuple[str | None, str | None]:
    token, _ = stack.fetch_form()
    return token, None


def _forged(stack: HostileStack) -> tuple[str | None, str | None]:
    _, cookie = stack.fetch_form()
    return URLSafeTimedSerializer("another-key", salt=SALT).dumps(cookie), cookie


def _wrong_salt(stack: HostileStack) -> tuple[str | None, str | None]:
    _, cookie = stack.fetch_form()
    return URLSafeTimedSerializer(SECRET_KEY, salt="another-salt").dumps(cookie), cookie


def _tampered(stack: HostileStack) -> tuple[str | None, str | None]:
    token, cookie = stack.fetch_form()
    last = "A" if token[-1] != "A" else "B"
    return token[:-1] + last, cookie


def _expired(stack: HostileStack) -> tuple[str | None, str | None]:
    _, cookie = stack.fetch_form()
    return signed_at(SECRET_KEY, cookie, int(time.time()) - CSRF_MAX_AGE - 60), cookie


def _from_the_future(stack: HostileStack) -> tuple[str | None, str | None]:
    _, cookie = stack.fetch_form()
    return signed_at(SECRET_KEY, cookie, int(time.time()) + 3600), cookie


def _mismatched_cookie(stack: HostileStack) -> tuple[str | None, str | None]:
    token, _ = stack.fetch_form()
    _, other_cookie = stack.fetch_form()
    return token, other_cookie


def _altered_cookie(stack: HostileStack) -> tuple[str | None, str | None]:
    token, cookie = stack.fetch_form()
    return token, cookie + "x"


CSRF_CASES: dict[str, Callable[[HostileStack], tuple[str | None, str | None]]] = {
    "missing-token": _missing_token,
    "empty-token": _empty_token,
    "missing-cookie": _missing_cookie,
    "forged-other-key": _forged,
    "wrong-salt": _wrong_salt,
    "tampered-signature": _tampered,
    "expired": _expired,
    "from-the-future": _from_the_future,
    "mismatched-cookie": _mismatched_cookie,
    "altered-cookie": _altered_cookie,
}


@pytest.mark.parametrize("make_pair", CSRF_CASES.values(), ids=CSRF_CASES.keys())
def test_bad_csrf_is_refused(hostile, watch, make_pair):
    token, cookie = make_pair(hostile)
    fields, files = valid_application("")
    if token is None:
        del fields["csrf_token"]
    else:
        fields["csrf_token"] = token
    reply = hostile.post_form(fields, files, cookie)
    assert reply.status == 400, reply.text[:500]
    assert RELOAD in reply.text
    watch.assert_nothing_happened()


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
    assert reply.status == 400, reply.text[:500]
    for field in invalid:
        assert f'id="{field}-error"' in reply.text, f"{field} is not marked invalid"
    assert "<script>alert(1)</script>" not in reply.text
    watch.assert_nothing_happened()


def test_empty_form_is_refused(hostile, watch):
    token, cookie = hostile.fetch_form()
    reply = hostile.post_form({"csrf_token": token}, {}, cookie)
    assert reply.status == 400
    for field in ("first_name", "last_name", "email", "resume"):
        assert f'id="{field}-error"' in reply.text
    watch.assert_nothing_happened()


def test_empty_form_as_a_browser_sends_it_is_refused(hostile, watch):
    token, cookie = hostile.fetch_form()
    fields = {"csrf_token": token, "first_name": "", "last_name": "", "email": "", "website": ""}
    reply = hostile.post_form(fields, {"resume": ("", "application/octet-stream", b"")}, cookie)
    assert reply.status == 400
    for field in ("first_name", "last_name", "email", "resume"):
        assert f'id="{field}-error"' in reply.text
    watch.assert_nothing_happened()


# -- malformed requests -----------------------------------------------------------------------


def _urlencoded(stack: HostileStack) -> Reply:
    token, cookie = stack.fetch_form()
    fields, _ = valid_application(token)
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"leads_csrf={cookie}",
    }
    return stack.http("POST", "/", urlencode(fields).encode(), headers)


def _multipart_without_boundary(stack: HostileStack) -> Reply:
    token, cookie = stack.fetch_form()
    body, _ = multipart(*valid_application(token))
    headers = {"Content-Type": "multipart/form-data", "Cookie": f"leads_csrf={cookie}"}
    return stack.http("POST", "/", body, headers)


def _truncated_multipart(stack: HostileStack) -> Reply:
    token, cookie = stack.fetch_form()
    body, content_type = multipart(*valid_application(token))
    headers = {"Content-Type": content_type, "Cookie": f"leads_csrf={cookie}"}
    return stack.http("POST", "/", body[: len(body) - 200], headers)


def _json_body(stack: HostileStack) -> Reply:
    token, cookie = stack.fetch_form()
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
def test_eleven_mib_upload_gets_the_413_page(hostile, watch, framing):
    token, cookie = hostile.fetch_form()
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
    assert "That file is too large" in reply.text
    assert "under 10 MB" in reply.text
    watch.assert_nothing_happened()


# -- the honeypot -----------------------------------------------------------------------------


def test_filled_honeypot_gets_thanks_and_nothing_else(hostile, watch):
    reply, _ = hostile.apply(website="http://spam.example")
    assert reply.status == 303
    assert urlsplit(reply.headers["Location"]).path == "/thanks"
    watch.assert_nothing_happened()


# -- valid but hostile: accepted, and made harmless -------------------------------------------


def test_path_traversal_filename_is_stored_as_its_last_part(hostile, tmp_path_factory):
    base = tmp_path_factory.getbasetemp()
    before = files_under(base)
    resume = ("../../etc/passwd.pdf", "application/pdf", pdf_bytes(4096))
    reply, address = hostile.apply(resume=resume)
    assert reply.status == 303, reply.text[:500]
    lead = hostile.lead_by_email(address)
    assert lead is not None
    filenames = hostile.scalar(
        "SELECT group_concat(filename, '|') FROM resumes WHERE lead_id = :id", id=lead["id"]
    )
    assert filenames == "passwd.pdf"
    hostile.card_for(lead["id"])
    hostile.quiet_snapshot()
    created = files_under(base) - before
    assert not [path for path in created if "passwd" in path.name], created
    for root in (REPO_ROOT, hostile.web.tmp, Path.cwd()):
        assert not (root / "../../etc/passwd.pdf").resolve().exists()


MRKDWN_NAMES = {
    "channel-mention": ("<!channel>", "&lt;!channel&gt;"),
    "user-mention": ("<@U123>", "&lt;@U123&gt;"),
    "link": ("<https://evil.example|click>", "&lt;https://evil.example|click&gt;"),
    "entity-lookalike": ("&lt;!here&gt;", "&amp;lt;!here&amp;gt;"),
}


@pytest.mark.parametrize(("name", "escaped"), MRKDWN_NAMES.values(), ids=MRKDWN_NAMES.keys())
def test_mrkdwn_in_names_is_escaped_in_the_card(hostile, name, escaped):
    reply, address = hostile.apply(first_name=name, last_name=f"{name} Smith")
    assert reply.status == 303, reply.text[:500]
    lead = hostile.lead_by_email(address)
    assert lead == {"id": lead["id"], "first_name": name, "last_name": f"{name} Smith"}
    card = hostile.card_for(lead["id"])

    assert name not in card["text"], card["text"]
    assert escaped in card["text"]
    mrkdwn = [obj for obj in text_objects(card["blocks"]) if obj["type"] == "mrkdwn"]
    assert any(escaped in obj["text"] for obj in mrkdwn)
    for obj in mrkdwn:
        assert name not in obj["text"], obj
        if escaped in obj["text"]:
            assert obj.get("verbatim") is True, obj

    # The same lead looked up with /leads is escaped too.
    _, answer, _ = hostile.command(str(lead["id"]))
    shown = [obj for obj in text_objects(answer["blocks"]) if obj["type"] == "mrkdwn"]
    assert any(escaped in obj["text"] for obj in shown), answer
    assert not any(name in obj["text"] for obj in shown), answer
    assert name not in answer["text"]


ADDRESS_LOOKALIKES = {
    "angle-address-and-comma": ("Eve <eve@evil.example>,", "Smith"),
    "quoted-bcc": ('"Bcc: eve@evil.example', 'x" <eve@evil.example>'),
    "encoded-word": ("=?utf-8?q?eve=40evil.example?=", "Smith"),
}


@pytest.mark.parametrize(("first", "last"), ADDRESS_LOOKALIKES.values(), ids=ADDRESS_LOOKALIKES)
def test_address_lookalikes_in_names_mail_only_the_applicant(hostile, first, last):
    reply, address = hostile.apply(first_name=first, last_name=last)
    assert reply.status == 303, reply.text[:500]

    def envelopes() -> list[list[str]]:
        with hostile.smtp.collector.lock:
            return [list(rcpts) for _, rcpts in hostile.smtp.collector.envelopes]

    hostile.wait(lambda: any(address in r for r in envelopes()), "the confirmation", 10)
    assert [r for r in envelopes() if address in r] == [[address]]
    assert not any("eve@evil.example" in r for r in envelopes())


def test_the_watch_sees_a_real_application(hostile, watch):
    """The control: a valid application shows up in every count within the settle time."""
    reply, _ = hostile.apply(email=unique_email("control"))
    assert reply.status == 303
    with pytest.raises(AssertionError) as failure:
        watch.assert_nothing_happened()
    after = hostile.snapshot()
    before = watch.before
    assert (after.leads, after.resumes, after.outbox_jobs) == (
        before.leads + 1,
        before.resumes + 1,
        before.outbox_jobs + 2,
    ), str(failure.value)[:300]
    assert after.emails == before.emails + 1, "the confirmation took longer than SETTLE"
    assert after.slack_writes == before.slack_writes + 1, "the card took longer than SETTLE"
