"""`/leads` words for owners and speed: mine, unclaimed, stats, and one lead's owner,
notes and history."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from db.models import Lead, LeadState
from db.types import utcnow
from service.notes import add_note
from service.ownership import assign, claim
from service.states import change_state
from tests.support.form import csrf_token, post_application
from tests.support.slack_requests import command


@pytest.fixture
def five(slack_app, slack_client) -> list[int]:
    """Five leads that arrived 10, 8, 6, 4 and 2 hours ago."""
    token = csrf_token(slack_client)
    for n in range(5):
        post_application(slack_client, token=token, email=f"p{n}@example.com", first_name=f"P{n}")
    now = utcnow()
    with slack_app.extensions["db"].sessions.begin() as session:
        ids = list(session.scalars(select(Lead.id).order_by(Lead.id)))
        for n, lead_id in enumerate(ids):
            arrived = now - timedelta(hours=10 - 2 * n)
            session.execute(update(Lead).where(Lead.id == lead_id).values(created_at=arrived))
    return ids


def text_of(answer: dict) -> str:
    return json.dumps(answer["blocks"], ensure_ascii=False)


def rows(answer: dict) -> list[str]:
    return [b["text"]["text"].split("*")[1] for b in answer["blocks"][1:] if b["type"] == "section"]


def test_mine_and_unclaimed_list_pending_leads_oldest_first(slack, slack_app, slack_client, five):
    with slack_app.extensions["db"].sessions.begin() as session:
        claim(session, five[3], "U0MEMBER")
        claim(session, five[1], "U0MEMBER")
        claim(session, five[0], "U0OTHER")
        change_state(session, five[4], LeadState.REACHED_OUT, actor="U0MEMBER")  # and owns it
    mine = command(slack, slack_client, "mine")
    assert [row.split()[0] for row in rows(mine)] == [f"#{five[1]}", f"#{five[3]}"]
    assert "2 of your pending leads" in text_of(mine)
    unclaimed = command(slack, slack_client, "unclaimed")
    assert [row.split()[0] for row in rows(unclaimed)] == [f"#{five[2]}"]
    assert "unclaimed" in text_of(command(slack, slack_client, "all"))


def test_one_lead_shows_its_owner_notes_and_history(slack, slack_app, slack_client, five):
    with slack_app.extensions["db"].sessions.begin() as session:
        claim(session, five[0], "U0MEMBER")
        assign(session, five[0], "U0OTHER", "U0MEMBER")
        add_note(session, five[0], "U0OTHER", "Left a voicemail <!channel>")
    text = text_of(command(slack, slack_client, str(five[0])))
    assert "Claimed by <@U0OTHER>" in text
    assert "<@U0MEMBER> claimed this" in text
    assert "<@U0MEMBER> assigned this to <@U0OTHER>" in text
    assert "Note from <@U0OTHER>" in text and "Left a voicemail &lt;!channel&gt;" in text
    assert "<!channel>" not in text


def test_stats_count_states_and_time_to_claim_and_contact(slack, slack_app, slack_client, five):
    now = utcnow()
    with slack_app.extensions["db"].sessions.begin() as session:
        # Claimed after 1 h (lead 0), 3 h (lead 1); reached out after 2 h (lead 2, which
        # also claims it) and 4 h (lead 0, already claimed).
        claim(session, five[0], "U0MEMBER", now=now - timedelta(hours=9))
        claim(session, five[1], "U0OTHER", now=now - timedelta(hours=5))
        change_state(
            session, five[2], LeadState.REACHED_OUT, "U0OTHER", now=now - timedelta(hours=4)
        )
        change_state(
            session, five[0], LeadState.REACHED_OUT, "U0MEMBER", now=now - timedelta(hours=6)
        )
    answer = command(slack, slack_client, "stats")
    text = text_of(answer)
    assert "Pending: 3 · Reached out: 2" in text
    assert "unclaimed and pending: 2" in text
    claims = "*Time to claim* (last 30 days, 3 leads)\\nmedian 2 h 00 min"
    assert f"{claims} · 90th percentile 2 h 48 min" in text
    assert "*Time to first contact* (last 30 days, 2 leads)\\nmedian 3 h 00 min" in text
    assert "<@U0MEMBER>: 1" in text and "<@U0OTHER>: 1" in text


def test_help_lists_the_new_words(slack, slack_client):
    text = command(slack, slack_client, "help")["blocks"][0]["text"]["text"]
    for word in ("/leads mine", "/leads unclaimed", "/leads stats"):
        assert word in text
