"""`/leads` with hostile text against the running app: SQL-looking, LIKE-pattern or huge
text answers an ephemeral message and leaves the leads table as it was; people who may
not use it see no lead.

(Bad signatures and malformed bodies: test_slack.py.)
"""

from __future__ import annotations

import json

import pytest

from tests.hostile.stack import unique_email
from tests.support.blocks import text_objects

pytestmark = pytest.mark.process


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
