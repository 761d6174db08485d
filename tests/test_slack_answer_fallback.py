"""An answer Slack refuses through the response URL (used up, expired, rejected) is logged
with Slack's reason and reaches the member privately in the request's channel instead
(chat.postEphemeral), for buttons and for commands."""

from __future__ import annotations

import logging

import pytest

from tests.support.emulator_client import post_json
from tests.support.form import post_application
from tests.support.polling import stays, until
from tests.support.slack_emulator import RESPONSE_URL_MAX_USES
from tests.support.slack_requests import CHANNEL, action_body, command_body, post


@pytest.fixture
def reachable(slack):
    """The member is in the leads channel, where Slack lets the bot talk to them."""
    slack.add_members(CHANNEL, "U0MEMBER")
    return slack


def spoiled(slack, how: str) -> str:
    url = slack.new_response_url()
    if how == "used_url":
        for _ in range(RESPONSE_URL_MAX_USES):
            assert post_json(url, {"text": "an earlier answer"})[0] == 200
    else:
        slack.age_response_url(url, minutes=31)
    return url


def ephemeral(slack) -> dict:
    (call,) = slack.wait_for("chat.postEphemeral")
    return call.params


def wait_for_log(caplog, text: str) -> None:
    until(lambda: text in caplog.text, f"the log line {text!r}")


@pytest.mark.parametrize("how", ["used_url", "expired_url"])
def test_a_button_answer_the_response_url_refuses_comes_privately(
    reachable, slack_client, caplog, how
):
    post_application(slack_client)
    caplog.set_level(logging.INFO, logger="leads.bot")
    url = spoiled(reachable, how)
    assert post(slack_client, action_body("open_resume", "1", url)).status_code == 200
    sent = ephemeral(reachable)
    assert (sent["channel"], sent["user"]) == (CHANNEL, "U0MEMBER")
    assert sent["text"] == "Resume link for lead #1"
    assert "Ada CV.pdf" in str(sent["blocks"])
    wait_for_log(caplog, "answered user=U0MEMBER in channel=C0LEADS instead")
    assert f"could not answer user=U0MEMBER through the response_url (HTTP 404: {how})" in (
        caplog.text
    )


def test_a_command_answer_the_response_url_refuses_comes_privately(reachable, slack_client):
    post_application(slack_client)
    url = spoiled(reachable, "expired_url")
    response = post(slack_client, command_body("all", url))  # cold: answered through the URL
    assert response.status_code == 200 and response.get_data() == b""
    sent = ephemeral(reachable)
    assert (sent["channel"], sent["user"]) == (CHANNEL, "U0MEMBER")
    assert "Lovelace" in str(sent["blocks"])


def test_a_rejected_message_is_not_sent_again_the_member_is_told(reachable, slack_client, caplog):
    post_application(slack_client)
    refused = {"ok": False, "error": "invalid_blocks", "errors": ["must be less than 3001"]}
    reachable.fail_next("response_url", status=400, body=refused)
    post(slack_client, action_body("open_resume", "1", reachable.new_response_url()))
    sent = ephemeral(reachable)
    assert sent["text"].startswith("Something went wrong on our side")
    assert "blocks" not in sent
    assert "(HTTP 400: invalid_blocks; must be less than 3001)" in caplog.text


def test_a_member_who_cannot_be_reached_either_is_logged(slack, slack_client, caplog):
    post_application(slack_client)  # the member is not in the channel: Slack refuses
    post(slack_client, action_body("open_resume", "1", spoiled(slack, "used_url")))
    slack.wait_for("chat.postEphemeral")
    wait_for_log(caplog, "could not answer user=U0MEMBER in channel=C0LEADS either")
    assert "user_not_in_channel" in caplog.text


def test_an_answer_the_response_url_takes_goes_nowhere_else(reachable, slack_client):
    post_application(slack_client)
    url = reachable.new_response_url()
    post(slack_client, action_body("open_resume", "1", url))
    reachable.wait_for("response_url")
    stays(lambda: not reachable.calls_to("chat.postEphemeral"), "no second answer")
    assert reachable.response_posts(url)[0]["text"] == "Resume link for lead #1"
