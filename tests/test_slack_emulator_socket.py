"""The emulator's Socket Mode, as Slack documents it: apps.connections.open takes only the
app-level token, in the header, with connections:write; a URL is good for one connection,
which is greeted with `hello`; acknowledgements are checked."""

from __future__ import annotations

import json
import time
from contextlib import contextmanager

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.support.emulator_client import CHANNEL, client_for

BAD_BLOCKS = [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}]


def error_of(call) -> dict:
    with pytest.raises(SlackApiError) as refused:
        call()
    return refused.value.response.data


def open_url(emu) -> str:
    return WebClient(base_url=emu.api_url).apps_connections_open(app_token=emu.app_token)["url"]


def test_a_url_comes_for_the_app_level_token_only(emu):
    url = open_url(emu)
    assert url.startswith("ws://127.0.0.1:") and "/link/?ticket=" in url
    api = WebClient(base_url=emu.api_url)
    assert error_of(lambda: api.apps_connections_open(app_token=emu.token)) == {
        "ok": False,
        "error": "not_allowed_token_type",
    }
    assert error_of(lambda: api.apps_connections_open(app_token="xapp-other"))["error"] == (
        "invalid_auth"
    )
    as_param = lambda: api.api_call(  # noqa: E731
        "apps.connections.open", http_verb="POST", data={"token": emu.app_token}
    )
    assert error_of(as_param)["error"] == "not_authed"
    emu.app_scopes.clear()
    refused = error_of(lambda: api.apps_connections_open(app_token=emu.app_token))
    assert (refused["error"], refused["needed"]) == ("missing_scope", "connections:write")


def test_the_app_level_token_calls_no_workspace_method(emu):
    client = WebClient(token=emu.app_token, base_url=emu.api_url)
    assert error_of(lambda: client.chat_postMessage(channel=CHANNEL, text="x"))["error"] == (
        "not_allowed_token_type"
    )
    assert client_for(emu).chat_postMessage(channel=CHANNEL, text="x")["ok"]


def test_a_connection_is_greeted_and_its_url_is_good_once(emu):
    url = open_url(emu)
    with connect(url) as socket:
        hello = json.loads(socket.recv(timeout=5))
        assert hello["type"] == "hello" and hello["connection_info"]["app_id"] == "A0LEADS"
        emu.socket.wait_connected()
        with connect(url) as again, pytest.raises(ConnectionClosed):
            again.recv(timeout=5)
    assert emu.socket.problems == ["a connection with a ticket not issued, or used before"]


@contextmanager
def connected(emu):
    with connect(open_url(emu)) as socket:
        assert json.loads(socket.recv(timeout=5))["type"] == "hello"
        emu.socket.wait_connected()
        yield socket


def test_envelopes_are_sent_and_their_acks_checked(emu):
    with connected(emu) as socket:
        sent = emu.socket.send(
            "slash_commands", {"command": "/leads"}, accepts_response_payload=True
        )
        envelope = json.loads(socket.recv(timeout=5))
        assert envelope == {
            "envelope_id": sent,
            "type": "slash_commands",
            "accepts_response_payload": True,
            "payload": {"command": "/leads"},
        }
        socket.send(json.dumps({"envelope_id": sent, "payload": {"text": "ok"}}))
        assert emu.socket.wait_for_ack(sent) == {"envelope_id": sent, "payload": {"text": "ok"}}
        assert emu.socket.problems == []


@pytest.mark.parametrize(
    "kind, accepts, ack, problem",
    [
        ("interactive", False, {"payload": {"text": "x"}}, "a payload in the ack of interactive"),
        ("slash_commands", True, {"payload": {"blocks": BAD_BLOCKS}}, "ack payload refused"),
        ("slash_commands", True, {"envelope_id": "never-sent"}, "an envelope never sent"),
        ("slash_commands", True, "not json", "not an acknowledgement"),
    ],
    ids=["payload-not-accepted", "invalid-blocks", "unknown-envelope", "not-json"],
)
def test_a_wrong_ack_is_a_problem(emu, kind, accepts, ack, problem):
    with connected(emu) as socket:
        sent = emu.socket.send(kind, {"type": "block_actions"}, accepts_response_payload=accepts)
        socket.recv(timeout=5)
        socket.send(ack if isinstance(ack, str) else json.dumps({"envelope_id": sent, **ack}))
        socket.send(json.dumps({"envelope_id": sent}))  # then a good one
        emu.socket.wait_for_ack(sent)
    assert len(emu.socket.problems) == 1 and problem in emu.socket.problems[0]


def test_a_late_or_second_ack_is_a_problem(emu):
    with connected(emu) as socket:
        late = emu.socket.send("interactive", {}, accepts_response_payload=False)
        emu.socket.envelope(late).sent_at -= 3.5  # as if it had waited that long
        twice = emu.socket.send("interactive", {}, accepts_response_payload=False)
        for envelope_id in (late, twice, twice):
            socket.send(json.dumps({"envelope_id": envelope_id}))
        emu.socket.wait_for_ack(twice)
        socket.send(json.dumps({"envelope_id": late}))
        # The server reads the connection on its own thread: wait until it has read all
        # four acks (a late one, a second one twice) before the connection closes.
        _poll(lambda: len(emu.socket.problems) >= 3)
    assert emu.socket.problems[0] == f"ack for {late} after 3.0 s"
    assert f"a second ack for {twice}" in emu.socket.problems


def _poll(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the emulator did not get there in time"
        time.sleep(0.01)
