"""Hostile requests to POST /slack/events of the running app: bad or stale signatures get
401, signed junk 400, never a 5xx, and nothing is done.

(`/leads` with hostile text, and from people who may not use it: test_slack_leads.py.)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import quote

import pytest

from tests.hostile.stack import HostileStack
from tests.support.slack_requests import command_body, signed_headers, view_submission_body

pytestmark = pytest.mark.process

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def _command(stack: HostileStack, text: str = "pending") -> str:
    return command_body(text, stack.slack.new_response_url())


def _stale_signature_fresh_stamp(body: str) -> dict[str, str]:
    headers = signed_headers(body, timestamp=int(time.time()) - 600)
    headers["X-Slack-Request-Timestamp"] = str(int(time.time()))
    return headers


BAD_SIGNATURES: dict[str, Callable[[str], dict[str, str]]] = {
    "signed-with-another-secret": lambda body: signed_headers(body, secret="another-secret"),
    "ten-minutes-old": lambda body: signed_headers(body, timestamp=int(time.time()) - 600),
    "ten-minutes-ahead": lambda body: signed_headers(body, timestamp=int(time.time()) + 600),
    "two-minutes-ahead": lambda body: signed_headers(body, timestamp=int(time.time()) + 120),
    "signature-of-another-body": lambda body: signed_headers(body + "&x=1"),
    "old-signature-fresh-timestamp": _stale_signature_fresh_stamp,
    "no-signature-headers": lambda body: {"Content-Type": FORM},
    "signature-without-timestamp": lambda body: {
        k: v for k, v in signed_headers(body).items() if k != "X-Slack-Request-Timestamp"
    },
    "timestamp-without-signature": lambda body: {
        k: v for k, v in signed_headers(body).items() if k != "X-Slack-Signature"
    },
    "non-numeric-timestamp": lambda body: {
        **signed_headers(body),
        "X-Slack-Request-Timestamp": "soon",
    },
    "empty-signature": lambda body: {**signed_headers(body), "X-Slack-Signature": ""},
}


@pytest.mark.parametrize("make_headers", BAD_SIGNATURES.values(), ids=BAD_SIGNATURES.keys())
def test_badly_signed_command_gets_401(hostile, watch, make_headers):
    body = _command(hostile)
    reply = hostile.slack_post(body, make_headers(body))
    assert reply.status == 401, reply.text[:500]
    watch.assert_nothing_happened()


UNSIGNED_JUNK: dict[str, tuple[bytes, str]] = {
    "payload-open-brace": (b"payload=%7B", FORM),
    "json-open-brace": (b"{", JSON),
    "invalid-utf8": (b"payload=\xff\xfe\xfd", FORM),
    "empty-body": (b"", FORM),
    "binary-garbage": (bytes(range(256)), "application/octet-stream"),
}


@pytest.mark.parametrize(("body", "content_type"), UNSIGNED_JUNK.values(), ids=UNSIGNED_JUNK.keys())
def test_unsigned_junk_gets_401(hostile, watch, body, content_type):
    reply = hostile.slack_post(body, {"Content-Type": content_type})
    assert reply.status == 401, reply.text[:500]
    watch.assert_nothing_happened()


SIGNED_MALFORMED: dict[str, tuple[str, str]] = {
    "payload-open-brace": ("payload=%7B", FORM),
    "payload-truncated-json": ("payload=" + quote('{"type": "block_actions", "actions": ['), FORM),
    "payload-json-array": ("payload=" + quote("[1, 2]"), FORM),
    "payload-json-string": ("payload=" + quote('"block_actions"'), FORM),
    "payload-json-null": ("payload=null", FORM),
    "json-open-brace": ("{", JSON),
    "json-array": ("[]", JSON),
    "json-number": ("42", JSON),
}


@pytest.mark.parametrize(
    ("body", "content_type"), SIGNED_MALFORMED.values(), ids=SIGNED_MALFORMED.keys()
)
def test_signed_malformed_body_gets_400(hostile, watch, body, content_type):
    reply = hostile.slack_post(body, signed_headers(body, content_type=content_type))
    assert reply.status == 400, reply.text[:500]
    watch.assert_nothing_happened()


SIGNED_MEANINGLESS: dict[str, tuple[str, str]] = {
    "empty-form": ("", FORM),
    "empty-json-object": ("{}", JSON),
    "unknown-payload-type": ("payload=" + quote('{"type": "nonsense"}'), FORM),
    "unknown-command": (
        command_body("x", "https://hooks.slack.com/commands/T0LEADS/1/never").replace(
            "%2Fleads", "%2Fnope"
        ),
        FORM,
    ),
    # Bolt 1.30 logs through a context that has no logger yet when there are several.
    "view-submission-with-two-response-urls": (
        view_submission_body(["https://hooks.slack.com/app/T0LEADS/1/a"] * 2),
        FORM,
    ),
    # Events API bodies that mean nothing: no user, a user that is not a string, an event
    # no listener wants, one from a team that is not ours.
    "app-home-opened-without-user": (
        '{"type":"event_callback","team_id":"T0LEADS","event_id":"Ev0H1",'
        '"event":{"type":"app_home_opened","tab":"home"}}',
        JSON,
    ),
    "app-home-opened-user-object": (
        '{"type":"event_callback","team_id":"T0LEADS","event_id":"Ev0H2",'
        '"event":{"type":"app_home_opened","user":{"id":"U0MEMBER"}}}',
        JSON,
    ),
    "unknown-event": (
        '{"type":"event_callback","team_id":"T0LEADS","event_id":"Ev0H3","event":{"type":"x"}}',
        JSON,
    ),
    "other-team-event": (
        '{"type":"event_callback","team_id":"T0EVIL","event_id":"Ev0H4",'
        '"event":{"type":"app_home_opened","user":"U0MEMBER","tab":"home"}}',
        JSON,
    ),
}


@pytest.mark.parametrize(
    ("body", "content_type"), SIGNED_MEANINGLESS.values(), ids=SIGNED_MEANINGLESS.keys()
)
def test_signed_meaningless_body_is_never_a_5xx(hostile, watch, body, content_type):
    # Bolt answers 404 to what no listener handles; our membership check acknowledges a
    # request that names no user with an empty 200. Either way: no 5xx, nothing done.
    reply = hostile.slack_post(body, signed_headers(body, content_type=content_type))
    assert reply.status in (200, 404), (reply.status, reply.text[:500])
    if reply.status == 200:
        assert reply.body == b"", reply.text[:500]
    watch.assert_nothing_happened()
