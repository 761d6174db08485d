"""No Slack call stands between a request and its acknowledgement: the ack comes first,
and the membership check that needs Slack runs after it, answering through the
response_url. Only a command whose verdict is known without Slack is answered inline."""

from __future__ import annotations

import time

import pytest

from db.models import LeadState
from tests.support.form import post_application
from tests.support.leads import lead_state
from tests.support.polling import until
from tests.support.slack_requests import action_body, command, command_body, post, signed_headers

# Seconds Slack takes to answer in the tests that hold it: well above an ack (milliseconds),
# well below the lookups' timeout (bot.INTERACTIVE_TIMEOUT, 2.5 s).
SLOW = 1.5


def test_a_cold_click_is_acknowledged_before_slack_is_asked(slack, slack_app, slack_client):
    post_application(slack_client)
    # Nothing is known yet: who we are (auth.test) nor who clicked (users.info). Slack
    # answers each only SLOW seconds after the call arrives.
    slack.slow("auth.test", SLOW)
    slack.slow("users.info", SLOW)
    response = post(slack_client, action_body("mark_reached_out", "1", slack.new_response_url()))
    acknowledged = time.monotonic()
    assert response.status_code == 200 and response.get_data() == b""
    calls = slack.wait_for("auth.test", timeout=10) + slack.wait_for("users.info", timeout=10)
    # The acknowledgement came before Slack answered any of them: it waited for none.
    assert acknowledged < min(call.at for call in calls) + SLOW
    until(lambda: lead_state(slack_app, 1) == LeadState.REACHED_OUT, "the change", timeout=10)


def test_cold_commands_answer_through_the_response_url_warm_ones_inline(slack, slack_client):
    url = slack.new_response_url()
    cold = post(slack_client, command_body("help", url))
    assert cold.get_data() == b""
    slack.wait_for("response_url")
    assert "*/leads reached*" in str(slack.response_posts(url)[0]["blocks"])
    warm = post(slack_client, command_body("help", slack.new_response_url()))
    assert "*/leads reached*" in str(warm.json["blocks"])
    assert len(slack.calls_to("users.info")) == 1


def test_a_cold_denial_still_reaches_the_user(slack, slack_client):
    slack.add_user("U0GUEST", is_restricted=True)
    url = slack.new_response_url()
    response = post(slack_client, command_body("all", url, user="U0GUEST"))
    assert response.get_data() == b""
    slack.wait_for("response_url")
    (answer,) = slack.response_posts(url)
    assert answer["text"] == "Only members of Acme Law can see or change leads."
    assert "blocks" not in answer


FORGED = {
    # Bolt's own marks for its FaaS adapters: skip the ack, run a lazy listener in the request.
    "bolt-lazy-only": {"X-Slack-Bolt-Lazy-Only": "1", "X-Slack-Bolt-Lazy-Function-Name": "leads"},
}


@pytest.mark.parametrize("headers", FORGED.values(), ids=FORGED.keys())
def test_headers_a_client_adds_change_nothing(slack, slack_client, headers):
    post_application(slack_client)
    command(slack, slack_client, "help")  # the member's verdict is cached: answered inline
    body = command_body("all", slack.new_response_url())
    forged = {**signed_headers(body), **headers}
    response = slack_client.post("/slack/events", data=body, headers=forged)
    assert response.status_code == 200
    assert "Ada Lovelace" in str(response.json["blocks"])  # inline, as without them


def test_a_slow_lookup_is_answered_even_if_the_signature_ages_out_meanwhile(slack, slack_client):
    """Verified once, at the door; a slow lookup must not let it expire on the way."""
    slack.slow("users.info", SLOW)
    url = slack.new_response_url()
    body = command_body("help", url)
    headers = signed_headers(body, timestamp=int(time.time()) - 299)
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
    assert "database went away" in caplog.text and "Traceback" in caplog.text
    assert service.states.change_state is original


def test_a_failure_of_an_inline_answer_is_told_there(slack, slack_client, caplog, monkeypatch):
    command(slack, slack_client, "help")  # the member's verdict is cached: answered inline

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("bot.leads_command.list_leads", broken)
    response = post(slack_client, command_body("all", slack.new_response_url()))
    assert response.status_code == 200
    assert response.json["text"].startswith("Something went wrong on our side")
    assert response.json["response_type"] == "ephemeral"
    assert "database went away" in caplog.text and "Traceback" in caplog.text
