"""The real app process with Slack: card within a second or two, a signed click, /leads,
Slack unreachable while the app starts, and Socket Mode in a process of its own."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.support.app_process import AppProcess
from tests.support.http_client import apply, request, wait_for
from tests.support.slack_emulator import SlackEmulator
from tests.support.slack_requests import (
    CHANNEL,
    SIGNING_SECRET,
    action_body,
    action_payload,
    command_body,
    command_fields,
    signed_headers,
)
from tests.support.worker_process import WorkerProcess

pytestmark = pytest.mark.process


@pytest.fixture
def slack():
    with SlackEmulator() as emulator:
        emulator.add_user("U0MEMBER", name="member")
        yield emulator


def slack_env(slack: SlackEmulator) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": slack.token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_LEADS_CHANNEL": CHANNEL,
        "SLACK_API_URL": slack.api_url,
    }


def signed_post(app: AppProcess, body: str):
    return request(app, "POST", "/slack/events", body.encode(), signed_headers(body))


def test_card_click_and_command_through_the_real_process(tmp_path: Path, slack):
    with AppProcess(tmp_path, slack_env(slack)) as app:
        submitted = time.monotonic()
        apply(app, "Ada", "Lovelace", "ada@example.com")
        (card_call,) = slack.wait_for("chat.postMessage", timeout=5)
        assert card_call.at - submitted < 2.0, "the card took more than two seconds"
        (card,) = slack.messages(CHANNEL)
        lead_id = card["metadata"]["event_payload"]["lead_id"]

        started = time.monotonic()
        response, body = signed_post(
            app, action_body("mark_reached_out", str(lead_id), slack.new_response_url())
        )
        assert response.status == 200 and body == b""
        assert time.monotonic() - started < 1.0
        slack.wait_for("chat.update", timeout=5)
        assert "Reached out by <@U0MEMBER>" in json.dumps(slack.messages(CHANNEL)[0]["blocks"])

        response, body = signed_post(app, command_body("reached", slack.new_response_url()))
        answer = json.loads(body)
        assert answer["response_type"] == "ephemeral"
        assert "Ada Lovelace" in json.dumps(answer["blocks"])


def test_slack_down_at_start_up(tmp_path: Path, slack):
    slack.down()
    with AppProcess(tmp_path, slack_env(slack)) as app:
        apply(app, "Grace", "Hopper", "grace@example.com")
        time.sleep(1.0)
        assert slack.messages(CHANNEL) == []
        slack.up()
        wait_for(lambda: slack.messages(CHANNEL), "no card after Slack came back", app, timeout=30)
        time.sleep(0.5)
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
