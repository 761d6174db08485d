"""Socket Mode: the same Bolt app, door and listeners over a WebSocket to the emulator.
Every envelope is acknowledged within Slack's 3 s (the emulator checks, and checks the
message in a command's ack); an envelope sent twice does its work once; a foreign
response URL is refused; retries are dropped; a reconnect asked by Slack is followed."""

from __future__ import annotations

import json
import threading
import time
from urllib.parse import parse_qs

import pytest

from bot.socket_mode import LeadsSocketModeHandler
from config.settings import ConfigError
from db.models import LeadState
from tests.conftest import migrated_app
from tests.support.form import post_application
from tests.support.leads import lead_state, posted_lead, state_changes
from tests.support.polling import stays, until
from tests.support.slack_emulator import SlackEmulator
from tests.support.slack_requests import action_payload, command_fields, view_submission_body
from web import create_app


@pytest.fixture
def socket_app(slack_config, slack):
    slack_config["SLACK_APP_TOKEN"] = slack.app_token
    del slack_config["SLACK_SIGNING_SECRET"]  # nothing over a socket is signed
    yield from migrated_app(slack_config)


@pytest.fixture
def socket(socket_app, slack):
    handler = LeadsSocketModeHandler(socket_app.extensions["slack"], slack.app_token)
    handler.connect()
    slack.socket.wait_connected()
    yield slack.socket
    # Closing waits out the client's 3 s read timeout; nothing here needs to wait for it.
    threading.Thread(target=handler.close, daemon=True).start()
    assert slack.socket.problems == []


@pytest.fixture
def delivering(socket_app):
    """The socket app's delivery thread: card rewrites follow clicks."""
    worker = socket_app.extensions["worker"]
    worker.ensure_started()
    yield worker
    worker.stop()


def command(socket, text: str, url: str, **options) -> dict:
    payload = command_fields(text, url, **options)
    return socket.wait_for_ack(
        socket.send("slash_commands", payload, accepts_response_payload=True)
    )


def click(socket, action_id: str, value: str, url: str, **options) -> dict:
    payload = action_payload(action_id, value, url, **options)
    return socket.wait_for_ack(socket.send("interactive", payload, accepts_response_payload=False))


def test_leads_over_the_socket_cold_then_warm(slack, socket_app, socket):
    post_application(socket_app.test_client())
    url = slack.new_response_url()
    assert "payload" not in command(socket, "all", url)  # cold: answered through the URL
    until(lambda: slack.response_posts(url), "the answer through the response URL")
    assert "Lovelace" in str(slack.response_posts(url)[0]["blocks"])
    warm = command(socket, "all", slack.new_response_url())  # answered in the ack itself
    assert warm["payload"]["response_type"] == "ephemeral"
    assert "Lovelace" in str(warm["payload"]["blocks"])


def test_a_click_over_the_socket_changes_the_lead_and_the_card(
    slack, socket_app, socket, delivering
):
    lead = posted_lead(socket_app, socket_app.test_client())
    ack = click(socket, "mark_reached_out", str(lead.id), slack.new_response_url())
    assert "payload" not in ack
    until(lambda: lead_state(socket_app, lead.id) == LeadState.REACHED_OUT, "the change")
    slack.wait_for("chat.update")


@pytest.mark.parametrize(
    "who, options",
    [("guest", {"user": "U0GUEST"}), ("other-workspace", {"team": "T0OTHER"})],
)
def test_the_same_door_refuses_over_the_socket(slack, socket_app, socket, who, options):
    slack.add_user("U0GUEST", is_restricted=True)
    post_application(socket_app.test_client())
    command(socket, "help", slack.new_response_url())  # who we are is known from here on
    url = slack.new_response_url()
    ack = command(socket, "all", url, **options)
    until(lambda: "payload" in ack or slack.response_posts(url), "an answer")
    answer = ack.get("payload") or slack.response_posts(url)[0]
    assert answer["text"] == "Only members of Acme Law can see or change leads."
    assert "Lovelace" not in str(answer)


def test_an_envelope_sent_again_does_its_work_once(slack, socket_app, socket, delivering):
    lead = posted_lead(socket_app, socket_app.test_client())
    mark = action_payload("mark_reached_out", str(lead.id), slack.new_response_url())
    first = socket.send("interactive", mark, accepts_response_payload=False)
    socket.wait_for_ack(first)
    until(lambda: state_changes(socket_app, lead.id) == 1, "the change")
    click(socket, "move_to_pending", str(lead.id), slack.new_response_url())
    until(lambda: lead_state(socket_app, lead.id) == LeadState.PENDING, "the move back")
    envelope = socket.envelope(first)
    envelope.ack, envelope.sent_at = None, time.monotonic()  # as if Slack saw no ack
    socket.send_again(envelope, mark)
    assert socket.wait_for_ack(first) == {"envelope_id": first}
    stays(
        lambda: (
            lead_state(socket_app, lead.id) == LeadState.PENDING
            and state_changes(socket_app, lead.id) == 2
        ),
        "the lead pending after two changes",
    )


def test_a_foreign_response_url_is_refused_over_the_socket(slack, socket_app, socket):
    post_application(socket_app.test_client())
    with SlackEmulator() as elsewhere:
        payload = action_payload("open_resume", "1", elsewhere.new_response_url())
        envelope = socket.send("interactive", payload, accepts_response_payload=False)
        assert socket.wait_for_ack(envelope) == {"envelope_id": envelope}
        stays(lambda: elsewhere.calls == [], "nothing reaching the other server")
    assert slack.calls_to("users.info") == []  # no work, not even the membership lookup


@pytest.mark.parametrize("attempt, done", [(0, True), (1, False)], ids=["first", "retry"])
def test_a_retried_delivery_is_dropped_a_first_one_is_not(slack, socket_app, socket, attempt, done):
    url = slack.new_response_url()
    envelope = socket.send(
        "slash_commands",
        command_fields("help", url),
        accepts_response_payload=True,
        retry_attempt=attempt,
        retry_reason="timeout",
    )
    socket.wait_for_ack(envelope)
    if done:
        until(lambda: slack.response_posts(url), "the answer")
    else:
        stays(lambda: not slack.response_posts(url), "no answer")


def test_an_envelope_without_a_listener_is_acknowledged(slack, socket):
    payload = json.loads(parse_qs(view_submission_body([slack.new_response_url()]))["payload"][0])
    envelope = socket.send("interactive", payload, accepts_response_payload=True)
    assert socket.wait_for_ack(envelope) == {"envelope_id": envelope}


def test_a_reconnect_slack_asks_for_is_followed(slack, socket):
    socket.disconnect("refresh_requested")
    # A new URL, a new connection, and the old one closed by the app.
    until(lambda: (socket.accepted, socket.connections) == (2, 1), "the new connection", 10)
    assert len(slack.calls_to("apps.connections.open")) == 2
    assert "envelope_id" in command(socket, "help", slack.new_response_url())


def test_http_without_the_signing_secret_is_turned_away(socket_app):
    body = "command=%2Fleads&text="
    response = socket_app.test_client().post("/slack/events", data=body)
    assert response.status_code == 503
    assert "SLACK_SIGNING_SECRET" in response.json["error"]


def test_the_app_token_must_be_an_app_level_token(slack_config):
    slack_config["SLACK_APP_TOKEN"] = "xoxb-the-bot-token"
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN: .*app-level token"):
        create_app(slack_config)
