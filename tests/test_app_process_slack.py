"""The real app process with Slack: the card, a signed click, /leads, Slack unreachable
while the app starts, and Socket Mode in a process of its own. (How fast the card comes is
measured by `make bench`.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db.models import JobStatus
from service import jobs
from tests.support.app_database import all_delivered, tried
from tests.support.app_process import AppProcess
from tests.support.http_client import apply, request, wait_for
from tests.support.slack_emulator import SlackEmulator
from tests.support.slack_requests import (
    CHANNEL,
    SIGNING_SECRET,
    action_body,
    action_payload,
    app_home_opened,
    command_body,
    command_fields,
    signed_headers,
)
from tests.support.worker_process import WorkerProcess

pytestmark = pytest.mark.process


def slack_env(slack: SlackEmulator) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": slack.token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_LEADS_CHANNEL": CHANNEL,
        "SLACK_API_URL": slack.api_url,
        # Reminders wait in the outbox for an hour or a day: off, so "an empty outbox" holds.
        "REMIND_UNCLAIMED_MINUTES": "0",
        "REMIND_PENDING_MINUTES": "0",
    }


def signed_post(app: AppProcess, body: str):
    return request(app, "POST", "/slack/events", body.encode(), signed_headers(body))


def test_card_click_and_command_through_the_real_process(tmp_path: Path, slack):
    with AppProcess(tmp_path, slack_env(slack)) as app:
        apply(app, "Ada", "Lovelace", "ada@example.com")
        slack.wait_for("chat.postMessage", timeout=10)
        (card,) = slack.messages(CHANNEL)
        lead_id = card["metadata"]["event_payload"]["lead_id"]

        response, body = signed_post(
            app, action_body("mark_reached_out", str(lead_id), slack.new_response_url())
        )
        assert response.status == 200 and body == b""  # acknowledged, worked on afterwards
        slack.wait_for("chat.update", timeout=10)
        assert "Reached out by <@U0MEMBER>" in json.dumps(slack.messages(CHANNEL)[0]["blocks"])

        response, body = signed_post(app, command_body("reached", slack.new_response_url()))
        answer = json.loads(body)
        assert answer["response_type"] == "ephemeral"
        assert "Ada Lovelace" in json.dumps(answer["blocks"])


def test_the_home_tab_through_the_real_process(tmp_path: Path, slack):
    """A signed app_home_opened publishes the member's Home; a claim on the card then
    refreshes it, through the process's own outbox."""
    with AppProcess(tmp_path, {**slack_env(slack), "HOME_REFRESH_SECONDS": "0.5"}) as app:
        apply(app, "Ada", "Lovelace", "ada@example.com")
        slack.wait_for("chat.postMessage", timeout=10)
        lead_id = slack.messages(CHANNEL)[0]["metadata"]["event_payload"]["lead_id"]
        body = json.dumps(app_home_opened(), separators=(",", ":"))
        headers = signed_headers(body, content_type="application/json")
        response, answer = request(app, "POST", "/slack/events", body.encode(), headers)
        assert (response.status, answer) == (200, b"")
        slack.wait_for("views.publish", timeout=10)
        home = json.dumps(slack.home_of("U0MEMBER")["blocks"])
        assert "Unclaimed (1)" in home and "Ada Lovelace" in home

        signed_post(app, action_body("claim_lead", str(lead_id), slack.new_response_url()))
        slack.wait_for("views.publish", count=2, timeout=15)
        assert "Your leads (1 pending)" in json.dumps(slack.home_of("U0MEMBER")["blocks"])


def test_slack_down_at_start_up(tmp_path: Path, slack):
    slack.down()
    with AppProcess(tmp_path, slack_env(slack)) as app:
        apply(app, "Grace", "Hopper", "grace@example.com")
        # Slack refuses connections, so it records nothing: the card's job shows it was
        # tried, failed to connect and waits to be tried again.
        (card,) = wait_for(lambda: tried(app, jobs.SLACK_CARD), "a first try of the card", app)
        assert card.status == JobStatus.PENDING and "URLError" in card.last_error
        slack.up()
        wait_for(lambda: slack.messages(CHANNEL), "no card after Slack came back", app, timeout=30)
        wait_for(lambda: all_delivered(app), "an empty outbox", app)
        assert len(slack.messages(CHANNEL)) == 1


def test_socket_mode_beside_the_web_process(tmp_path: Path, slack):
    """`flask slack socket` answers Slack while `flask run` serves the form; nothing is
    signed, so the web process has no signing secret and turns HTTP Slack requests away."""
    env = {**slack_env(slack), "SLACK_APP_TOKEN": slack.app_token}
    del env["SLACK_SIGNING_SECRET"]
    with AppProcess(tmp_path, env) as app:
        socket = WorkerProcess(app, "socket", command=("slack", "socket"))
        socket.start()
        try:
            slack.socket.wait_connected(timeout=20)
            apply(app, "Ada", "Lovelace", "ada@example.com")
            slack.wait_for("chat.postMessage", timeout=10)
            lead_id = slack.messages(CHANNEL)[0]["metadata"]["event_payload"]["lead_id"]

            url = slack.new_response_url()
            ack = over_the_socket(slack, "slash_commands", command_fields("all", url))
            wait_for(lambda: "payload" in ack or slack.response_posts(url), "an answer", app)
            answer = ack.get("payload") or slack.response_posts(url)[0]
            assert "Ada Lovelace" in json.dumps(answer["blocks"])

            response, _ = request(app, "POST", "/slack/events", b"command=%2Fleads", {})
            assert response.status == 503

            app.stop()  # the socket process answers, and delivers, on its own
            click = action_payload("mark_reached_out", str(lead_id), slack.new_response_url())
            assert "payload" not in over_the_socket(slack, "interactive", click)
            slack.wait_for("chat.update", timeout=10)
            assert "Reached out by <@U0MEMBER>" in json.dumps(slack.messages(CHANNEL)[0])
        finally:
            socket.stop()
        assert socket.process.returncode == 0, socket.output()
        assert "socket mode stopped" in socket.output()
    assert slack.socket.problems == []


def over_the_socket(slack, kind: str, payload: dict) -> dict:
    envelope = slack.socket.send(kind, payload, accepts_response_payload=kind == "slash_commands")
    return slack.socket.wait_for_ack(envelope)
