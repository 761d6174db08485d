"""What the digest says, posted to the strict emulator: counts since the previous digest,
pending and unclaimed, the five that waited longest with a permalink to each card (none
for a lead whose card is not in Slack), the medians over 7 and 30 days, failed
deliveries; a hostile name stays text."""

from __future__ import annotations

import json
import re
import threading

import pytest
from sqlalchemy import select

from db.models import JobStatus, Lead, OutboxJob
from db.types import utcnow
from service import jobs
from service.erasure import Reason, erase_lead
from slackkit.mrkdwn import escape
from tests.support.digest_leads import seed
from tests.support.outbox import make_due
from tests.support.polling import until
from tests.support.slack_requests import CHANNEL
from tests.test_digest_schedule import at, digests

FIVE = ["hostile", "formula", "claimed", "d", "e"]


@pytest.fixture
def digest_config(slack_config) -> dict:
    # The seed's cards and thread replies without a second between each.
    return {**slack_config, "DIGEST_AT": "00:00", "SLACK_POST_INTERVAL": 0}


@pytest.fixture
def digest_app(digest_config, make_app):
    return make_app(digest_config, migrate=True)


def post_digest(app, slack) -> dict:
    assert at(app, utcnow())() is not None
    app.extensions["worker"].drain()
    (digest,) = digests(slack)
    return digest


def texts(message: dict) -> list[dict]:
    """Every text object of the message's blocks, in order."""
    found = []
    for block in message["blocks"]:
        found += [block["text"]] if "text" in block else []
        found += block.get("fields", []) + block.get("elements", [])
    return found


def waiting_lines(message: dict) -> list[str]:
    """The lines of the five that waited longest, a section each."""
    return [t["text"] for t in texts(message) if re.match(r"\d+\. #", t["text"])]


def permalink(ts: str) -> str:
    return f"https://acmelaw.slack.com/archives/{CHANNEL}/p{ts.replace('.', '')}"


def card_ts(app, lead_id: int) -> str:
    with app.extensions["db"].sessions() as session:
        return session.scalar(select(Lead.slack_ts).where(Lead.id == lead_id))


def test_the_digest_counts_links_and_medians(slack, digest_app):
    seeded = seed(digest_app)
    digest = post_digest(digest_app, slack)
    header, counts, title, *_five, week, month, failed = (t["text"] for t in texts(digest))
    assert title == "*Waited longest*"
    assert header.startswith("Leads digest · ")
    assert "*3* new · *2* reached out" in counts  # fresh and the two reached out
    assert "Now pending: *6*, of which unclaimed: *5*" in counts
    lines = waiting_lines(digest)
    assert [line.split(".")[0] for line in lines] == ["1", "2", "3", "4", "5"]
    assert "(no card yet)" in lines[0] and "slack.com" not in lines[0]  # its card job failed
    for line, name in zip(lines[1:], FIVE[1:], strict=True):
        assert f"<{permalink(card_ts(digest_app, seeded.ids[name]))}|" in line
    assert "Grace Hopper>" in lines[2] and lines[2].endswith("<@U0MEMBER>")
    assert lines[3].endswith("unclaimed") and "waiting 7 days 0 h" in lines[3]
    assert "Frances" not in str(lines) and "Joan" not in str(lines)  # sixth in line; erased
    assert week == "*Median time to first contact, 7 days*\n3 h 00 min (2 leads reached out)"
    assert month == "*Median time to first contact, 30 days*\n4 h 00 min (3 leads reached out)"
    assert failed == ":warning: 1 failed deliveries: `flask --app web outbox` lists them"
    assert digest["text"].endswith("3 new, 6 pending (5 unclaimed)")  # no names
    assert len(slack.calls_to("chat.getPermalink")) == 4


def test_a_hostile_name_is_escaped_text(slack, digest_app):
    seed(digest_app)
    digest = post_digest(digest_app, slack)
    waiting = texts(digest)[3]
    assert waiting["type"] == "mrkdwn" and waiting["verbatim"] is True
    assert (
        "1. #1 &lt;!channel&gt; &lt;https://evil.example|click&gt; &amp; co (no card yet)"
        in waiting["text"]
    )
    everything = json.dumps(digest)
    assert "<!channel>" not in everything and "<https://evil" not in everything


def test_nothing_waiting_and_nothing_failed(slack, digest_app):
    digest = post_digest(digest_app, slack)
    assert [t["text"] for t in texts(digest)][2] == "*Waited longest*\nNobody is waiting."
    assert len(digest["blocks"]) == 4  # no line of a lead, no failed-deliveries line
    assert "*0* new · *0* reached out" in texts(digest)[1]["text"]


def erase(app, *lead_ids: int) -> None:
    with app.extensions["db"].sessions.begin() as session:
        for lead_id in lead_ids:
            erase_lead(session, lead_id, reason=Reason.APPLICANT)


def test_erasing_a_lead_rewrites_its_line_in_the_digest(slack, digest_app):
    seeded = seed(digest_app)
    digest = post_digest(digest_app, slack)
    named = digest["metadata"]["event_payload"]["lead_ids"]
    assert named == ",".join(str(seeded.ids[n]) for n in FIVE)
    hostile, formula = seeded.ids["hostile"], seeded.ids["formula"]
    erase(digest_app, hostile, formula)  # the first has no card; the second has one
    digest_app.extensions["worker"].drain()
    (digest,) = digests(slack)
    lines = waiting_lines(digest)
    assert lines[:2] == [f"1. #{hostile} erased", f"2. #{formula} erased"]
    assert "Grace Hopper" in lines[2] and len(lines) == 5
    assert "channel" not in json.dumps(digest["blocks"]) and "HYPERLINK" not in json.dumps(digest)
    updates = len(slack.calls_to("chat.update"))
    again = (OutboxJob.kind == jobs.SLACK_CARD_ERASE, OutboxJob.lead_id.in_([hostile, formula]))
    make_due(digest_app, *again, status=JobStatus.PENDING)
    digest_app.extensions["worker"].drain()  # erased again: nothing left to rewrite
    assert digests(slack) == [digest]
    card_rewrites = 1  # the formula lead's card; its thread had no replies
    assert len(slack.calls_to("chat.update")) == updates + card_rewrites


def test_a_lead_erased_while_the_digest_was_posted_is_rewritten(slack, digest_config, make_app):
    first, second = make_app(digest_config, migrate=True), make_app(digest_config)
    formula = seed(first).ids["formula"]
    assert at(first, utcnow())() is not None
    slack.slow("chat.postMessage", 2)  # the digest is on its way…
    posting = threading.Thread(target=first.extensions["worker"].drain)
    posting.start()
    until(lambda: len(slack.calls_to("chat.getPermalink")) == 4, "the digest's figures read")
    erase(second, formula)  # …when the lead is erased, and another worker runs the
    second.extensions["worker"].drain()  # erasure before the digest is recorded
    posting.join(30)
    (digest,) = digests(slack)
    assert waiting_lines(digest)[1] == f"2. #{formula} erased"
    assert "HYPERLINK" not in json.dumps(digest)


def test_five_of_the_longest_names_each_keep_their_whole_line(slack, digest_app):
    from tests.support.form import post_application
    from tests.support.worst_case import NAME, email

    client = digest_app.test_client()
    for n in range(6):
        post_application(client, first_name=NAME, last_name=NAME, email=email(n))
    digest = post_digest(digest_app, slack)
    lines = waiting_lines(digest)
    assert len(lines) == 5
    for number, line in enumerate(lines, start=1):
        assert line.startswith(f"{number}. #{number} <https://acmelaw.slack.com/archives/")
        assert line.endswith("· waiting 0 min · unclaimed") and "…" not in line
        assert escape(NAME) in line
