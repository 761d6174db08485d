"""`/leads`: pending with paging, reached, all, one lead, search, help, odd input."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import Lead, LeadState
from service.states import change_state
from tests.support.blocks import shown
from tests.support.files import pdf_bytes
from tests.support.form import csrf_token, post_application
from tests.support.slack_requests import action_body, ask, post


@pytest.fixture
def leads(slack_app, slack_client) -> list[int]:
    """25 leads, the first 3 of them reached out."""
    token = csrf_token(slack_client)
    for n in range(25):
        post_application(
            slack_client,
            token=token,
            first_name=f"Person{n:02d}",
            email=f"person{n:02d}@example.com",
            resume=(pdf_bytes(), "cv.pdf"),
        )
    with slack_app.extensions["db"].sessions.begin() as session:
        ids = list(session.scalars(select(Lead.id).order_by(Lead.id)))
        for lead_id in ids[:3]:
            change_state(session, lead_id, LeadState.REACHED_OUT, actor="U0MEMBER")
    return ids


@pytest.mark.parametrize("text", ["", "pending", "  PENDING "])
def test_pending_oldest_first_ten_a_page(slack, slack_client, leads, text):
    answer = ask(slack, slack_client, text)
    blocks = answer["blocks"]
    assert "*22 pending leads* · showing 1–10" in blocks[0]["text"]["text"]
    rows = blocks[1:11]
    assert [r["text"]["text"].split("*")[1].split()[0] for r in rows] == [
        f"#{i}" for i in leads[3:13]
    ]
    assert all(r["accessory"]["action_id"] == "mark_reached_out" for r in rows)
    assert all(r["accessory"]["value"] == str(i) for r, i in zip(rows, leads[3:13], strict=True))
    assert "applied just now" in rows[0]["text"]["text"]
    assert blocks[-1]["elements"][0]["action_id"] == "leads_next_page"


def test_next_page_replaces_the_list(slack, slack_client, leads):
    first = ask(slack, slack_client, "pending")
    value = first["blocks"][-1]["elements"][0]["value"]
    url = slack.new_response_url()
    body = action_body("leads_next_page", value, url, ephemeral=True)
    answered = len(slack.calls_to("response_url"))
    assert post(slack_client, body).status_code == 200
    slack.wait_for("response_url", count=answered + 1)
    (page,) = slack.response_posts(url)
    assert page["replace_original"] is True
    assert "showing 11–20" in shown(page)
    assert f"#{leads[13]} " in shown(page)


def test_reached_and_all(slack, slack_client, leads):
    reached = shown(ask(slack, slack_client, "reached"))
    assert "*3 reached out leads*" in reached
    assert all(f"#{i} " in reached for i in leads[:3])
    everything = shown(ask(slack, slack_client, "all"))
    assert "*25 leads*" in everything
    assert f"#{leads[-1]} " in everything  # newest first


def test_one_lead_with_its_history(slack, slack_client, leads):
    detail = shown(ask(slack, slack_client, f"#{leads[0]}"))
    assert f"#{leads[0]} Person00 Lovelace" in detail
    assert "Reached out" in detail
    assert "applied" in detail and "<@U0MEMBER> moved it from pending to reached out" in detail
    assert "Move back to pending" in detail
    assert "There is no lead #99999" in shown(ask(slack, slack_client, "99999"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("person07", "#8 "), ("PERSON07@example", "#8 "), ("person0 lovelace", "10 leads match")],
)
def test_search_names_and_email(slack, slack_client, leads, text, expected):
    assert expected in shown(ask(slack, slack_client, text))


@pytest.mark.parametrize(
    "text",
    ["payload", "payload=%7B", "'; DROP TABLE leads; --", "%", "_", "x" * 5000, "<!channel>"],
)
def test_odd_text_is_answered_not_crashed(slack, slack_client, leads, slack_app, text):
    answer = ask(slack, slack_client, text)
    assert answer["blocks"]
    assert "<!channel>" not in shown(answer)
    with slack_app.extensions["db"].sessions() as session:
        assert len(session.scalars(select(Lead.id)).all()) == 25


@pytest.mark.parametrize("text", ["help", "?", "!!", "x"])
def test_help_and_unknown_input(slack, slack_client, text):
    assert "*/leads reached*" in shown(ask(slack, slack_client, text))
