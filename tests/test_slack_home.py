"""The Home tab: a member's own queue with the card's buttons, the closed Home for anyone
else, published through the strict emulator (Block Kit checked, at most 100 blocks)."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from db.models import Lead
from tests.support.home import buttons, home_text, open_home, seed_leads, wait_for_home
from tests.support.polling import stays
from tests.support.slack_requests import app_home_opened, post_json
from tests.support.worst_case import NAME, email


def test_a_member_sees_their_leads_the_unclaimed_and_the_numbers(slack, slack_app, slack_client):
    mine = seed_leads(slack_app, 25, owner="U0MEMBER", name="Mine")
    unclaimed = seed_leads(slack_app, 25, name="Free")
    seed_leads(slack_app, 3, owner="U0OTHER", name="Theirs")
    view = open_home(slack, slack_client)
    assert view["type"] == "home"
    assert len(view["blocks"]) <= 100
    text = home_text(view)
    assert "Your leads (25 pending)" in text
    assert "Unclaimed (25)" in text
    assert "and 15 more — `/leads mine`" in text
    assert "and 15 more — `/leads unclaimed`" in text
    assert "Theirs" not in text  # another member's leads are theirs
    found = buttons(view)
    # Oldest first, ten of each: the card's own buttons, valued with the lead id.
    assert [b for b in found if b[1] == "mark_reached_out"] == [
        ("Mark reached out", "mark_reached_out", str(i)) for i in mine[:10]
    ]
    assert [b for b in found if b[1] == "open_resume"] == [
        ("Resume", "open_resume", str(i)) for i in mine[:10]
    ]
    assert [b for b in found if b[1] == "claim_lead"] == [
        ("Claim", "claim_lead", str(i)) for i in unclaimed[:10]
    ]
    assert "*Pending*\\n53" in text
    assert "*Unclaimed*\\n25" in text
    assert "*Reminders sent this week*\\n0" in text


def test_a_member_with_nothing_gets_a_home_that_says_so(slack, slack_app, slack_client):
    text = home_text(open_home(slack, slack_client))
    assert "None pending is yours" in text
    assert "Every pending lead has an owner" in text


def test_applicant_text_is_escaped_in_the_home(slack, slack_app, slack_client):
    seed_leads(slack_app, 1, name="<!channel>")
    text = home_text(open_home(slack, slack_client))
    assert "<!channel>" not in text
    assert "&lt;!channel&gt;" in text


@pytest.mark.parametrize(
    "who",
    [
        {"is_restricted": True},  # a guest
        {"is_ultra_restricted": True, "is_restricted": True},  # a single-channel guest
        {"team_id": "T0ELSEWHERE", "is_stranger": True},  # Slack Connect
        {"is_bot": True},
        {"deleted": True},
    ],
    ids=["guest", "single-channel-guest", "slack-connect", "bot", "deactivated"],
)
def test_anyone_but_a_member_gets_no_lead_data(slack, slack_app, slack_client, who):
    seed_leads(slack_app, 5, owner="U0OUT", name="Secret")
    seed_leads(slack_app, 5, name="Hidden")
    slack.add_user("U0OUT", name="outsider", **who)
    view = open_home(slack, slack_client, user="U0OUT")
    text = home_text(view)
    assert "Only members of Acme Law can see leads" in text
    for leaked in ("Secret", "Hidden", "example.com", "Claim", "Resume", "Pending"):
        assert leaked not in text
    assert buttons(view) == []


def test_a_slack_connect_user_named_in_the_event_gets_the_closed_home(
    slack, slack_app, slack_client
):
    # Homed in another organisation's team, the event says so itself (`user_team`).
    seed_leads(slack_app, 2, name="Hidden")
    slack.add_user("U0SHARED", name="shared", team_id="T0PARTNER")
    payload = app_home_opened("U0SHARED")
    payload["event"]["user_team"] = "T0PARTNER"
    assert post_json(slack_client, payload).status_code == 200
    text = home_text(wait_for_home(slack, "U0SHARED", 1))
    assert "Hidden" not in text and "Only members" in text


def test_opening_the_messages_tab_publishes_nothing(slack, slack_app, slack_client):
    # Slack sends app_home_opened for the Messages tab too (`tab: "messages"`); the Home
    # is published when the Home tab itself is opened, which sends its own event.
    seed_leads(slack_app, 1)
    assert post_json(slack_client, app_home_opened(tab="messages")).status_code == 200
    open_home(slack, slack_client)
    stays(lambda: len(slack.home_publishes("U0MEMBER")) == 1, "one publish, for the Home tab")


def test_worst_case_leads_fill_both_lists_within_slacks_limits(slack, slack_app, slack_client):
    # Names of 100 `&` and `<` and 254-character addresses, escaped, eleven a list: the
    # strict emulator refuses a section over 3,000 characters or a view over 100 blocks.
    ids = seed_leads(slack_app, 11, owner="U0MEMBER") + seed_leads(slack_app, 12)
    with slack_app.extensions["db"].sessions.begin() as session:
        for n, lead_id in enumerate(ids):
            session.execute(
                update(Lead)
                .where(Lead.id == lead_id)
                .values(first_name=NAME, last_name=NAME, email=email(n % 10))
            )
    view = open_home(slack, slack_client)
    text = home_text(view)
    assert "and 1 more — `/leads mine`" in text and "and 2 more — `/leads unclaimed`" in text
    assert len(buttons(view)) == 10 * 3  # Mark reached out and Resume, Claim
    assert "&lt;&amp;" in text and "&<" not in text
