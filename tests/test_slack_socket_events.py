"""The Events API over Socket Mode: an `events_api` envelope is acknowledged (no payload)
and handled like a signed event; a redelivery of the same event (a new envelope, the same
event_id, a retry_attempt) does nothing twice, and one whose first never came is handled."""

from __future__ import annotations

from tests.support.home import home_text, seed_leads, wait_for_home
from tests.support.polling import stays
from tests.support.slack_requests import app_home_opened
from tests.test_slack_socket_mode import socket, socket_app  # noqa: F401 - fixtures


def send_event(socket, payload: dict, attempt: int = 0) -> None:  # noqa: F811
    envelope = socket.send(
        "events_api",
        payload,
        accepts_response_payload=False,
        retry_attempt=attempt,
        retry_reason="timeout" if attempt else "",
    )
    assert socket.wait_for_ack(envelope) == {"envelope_id": envelope}


def test_app_home_opened_over_the_socket_publishes_the_home(slack, socket_app, socket):  # noqa: F811
    seed_leads(socket_app, 2, owner="U0MEMBER", name="Socket")
    send_event(socket, app_home_opened())
    assert "Your leads (2 pending)" in home_text(wait_for_home(slack, "U0MEMBER", 1))


def test_a_redelivered_event_over_the_socket_works_once(slack, socket_app, socket):  # noqa: F811
    payload = app_home_opened(event_id="Ev0SOCKET")
    send_event(socket, payload)
    wait_for_home(slack, "U0MEMBER", 1)
    send_event(socket, payload, attempt=1)
    send_event(socket, payload, attempt=2)
    stays(lambda: len(slack.home_publishes("U0MEMBER")) == 1, "one publish")


def test_a_retry_whose_first_delivery_never_came_is_handled(slack, socket_app, socket):  # noqa: F811
    send_event(socket, app_home_opened(event_id="Ev0MISSED"), attempt=1)
    wait_for_home(slack, "U0MEMBER", 1)
