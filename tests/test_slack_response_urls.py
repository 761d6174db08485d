"""Answers go only to response URLs on Slack's hosts (or the emulator standing in for
Slack): a signed request naming any other URL is refused with a 400 before any work,
and nothing is ever sent there."""

from __future__ import annotations

import json
import logging
from urllib.parse import parse_qs

import pytest

from bot.response_urls import ResponseUrls
from db.models import LeadState
from tests.support.form import post_application
from tests.support.leads import lead_state
from tests.support.polling import stays
from tests.support.slack_emulator import SlackEmulator
from tests.support.slack_requests import (
    action_body,
    command,
    command_body,
    post,
    signed_headers,
    view_submission_body,
)

SLACK = "https://hooks.slack.com/commands/T0LEADS/1234/abcd"


@pytest.mark.parametrize(
    "url",
    [
        SLACK,
        "https://hooks.slack.com/actions/T0LEADS/1234/abcd",
        "https://hooks.slack.com:443/app/T0LEADS/1234/abcd",
        "HTTPS://HOOKS.SLACK.COM/commands/T0LEADS/1234/abcd",
        "https://hooks.slack-gov.com/commands/T0LEADS/1234/abcd",
        "http://127.0.0.1:8999/response/abcd",  # the origin of SLACK_API_URL below
    ],
)
def test_slacks_hosts_are_allowed(url):
    assert ResponseUrls("http://127.0.0.1:8999/api/").allows(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.slack.com/commands/T0LEADS/1/x",
        "https://hooks.slack.com:8443/commands/T0LEADS/1/x",
        "https://hooks.slack.com./commands/T0LEADS/1/x",
        "https://hooks.slack.com.evil.example/commands/T0LEADS/1/x",
        "https://evilhooks.slack.com/commands/T0LEADS/1/x",
        "https://slack.com/api/",  # the default SLACK_API_URL's host is not a hooks host
        "https://evil.example/hooks.slack.com/commands",
        "https://hooks.slack.com@evil.example/commands",
        "https://someone@hooks.slack.com/commands/T0LEADS/1/x",  # Slack issues no user info
        "https://evil.example#@hooks.slack.com/commands",
        "https://evil.example\\@hooks.slack.com/commands",
        "https://hooks.slack.com\t.evil.example/commands",
        " https://hooks.slack.com/commands/T0LEADS/1/x",
        "https://hooks.slack.com:0x1bb/commands",
        "https://hооks.slack.com/commands",  # Cyrillic o
        "//hooks.slack.com/commands/T0LEADS/1/x",
        "https:hooks.slack.com/commands",
        "ftp://hooks.slack.com/commands",
        "http://127.0.0.1:9000/response/abcd",  # the emulator's host, another port
        "http://localhost:8999/response/abcd",
        "",
        42,
        ["https://hooks.slack.com/commands/T0LEADS/1/x"],
    ],
)
def test_other_urls_are_refused(url):
    assert not ResponseUrls("http://127.0.0.1:8999/api/").allows(url)


def foreign_urls(slack: SlackEmulator, server: SlackEmulator) -> dict[str, str]:
    """URLs naming `server`. The first two reach it; the user-info disguises would with
    some HTTP clients (urllib gives up on them), and must be refused all the same."""
    to = f"127.0.0.1:{server.port}"
    return {
        "another-port": server.new_response_url(),
        "localhost": f"http://localhost:{server.port}/response/secret-key",
        "slack-host-as-user-info": f"http://hooks.slack.com@{to}/response/secret-key",
        "emulator-as-user-info": f"http://127.0.0.1:{slack.port}@{to}/response/secret-key",
    }


def assert_nothing_reaches(server: SlackEmulator) -> None:
    stays(lambda: server.calls == [], "nothing reaching the other server")


@pytest.mark.parametrize(
    "case", ["another-port", "localhost", "slack-host-as-user-info", "emulator-as-user-info"]
)
def test_a_command_answering_elsewhere_is_refused(slack, slack_client, elsewhere, caplog, case):
    post_application(slack_client)
    url = foreign_urls(slack, elsewhere)[case]
    with caplog.at_level(logging.WARNING, logger="leads.bot.endpoint"):
        response = post(slack_client, command_body("all", url))
    assert_nothing_reaches(elsewhere)
    assert response.status_code == 400
    assert b"Lovelace" not in response.get_data()
    assert slack.calls == []  # no work: not even the membership lookup
    assert "is not Slack's" in caplog.text
    assert "secret-key" not in caplog.text and url.rsplit("/", 1)[-1] not in caplog.text


def test_a_denied_user_is_not_told_elsewhere(slack, slack_client, elsewhere):
    slack.add_user("U0GUEST", is_restricted=True)
    response = post(slack_client, command_body("all", elsewhere.new_response_url(), user="U0GUEST"))
    assert_nothing_reaches(elsewhere)
    assert response.status_code == 400


def test_a_click_answering_elsewhere_changes_nothing(slack, slack_app, slack_client, elsewhere):
    post_application(slack_client)
    command(slack, slack_client, "help")  # the member's verdict is cached
    body = action_body("mark_reached_out", "1", elsewhere.new_response_url(), ephemeral=True)
    response = post(slack_client, body)
    assert_nothing_reaches(elsewhere)
    assert response.status_code == 400
    assert lead_state(slack_app, 1) == LeadState.PENDING


def test_every_response_url_of_a_view_submission_is_checked(slack, slack_client, elsewhere):
    command(slack, slack_client, "help")  # the member's verdict is cached: decided inline
    urls = [SLACK, elsewhere.new_response_url()]
    response = post(slack_client, view_submission_body(urls))
    assert_nothing_reaches(elsewhere)
    assert response.status_code == 400
    # With Slack's URLs only, the request goes on (no listener for it: Bolt's 404).
    assert post(slack_client, view_submission_body([SLACK, SLACK])).status_code == 404


def test_a_response_url_on_the_emulator_is_answered(slack, slack_client):
    url = slack.new_response_url()
    assert post(slack_client, command_body("help", url)).get_data() == b""  # deferred
    slack.wait_for("response_url")
    assert "/leads reached" in str(slack.response_posts(url)[0]["blocks"])


def test_bolt_reads_the_body_that_was_checked(slack, slack_client, elsewhere):
    """Bolt parses the raw body again for lazy listeners (the buttons). JSON sent as
    `Application/JSON` and starting with a space is JSON to us but a form to Bolt, whose
    `payload` field could name another lead and another URL: Bolt must read ours."""
    post_application(slack_client)
    checked = slack.new_response_url()
    smuggled = action_body("open_resume", "999", elsewhere.new_response_url())
    payload = json.loads(parse_qs(action_body("open_resume", "1", checked))["payload"][0])
    raw = " " + json.dumps({**payload, "note": f"&{smuggled}&"})
    headers = signed_headers(raw, content_type="Application/JSON")
    assert slack_client.post("/slack/events", data=raw, headers=headers).status_code == 200
    slack.wait_for("response_url")
    assert_nothing_reaches(elsewhere)
    (answer,) = slack.response_posts(checked)
    assert answer["text"] == "Resume link for lead #1"
