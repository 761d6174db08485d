"""The buttons of the Home are the card's, handled by the same listeners, from a payload
that has the view and no channel, message or response URL: the answer shows in the Home,
published again at once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import Lead, LeadState
from tests.support.home import home_text, open_home, seed_leads, wait_for_home
from tests.support.slack_interactions import home_click_body, send

pytestmark = pytest.mark.usefixtures("live_worker")


def lead_row(app, lead_id: int) -> Lead:
    with app.extensions["db"].sessions() as session:
        return session.scalars(select(Lead).where(Lead.id == lead_id)).one()


def click_in_home(slack, client, view: dict, action: str, lead_id: int, user="U0MEMBER") -> dict:
    """Click a button of `view` (as published); return the Home published in answer."""
    before = len(slack.home_publishes(user))
    send(client, home_click_body(action, str(lead_id), view, user=user))
    return wait_for_home(slack, user, before + 1)


def test_claim_in_the_home_claims_and_shows_it_at_once(slack, slack_app, slack_client):
    (lead,) = seed_leads(slack_app, 1, name="Hopper")
    view = open_home(slack, slack_client)
    after = click_in_home(slack, slack_client, view, "claim_lead", lead)
    assert lead_row(slack_app, lead).owner_id == "U0MEMBER"
    assert "Your leads (1 pending)" in home_text(after)
    assert slack.calls_to("response_url") == []  # there is none from a Home
    assert slack.calls_to("chat.postEphemeral") == []  # nor a channel


def test_mark_reached_out_in_the_home(slack, slack_app, slack_client):
    (lead,) = seed_leads(slack_app, 1, owner="U0MEMBER", name="Reached")
    view = open_home(slack, slack_client)
    after = click_in_home(slack, slack_client, view, "mark_reached_out", lead)
    assert lead_row(slack_app, lead).state == LeadState.REACHED_OUT
    assert "Reached0" not in home_text(after)


def test_resume_in_the_home_shows_the_link_in_the_home(slack, slack_app, slack_client):
    (lead,) = seed_leads(slack_app, 1, owner="U0MEMBER", name="Cv")
    view = open_home(slack, slack_client)
    after = home_text(click_in_home(slack, slack_client, view, "open_resume", lead))
    assert f"Resume of lead #{lead}" in after
    assert "<https://jobs.example.com/resumes/" in after and "|cv.pdf>" in after
    assert "Your leads (1 pending)" in after  # the Home itself is still there, below


def test_a_claim_someone_made_first_is_answered_in_the_home(slack, slack_app, slack_client):
    (lead,) = seed_leads(slack_app, 1, name="Taken")
    slack.add_user("U0FAST", name="fast")
    view = open_home(slack, slack_client)  # shows Claim
    click_in_home(slack, slack_client, open_home(slack, slack_client, "U0FAST"),
                  "claim_lead", lead, user="U0FAST")  # fmt: skip
    after = home_text(click_in_home(slack, slack_client, view, "claim_lead", lead))
    assert f"Lead #{lead} is already claimed: <@U0FAST> has it" in after
    assert lead_row(slack_app, lead).owner_id == "U0FAST"
