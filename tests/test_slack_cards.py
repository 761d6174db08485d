"""Lead cards: content, escaping, delivery through faults, no duplicates, thread replies."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from db.models import JobStatus, Lead
from db.types import utcnow
from service import jobs
from tests.support.blocks import all_text, text_objects
from tests.support.form import post_application
from tests.support.outbox import deliver, job_of, make_due
from tests.support.slack_requests import CHANNEL


def lead(app) -> Lead:
    with app.extensions["db"].sessions() as session:
        return session.scalars(select(Lead)).one()


def test_the_card_shows_the_lead_and_records_its_ts(slack, slack_app, slack_client):
    post_application(slack_client, resume=(b"%PDF-1.4 " + b"x" * 2048, "Ada CV.pdf"))
    deliver(slack_app)
    (card,) = slack.messages(CHANNEL)
    text = all_text(card)
    assert card["text"] == "New applicant: Ada Lovelace"
    for expected in (
        "Ada Lovelace",
        "ada@example.com",
        "Ada CV.pdf",
        "2.0 KB",
        "<!date^",
        "Pending",
        "Mark reached out",
        "Resume",
    ):
        assert expected in text
    stored = lead(slack_app)
    assert card["metadata"] == {"event_type": "lead_card", "event_payload": {"lead_id": stored.id}}
    buttons = card["blocks"][-1]["elements"]
    assert [b["value"] for b in buttons] == [str(stored.id)] * 4
    assert [b.get("style") for b in buttons] == [None, "primary", None, None]
    assert (stored.slack_channel, stored.slack_ts) == (CHANNEL, card["ts"])


def test_mrkdwn_in_names_is_neutralised(slack, slack_app, slack_client):
    post_application(
        slack_client, first_name="<!channel>", last_name="<https://evil.example|click> <@U123>"
    )
    deliver(slack_app)
    (card,) = slack.messages(CHANNEL)
    markup = [obj for obj in text_objects(card["blocks"]) if obj["type"] == "mrkdwn"]
    assert markup and all(obj["verbatim"] is True for obj in markup)
    for text in [card["text"]] + [obj["text"] for obj in markup]:
        assert "<!channel>" not in text
        assert "<https://evil.example|click>" not in text
        assert "<@U123>" not in text
    assert "&lt;!channel&gt;" in card["text"]
    plain_texts = [obj for obj in text_objects(card["blocks"]) if obj["type"] == "plain_text"]
    assert any("<!channel>" in obj["text"] for obj in plain_texts)  # shown literally, never parsed


def test_a_429_is_honoured(slack, slack_app, slack_client):
    slack.rate_limit_next("chat.postMessage", retry_after=7)
    post_application(slack_client)
    before = utcnow()
    deliver(slack_app)
    job = job_of(slack_app, jobs.SLACK_CARD)
    assert job.status == JobStatus.PENDING
    assert job.next_attempt_at - before >= timedelta(seconds=6.9)
    assert slack.messages(CHANNEL) == []


def test_server_errors_and_outages_are_retried_until_delivered(slack, slack_app, slack_client):
    slack.fail_next("chat.postMessage", status=500)
    post_application(slack_client)
    deliver(slack_app)
    assert job_of(slack_app, jobs.SLACK_CARD).status == JobStatus.PENDING
    slack.down()
    make_due(slack_app)
    deliver(slack_app)
    assert "URLError" in job_of(slack_app, jobs.SLACK_CARD).last_error
    slack.up()
    make_due(slack_app)
    deliver(slack_app)
    assert job_of(slack_app, jobs.SLACK_CARD).status == JobStatus.DONE
    assert len(slack.messages(CHANNEL)) == 1


INVITE_OR_CHECK = "invite the bot to the channel: /invite @leads, or check SLACK_LEADS_CHANNEL"


# Slack hides a private channel from a bot that is not in it (channel_not_found) and
# refuses a public one (not_in_channel): the operator is told both possible fixes.
@pytest.mark.parametrize("private, error", [(True, "channel_not_found"), (False, "not_in_channel")])
def test_permanent_errors_fail_at_once_with_a_hint(
    slack, slack_app, slack_client, caplog, private, error
):
    slack.add_channel(CHANNEL, "leads", private=private, bot_in=False)
    post_application(slack_client)
    deliver(slack_app)
    job = job_of(slack_app, jobs.SLACK_CARD)
    assert job.status == JobStatus.FAILED
    assert error in job.last_error
    assert INVITE_OR_CHECK in job.last_error
    assert INVITE_OR_CHECK in caplog.text


def test_accept_then_crash_leaves_one_card(slack, slack_app, slack_client, make_app):
    """Slack accepts the post but the answer never arrives: the retry finds the card."""
    app = make_app(
        {
            **slack_app.extensions["settings"].model_dump(),
            "instance_path": None,
            "INSTANCE_PATH": str(slack_app.instance_path),
            "SLACK_TIMEOUT": 1,
        }
    )
    slack.accept_then_hang("chat.postMessage", seconds=3)
    post_application(app.test_client())
    deliver(app)
    assert len(slack.messages(CHANNEL)) == 1  # Slack has it...
    assert job_of(app, jobs.SLACK_CARD).status == JobStatus.PENDING  # ...we do not know
    make_due(app)
    deliver(app)
    assert len(slack.messages(CHANNEL)) == 1
    assert job_of(app, jobs.SLACK_CARD).status == JobStatus.DONE
    assert lead(app).slack_ts == slack.messages(CHANNEL)[0]["ts"]
    history = slack.calls_to("conversations.history")
    assert history and history[0].params["include_all_metadata"] in ("true", "1", True)


def test_applying_again_is_a_reply_in_the_cards_thread(slack, slack_app, slack_client):
    post_application(slack_client)
    deliver(slack_app)
    post_application(slack_client, resume=(b"%PDF-1.7 again", "second.pdf"))
    deliver(slack_app)
    card, reply = slack.messages(CHANNEL)
    assert reply["thread_ts"] == card["ts"]
    assert "applied again" in reply["text"]
    assert "second.pdf" in all_text(reply)
    assert len([m for m in slack.messages(CHANNEL) if "thread_ts" not in m]) == 1


def test_cards_to_one_channel_are_spaced_about_a_second(slack, slack_app, slack_client):
    for n in range(3):
        post_application(slack_client, email=f"p{n}@example.com")
    started = time.monotonic()
    deliver(slack_app)
    posts = slack.calls_to("chat.postMessage")
    assert len(posts) == 3
    gaps = [b.at - a.at for a, b in zip(posts, posts[1:], strict=False)]
    assert min(gaps) >= 0.9, gaps
    assert time.monotonic() - started >= 1.8


def test_cards_wait_without_a_channel_and_go_once_it_is_set(slack_config, slack, make_app):
    slack_config["SLACK_LEADS_CHANNEL"] = ""
    app = make_app(slack_config, migrate=True)
    post_application(app.test_client())
    app.extensions["worker"].drain()
    assert job_of(app, jobs.SLACK_CARD).status == JobStatus.PENDING
    slack_config["SLACK_LEADS_CHANNEL"] = CHANNEL
    later = make_app(slack_config)
    later.extensions["worker"].drain()
    assert job_of(later, jobs.SLACK_CARD).status == JobStatus.DONE
    assert len(slack.messages(CHANNEL)) == 1
