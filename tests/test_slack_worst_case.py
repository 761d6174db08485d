"""Every message the app sends, built from the worst input the form accepts (names of 100
`&` and `<`, a 254-character address, a 120-character file name) and sent THROUGH the app
to the strict emulator, which refuses what Slack refuses: cards, the thread reply, the
rewritten card, /leads pages of ten such rows, Next, a lead's detail, a search, the
resume link, and an answer that falls back to chat.postEphemeral."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from bot.lists import NEXT_PAGE
from bot.replies import SORRY
from db.models import JobStatus, LeadState, OutboxJob
from tests.support.files import pdf_bytes
from tests.support.form import post_application
from tests.support.leads import lead_state
from tests.support.polling import until
from tests.support.slack_emulator.payloads import content_problem
from tests.support.slack_requests import CHANNEL, action_body, command_body, post
from tests.support.worst_case import FILENAME, NAME, SEARCH, email

LEADS = 11  # a full page of ten rows, and a Next button


@pytest.fixture
def slack_config(slack_config):
    slack_config["SLACK_POST_INTERVAL"] = 0  # eleven cards without a second between each
    return slack_config


@pytest.fixture
def worst(slack, slack_app, slack_client):
    """Eleven worst-case leads, their cards posted; one applied again."""
    for n in range(LEADS):
        response = post_application(
            slack_client,
            first_name=NAME,
            last_name=NAME,
            email=email(n) if n < 10 else email(9).replace("a", "d", 1),
            resume=(pdf_bytes(), FILENAME),
        )
        assert response.status_code == 303
    again = (pdf_bytes(4096), FILENAME)  # another file: a reply in the card's thread
    response = post_application(
        slack_client, first_name=NAME, last_name=NAME, email=email(0), resume=again
    )
    assert response.status_code == 303
    deliver(slack_app)
    return slack


def deliver(app) -> None:
    app.extensions["worker"].drain()
    with app.extensions["db"].sessions() as session:
        jobs = session.scalars(select(OutboxJob).where(OutboxJob.kind.like("slack.%"))).all()
        failed = {job.kind: job.last_error for job in jobs if job.status != JobStatus.DONE}
    assert not failed, failed  # the strict emulator refused a message


def answered(slack, url: str) -> dict:
    """The one answer a response URL accepted (the emulator refuses what Slack would)."""
    until(lambda: slack.response_posts(url), "an answer the response URL accepted")
    (answer,) = slack.response_posts(url)
    return answer


def next_value(answer: dict) -> str:
    for block in answer["blocks"]:
        for element in block.get("elements", []):
            if element.get("action_id") == NEXT_PAGE:
                return element["value"]
    raise AssertionError("no Next button")


def test_cards_and_the_thread_reply_are_accepted(worst):
    parents = [m for m in worst.messages(CHANNEL) if "thread_ts" not in m]
    replies = [m for m in worst.messages(CHANNEL) if "thread_ts" in m]
    assert (len(parents), len(replies)) == (LEADS, 1)
    assert "&amp;&lt;" in str(parents[0]["blocks"])  # escaped in mrkdwn, whole


def test_lists_next_detail_search_and_resume_are_accepted(worst, slack_client):
    url = worst.new_response_url()
    post(slack_client, command_body("all", url))  # cold: through the response URL
    page = answered(worst, url)
    assert rows(page) == 10
    for text in ("pending", "1", SEARCH, NAME[:50]):  # warm: in the acknowledgement
        answer = post(slack_client, command_body(text, worst.new_response_url())).json
        assert content_problem(answer) is None, (text, content_problem(answer))
        assert SORRY not in answer["text"], text
    url = worst.new_response_url()
    post(slack_client, action_body(NEXT_PAGE, next_value(page), url))
    assert rows(answered(worst, url)) == 1
    url = worst.new_response_url()
    post(slack_client, action_body("open_resume", "1", url))
    assert "&amp;&lt;" in str(answered(worst, url)["blocks"])  # the file name, escaped


def rows(answer: dict) -> int:
    return sum(1 for block in answer["blocks"] if str(block.get("text", "")).count("applied"))


def test_the_rewritten_card_is_accepted(worst, slack_app, slack_client):
    post(slack_client, action_body("mark_reached_out", "1", worst.new_response_url()))
    until(lambda: lead_state(slack_app, 1) == LeadState.REACHED_OUT, "the change")
    deliver(slack_app)
    assert worst.calls_to("chat.update")
    assert "Reached out by" in str(worst.messages(CHANNEL)[0]["blocks"])


def test_a_worst_page_that_falls_back_to_an_ephemeral_message_is_accepted(
    worst, slack_client, caplog
):
    worst.add_members(CHANNEL, "U0MEMBER")
    url = worst.new_response_url()
    worst.age_response_url(url, minutes=31)
    caplog.set_level(logging.INFO, logger="leads.bot")
    post(slack_client, command_body("all", url))
    until(lambda: "answered user=U0MEMBER in channel=C0LEADS instead" in caplog.text, "it")
    (sent,) = worst.calls_to("chat.postEphemeral")
    assert "&amp;&lt;" in str(sent.params["blocks"])
