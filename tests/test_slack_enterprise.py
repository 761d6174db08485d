"""On Enterprise Grid, learned from auth.test: a request from another organisation's
enterprise is refused, whether our workspace is already known or learned for it."""

from __future__ import annotations

import pytest

from db.models import LeadState
from tests.support.form import post_application
from tests.support.leads import lead_state
from tests.support.polling import stays, until
from tests.support.slack_emulator import SlackEmulator
from tests.support.slack_requests import action_body, command, post

OURS, THEIRS = "E0ACME", "E0OTHER"
DENIED = "Only members of Acme Law can see or change leads."


@pytest.fixture
def slack():
    """Our workspace is part of the organisation OURS (auth.test says so)."""
    with SlackEmulator(enterprise_id=OURS) as emulator:
        emulator.add_user("U0MEMBER", name="member")
        yield emulator


def test_another_enterprise_is_refused_before_and_after_we_know_ours(slack, slack_client):
    post_application(slack_client)
    # Nothing known yet: decided after the ack, once auth.test has told us who we are.
    assert command(slack, slack_client, "all", enterprise=THEIRS)["text"] == DENIED
    assert "Ada Lovelace" in str(command(slack, slack_client, "all", enterprise=OURS)["blocks"])
    # Now all is known, the member's verdict included: refused at the door, inline.
    answer = command(slack, slack_client, "all", enterprise=THEIRS)
    assert answer["text"] == DENIED and "blocks" not in answer


def test_a_click_from_another_enterprise_changes_nothing(slack, slack_app, slack_client):
    post_application(slack_client)
    command(slack, slack_client, "help", enterprise=OURS)  # known: workspace and member
    url = slack.new_response_url()
    post(slack_client, action_body("mark_reached_out", "1", url, enterprise=THEIRS))
    until(lambda: slack.response_posts(url), "the denial")
    assert [answer["text"] for answer in slack.response_posts(url)] == [DENIED]
    stays(lambda: lead_state(slack_app, 1) == LeadState.PENDING, "the lead pending")
