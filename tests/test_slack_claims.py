"""Claim, Release and Assign to… on the card: one owner however many click, history
rows, the card rewritten, a guest never given a lead, denied people change nothing."""

from __future__ import annotations

import json
import threading

import pytest
from sqlalchemy import select

from db.models import Lead, LeadEvent
from tests.support.leads import posted_lead
from tests.support.slack_interactions import send, user_pick_body
from tests.support.slack_requests import CHANNEL, action_body, post
from tests.test_slack_buttons import click

pytestmark = pytest.mark.usefixtures("live_worker")


def owner_of(app, lead_id: int) -> str | None:
    with app.extensions["db"].sessions() as session:
        return session.get(Lead, lead_id).owner_id


def events(app, kind: str) -> list[LeadEvent]:
    with app.extensions["db"].sessions() as session:
        return list(session.scalars(select(LeadEvent).where(LeadEvent.kind == kind)))


def card_json(slack) -> str:
    return json.dumps(slack.messages(CHANNEL)[0]["blocks"], ensure_ascii=False)


def pick(slack, client, lead_id: int, chosen: str, user: str = "U0MEMBER") -> str:
    url = slack.new_response_url()
    send(client, user_pick_body("assign_lead", lead_id, chosen, url, user=user))
    return url


def test_an_unclaimed_card_offers_claim_and_claiming_rewrites_it(slack, slack_app, slack_client):
    lead = posted_lead(slack_app, slack_client)
    labels = [e["text"]["text"] for e in slack.messages(CHANNEL)[0]["blocks"][-1]["elements"]]
    assert labels == ["Claim", "Mark reached out", "Add note", "Resume"]
    click(slack, slack_client, "claim_lead", lead.id)
    slack.wait_for("chat.update")
    assert owner_of(slack_app, lead.id) == "U0MEMBER"
    (event,) = events(slack_app, "claimed")
    assert (event.actor, event.subject) == ("U0MEMBER", "U0MEMBER")
    card = slack.messages(CHANNEL)[0]["blocks"]
    assert "Claimed by <@U0MEMBER> · <!date^" in card_json(slack)
    picker = card[-1]["elements"][-1]
    assert (picker["type"], picker["initial_user"]) == ("users_select", "U0MEMBER")
    labels = [e["text"]["text"] for e in card[-1]["elements"] if e["type"] == "button"]
    assert labels == ["Mark reached out", "Release", "Add note", "Resume"]


def test_eight_simultaneous_claims_make_one_owner(slack, slack_app, slack_client):
    lead = posted_lead(slack_app, slack_client)
    users = [f"U0CLAIM{n}" for n in range(8)]
    for user in users:
        slack.add_user(user, name=user.lower())
    start = threading.Barrier(8)
    urls: dict[str, str] = {user: slack.new_response_url() for user in users}

    def clicker(user: str) -> None:
        body = action_body("claim_lead", str(lead.id), urls[user], user=user)
        start.wait()
        post(slack_app.test_client(), body)

    threads = [threading.Thread(target=clicker, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    slack.wait_for("response_url", count=7)
    owner = owner_of(slack_app, lead.id)
    assert [e.actor for e in events(slack_app, "claimed")] == [owner]
    answers = {u: slack.response_posts(url) for u, url in urls.items()}
    assert answers.pop(owner) == []
    for (answer,) in answers.values():
        assert answer["response_type"] == "ephemeral"
        assert f"already claimed: <@{owner}> has it since <!date^" in answer["text"]


def test_release_clears_the_owner_and_assign_gives_it(slack, slack_app, slack_client):
    lead = posted_lead(slack_app, slack_client)
    slack.add_user("U0OTHER", name="other")
    click(slack, slack_client, "claim_lead", lead.id)
    slack.wait_for("chat.update")
    pick(slack, slack_client, lead.id, "U0OTHER")
    slack.wait_for("chat.update", count=2)
    assert owner_of(slack_app, lead.id) == "U0OTHER"
    (assigned,) = events(slack_app, "assigned")
    assert (assigned.actor, assigned.subject) == ("U0MEMBER", "U0OTHER")
    assert "Claimed by <@U0OTHER>" in card_json(slack)
    click(slack, slack_client, "release_lead", lead.id, user="U0OTHER")
    slack.wait_for("chat.update", count=3)
    assert owner_of(slack_app, lead.id) is None
    assert [e.actor for e in events(slack_app, "released")] == ["U0OTHER"]
    assert "Unclaimed" in card_json(slack) and '"Claim"' in card_json(slack)


@pytest.mark.parametrize(
    "fields, reason",
    [({"is_restricted": True}, "a guest"), ({"is_bot": True}, "a bot")],
)
def test_a_guest_or_a_bot_cannot_be_given_a_lead(slack, slack_app, slack_client, fields, reason):
    lead = posted_lead(slack_app, slack_client)
    slack.add_user("U0GUEST", name="guest", **fields)
    url = pick(slack, slack_client, lead.id, "U0GUEST")
    slack.wait_for("response_url")
    (answer,) = slack.response_posts(url)
    assert answer["text"] == f"<@U0GUEST> cannot be given a lead: {reason}."
    assert owner_of(slack_app, lead.id) is None
    assert events(slack_app, "assigned") == []


def test_reaching_out_to_an_unclaimed_lead_claims_it(slack, slack_app, slack_client):
    lead = posted_lead(slack_app, slack_client)
    click(slack, slack_client, "mark_reached_out", lead.id)
    slack.wait_for("chat.update")
    assert owner_of(slack_app, lead.id) == "U0MEMBER"
    click(slack, slack_client, "move_to_pending", lead.id)
    slack.wait_for("chat.update", count=2)
    assert owner_of(slack_app, lead.id) == "U0MEMBER"  # moving back keeps the owner


@pytest.mark.parametrize("action", ["claim_lead", "release_lead", "assign_lead"])
def test_a_denied_identity_changes_no_owner(slack, slack_app, slack_client, action):
    lead = posted_lead(slack_app, slack_client)
    slack.add_user("U0GUEST", name="guest", is_restricted=True)
    if action == "release_lead":
        click(slack, slack_client, "claim_lead", lead.id)
        slack.wait_for("chat.update")
    url = slack.new_response_url()
    if action == "assign_lead":
        send(slack_client, user_pick_body(action, lead.id, "U0GUEST", url, user="U0GUEST"))
    else:
        send(slack_client, action_body(action, str(lead.id), url, user="U0GUEST"))
    slack.wait_for("response_url")
    assert "Only members of" in slack.response_posts(url)[0]["text"]
    expected = "U0MEMBER" if action == "release_lead" else None
    assert owner_of(slack_app, lead.id) == expected
    assert events(slack_app, "assigned") == [] and events(slack_app, "released") == []
