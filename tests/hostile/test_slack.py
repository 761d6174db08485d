"""Hostile requests to POST /slack/events of the running app: bad or stale signatures get
401, signed junk 400, never a 5xx; `/leads` with SQL-looking or huge text answers an
ephemeral message and leaves the leads table as it was."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from urllib.parse import quote

import pytest

from tests.hostile.stack import HostileStack, unique_email
from tests.support.blocks import text_objects
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


# -- /leads with hostile text -----------------------------------------------------------------


@pytest.fixture(scope="module")
def ada(hostile) -> int:
    """A lead named Ada Lovelace that must survive every /leads below."""
    reply, address = hostile.apply(first_name="Ada", last_name="Lovelace", email=unique_email())
    assert reply.status == 303
    lead = hostile.lead_by_email(address)
    assert lead is not None
    hostile.card_for(lead["id"])
    return lead["id"]


NO_MATCH = "No leads match"
LEADS_TEXT: dict[str, tuple[str, str | None]] = {
    # id: (text, what the answer must say, if anything in particular)
    "sql-drop-table": ("'; DROP TABLE leads; --", NO_MATCH),
    "sql-or-true": ("ada' OR '1'='1", NO_MATCH),
    "sql-union": ("x UNION SELECT email FROM leads --", NO_MATCH),
    "like-percent": ("%", "I did not understand that"),
    "like-underscore": ("_", "I did not understand that"),
    "backslash": ("\\", "I did not understand that"),
    "percent-is-literal": ("ad%", NO_MATCH),
    "underscore-is-literal": ("a_a", NO_MATCH),
    "backslash-is-literal": ("ad\\", NO_MATCH),
    "escaped-percent": ("ad\\%", NO_MATCH),
    "ten-thousand-chars": ("x" * 10_000, NO_MATCH),
    "ten-thousand-words": ("ada " * 2_500, "match"),
    "the-word-payload": ("payload={", NO_MATCH),
    "mrkdwn-in-search": ("<!channel> ada", NO_MATCH),
    "nul-and-newlines": ("ada\x00\r\nlovelace", None),
    "lead-id-overflow": ("#99999999999999999999", NO_MATCH),
    "lead-id-twelve-digits": ("999999999999", "There is no lead #999999999999"),
    "negative-id": ("-1", None),
    "control-search-finds-ada": ("ada lovelace", "match"),
}


@pytest.mark.parametrize(("text", "expected"), LEADS_TEXT.values(), ids=LEADS_TEXT.keys())
def test_leads_command_with_hostile_text(hostile, ada, watch, text, expected):
    reply, answer, deferred = hostile.command(text)
    assert answer["response_type"] == "ephemeral"
    shown = "\n".join(obj["text"] for obj in text_objects(answer.get("blocks", [])))
    if expected is not None:
        assert expected in shown, shown[:1000]
    if expected not in ("match", None):
        assert f"#{ada} " not in shown, "a hostile search listed Ada"
    mrkdwn = [o["text"] for o in text_objects(answer.get("blocks", [])) if o["type"] == "mrkdwn"]
    assert not any("<!channel>" in part for part in mrkdwn)
    assert len(reply.body) < 50_000
    # The table is still there, still holds Ada, and SQLite finds nothing wrong.
    assert hostile.scalar("SELECT first_name FROM leads WHERE id = :id", id=ada) == "Ada"
    assert hostile.scalar("PRAGMA quick_check") == "ok"
    watch.assert_nothing_happened(answers=int(deferred))


# -- /leads from people who may not use it ----------------------------------------------------

REFUSED: dict[str, tuple[dict, dict]] = {
    # id: (command_body options, extra headers)
    "guest": ({"user": "U0GUEST"}, {}),
    "guest-forging-bolt-lazy-headers": (
        {"user": "U0GUEST"},
        {"X-Slack-Bolt-Lazy-Only": "1", "X-Slack-Bolt-Lazy-Function-Name": "leads"},
    ),
    "unknown-user": ({"user": "U0NOBODY"}, {}),
    "member-id-from-another-workspace": ({"team": "T0EVIL"}, {}),
    "no-user-id": ({"user": ""}, {}),
}


@pytest.mark.parametrize(("options", "headers"), REFUSED.values(), ids=REFUSED.keys())
def test_leads_command_from_an_outsider_shows_no_lead(hostile, ada, watch, options, headers):
    _, answer, deferred = hostile.command("all", headers, **options)
    everything = json.dumps(answer)
    assert "Only members of" in everything, everything[:500]
    assert "Lovelace" not in everything
    assert hostile.scalar("SELECT first_name FROM leads WHERE id = :id", id=ada) == "Ada"
    watch.assert_nothing_happened(answers=int(deferred))
