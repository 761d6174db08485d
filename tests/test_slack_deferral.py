"""No Slack call stands between a request and its acknowledgement: when membership is
not cached yet, the app acknowledges at once and decides just after."""

from __future__ import annotations

from sqlalchemy import select

from db.models import Lead, LeadState
from tests.support.form import post_application
from tests.support.slack_requests import action_body, command_body, post


def test_a_cold_click_is_acknowledged_before_slack_is_asked(slack, slack_app, slack_client):
    post_application(slack_client)
    slack.slow("users.info", 1.0)
    response = post(slack_client, action_body("mark_reached_out", "1", slack.new_response_url()))
    assert response.status_code == 200 and response.get_data() == b""
    # users.info is answered only after a second: the acknowledgement did not wait for it.
    assert slack.calls_to("users.info") == []
    assert slack.calls_to("auth.test") == []
    slack.wait_for("users.info")
    slack_app.extensions["worker"].drain()

    def state() -> str:
        with slack_app.extensions["db"].sessions() as session:
            return session.scalar(select(Lead.state))

    import time

    deadline = time.monotonic() + 5
    while state() != LeadState.REACHED_OUT and time.monotonic() < deadline:
        time.sleep(0.02)
    assert state() == LeadState.REACHED_OUT


def test_cold_commands_answer_through_the_response_url_warm_ones_inline(slack, slack_client):
    url = slack.new_response_url()
    cold = post(slack_client, command_body("help", url))
    assert cold.get_data() == b""
    slack.wait_for("response_url")
    assert "*/leads reached*" in str(slack.response_posts(url)[0]["blocks"])
    warm = post(slack_client, command_body("help", slack.new_response_url()))
    assert "*/leads reached*" in str(warm.json["blocks"])
    assert len(slack.calls_to("users.info")) == 1


def test_a_deferred_denial_still_reaches_the_user(slack, slack_client):
    slack.add_user("U0GUEST", is_restricted=True)
    url = slack.new_response_url()
    response = post(slack_client, command_body("all", url, user="U0GUEST"))
    assert response.get_data() == b""
    slack.wait_for("response_url")
    (answer,) = slack.response_posts(url)
    assert answer["text"] == "Only members of Acme Law can see or change leads."
    assert "blocks" not in answer


def test_a_request_claiming_to_be_deferred_is_not_trusted(slack, slack_client):
    """The deferral marker is ours; one sent from outside is stripped, not obeyed."""
    slack.add_user("U0GUEST", is_restricted=True)
    body = command_body("all", slack.new_response_url(), user="U0GUEST")
    from tests.support.slack_requests import signed_headers

    headers = {**signed_headers(body), "X-Leads-Deferred": "1"}
    response = slack_client.post("/slack/events", data=body, headers=headers)
    assert response.status_code == 200
    assert b"Lovelace" not in response.get_data()


def test_a_deferred_request_is_answered_even_if_its_signature_ages_out_meanwhile(
    slack, slack_client
):
    """Verified once, at the door; a slow lookup must not let it expire in the queue."""
    import time as clock

    from tests.support.slack_requests import signed_headers

    slack.slow("users.info", 2.0)
    url = slack.new_response_url()
    body = command_body("help", url)
    headers = signed_headers(body, timestamp=int(clock.time()) - 299)
    response = slack_client.post("/slack/events", data=body, headers=headers)
    assert response.status_code == 200 and response.get_data() == b""
    slack.wait_for("response_url", timeout=10)
    assert "*/leads reached*" in str(slack.response_posts(url)[0]["blocks"])


def test_a_failure_after_the_ack_is_told_to_the_clicker(slack, slack_app, slack_client, caplog):
    import service.states
    from bot import state_actions

    post_application(slack_client)

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    original = state_actions.change_state
    state_actions.change_state = broken
    try:
        url = slack.new_response_url()
        post(slack_client, action_body("mark_reached_out", "1", url))
        slack.wait_for("response_url")
    finally:
        state_actions.change_state = original
    (answer,) = slack.response_posts(url)
    assert answer["text"].startswith("Something went wrong on our side")
    assert "database went away" in caplog.text  # with its traceback
    assert service.states.change_state is original
