"""The card's buttons: mark reached out, move back, concurrent clicks, the resume link."""

from __future__ import annotations

import json
import threading

import pytest
from sqlalchemy import select

from db.models import Lead, LeadEvent, LeadState
from service.resume_links import LINK_LIFETIME
from tests.support.clock import tokens_later
from tests.support.leads import posted_lead
from tests.support.outbox import wait_until_delivered
from tests.support.slack_requests import CHANNEL, action_body, post

pytestmark = pytest.mark.usefixtures("live_worker")


def click(slack, client, action: str, lead_id: int, user: str = "U0MEMBER", **options):
    response_url = slack.new_response_url()
    response = post(client, action_body(action, str(lead_id), response_url, user=user, **options))
    assert response.status_code == 200
    assert response.get_data() == b""  # acknowledged at once, answered later
    return response_url


def test_mark_reached_out_changes_the_state_and_rewrites_the_card(slack, slack_app, slack_client):
    lead = posted_lead(slack_app, slack_client)
    click(slack, slack_client, "mark_reached_out", lead.id)
    slack.wait_for("chat.update")
    with slack_app.extensions["db"].sessions() as session:
        stored = session.get(Lead, lead.id)
        event = session.scalars(select(LeadEvent).where(LeadEvent.kind == "state_changed")).one()
    assert (stored.state, stored.state_changed_by) == (LeadState.REACHED_OUT, "U0MEMBER")
    assert (event.from_state, event.to_state, event.actor) == ("PENDING", "REACHED_OUT", "U0MEMBER")
    card = slack.messages(CHANNEL)[0]  # then its thread replies
    text = json.dumps(card["blocks"])
    assert "Reached out by <@U0MEMBER>" in text
    assert "Move back to pending" in text
    assert "Mark reached out" not in text


def test_clicking_when_already_done_tells_who_did_it(slack, slack_app, slack_client):
    lead = posted_lead(slack_app, slack_client)
    slack.add_user("U0OTHER", name="other")
    click(slack, slack_client, "mark_reached_out", lead.id)
    slack.wait_for("chat.update")
    url = click(slack, slack_client, "mark_reached_out", lead.id, user="U0OTHER")
    slack.wait_for("response_url")
    (answer,) = slack.response_posts(url)
    assert answer["response_type"] == "ephemeral"
    assert "already marked reached out by <@U0MEMBER>" in answer["text"]
    assert answer["replace_original"] is False
    # A rewrite the second click queued would be committed before its answer, and
    # delivered once the outbox is empty.
    wait_until_delivered(slack_app)
    assert len(slack.calls_to("chat.update")) == 1


def test_move_back_to_pending(slack, slack_app, slack_client):
    lead = posted_lead(slack_app, slack_client)
    click(slack, slack_client, "mark_reached_out", lead.id)
    slack.wait_for("chat.update")
    click(slack, slack_client, "move_to_pending", lead.id)
    slack.wait_for("chat.update", count=2)
    with slack_app.extensions["db"].sessions() as session:
        assert session.get(Lead, lead.id).state == LeadState.PENDING
        moves = session.scalars(select(LeadEvent.to_state).where(LeadEvent.kind == "state_changed"))
        assert list(moves) == ["REACHED_OUT", "PENDING"]
    text = json.dumps(slack.messages(CHANNEL)[0]["blocks"])
    assert "Mark reached out" in text and "moved back by <@U0MEMBER>" in text


def test_eight_simultaneous_clicks_make_one_change(slack, slack_app, slack_client):
    lead = posted_lead(slack_app, slack_client)
    users = [f"U0CLICK{n}" for n in range(8)]
    for user in users:
        slack.add_user(user, name=user.lower())
    start = threading.Barrier(8)
    urls: list[str] = []

    def clicker(user: str) -> None:
        client = slack_app.test_client()
        url = slack.new_response_url()
        urls.append(url)
        start.wait()
        post(client, action_body("mark_reached_out", str(lead.id), url, user=user))

    threads = [threading.Thread(target=clicker, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    slack.wait_for("response_url", count=7)
    slack.wait_for("chat.update")
    with slack_app.extensions["db"].sessions() as session:
        changes = session.scalars(select(LeadEvent).where(LeadEvent.kind == "state_changed")).all()
    assert len(changes) == 1
    answers = [a for url in urls for a in slack.response_posts(url)]
    assert len(answers) == 7
    assert all(f"by <@{changes[0].actor}>" in a["text"] for a in answers)


def test_resume_button_gives_a_private_working_link(slack, slack_app, slack_client):
    lead = posted_lead(slack_app, slack_client)
    url = click(slack, slack_client, "open_resume", lead.id)
    slack.wait_for("response_url")
    (answer,) = slack.response_posts(url)
    assert answer["response_type"] == "ephemeral"
    assert f"The link works for {LINK_LIFETIME}" in json.dumps(answer["blocks"])
    link = json.dumps(answer["blocks"]).split("<https://jobs.example.com", 1)[1].split("|")[0]
    download = slack_client.get(link, follow_redirects=True)
    assert download.status_code == 200
    assert download.mimetype == "application/pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.data.startswith(b"%PDF-")


def test_resume_links_expire_and_resist_tampering(slack_app, slack_client, monkeypatch):
    from service.resume_links import MAX_AGE_SECONDS, make_url

    lead = posted_lead(slack_app, slack_client)
    secret = slack_app.config["SECRET_KEY"]
    path = make_url(secret, "", lead.id, 1)
    assert slack_client.get(path, follow_redirects=True).status_code == 200
    assert slack_client.get(path[:-3] + "xyz").status_code == 404
    assert slack_client.get(make_url("other-key", "", lead.id, 1)).status_code == 404
    assert slack_client.get(make_url(secret, "", lead.id, 99)).status_code == 404
    tokens_later(monkeypatch, MAX_AGE_SECONDS + 5)  # the worker thread keeps real time
    expired = slack_client.get(path)
    assert expired.status_code == 410
    assert "expired" in expired.get_data(as_text=True)


def test_buttons_in_an_ephemeral_list_confirm_privately(slack, slack_app, slack_client):
    lead = posted_lead(slack_app, slack_client)
    url = click(slack, slack_client, "mark_reached_out", lead.id, ephemeral=True)
    slack.wait_for("response_url")
    assert slack.response_posts(url)[0]["text"] == f"Lead #{lead.id} marked reached out."


def test_a_button_for_a_missing_lead_says_so(slack, slack_client):
    url = click(slack, slack_client, "mark_reached_out", 999)
    slack.wait_for("response_url")
    assert slack.response_posts(url)[0]["text"] == "Lead #999 no longer exists."
