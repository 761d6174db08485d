"""A member's Home follows their leads: refreshed through the outbox after a claim, an
assignment away, a reach-out or an erasure, at most once per HOME_REFRESH_SECONDS however
many change, and only for members who opened their Home."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from config import current_settings
from db.models import JobStatus, Lead, OutboxJob
from service import jobs
from service.erasure import Reason, erase_and_flush
from tests.support.home import home_text, open_home, seed_leads, wait_for_home
from tests.support.polling import stays, until
from tests.support.slack_interactions import send, user_pick_body
from tests.support.slack_requests import action_body, post

pytestmark = pytest.mark.usefixtures("live_worker")
INTERVAL = 1.5


@pytest.fixture(autouse=True)
def _interval(slack_config):
    slack_config["HOME_REFRESH_SECONDS"] = INTERVAL


def click(slack, client, action: str, lead_id: int, user: str = "U0MEMBER") -> None:
    body = action_body(action, str(lead_id), slack.new_response_url(), user=user)
    assert post(client, body).status_code == 200


def refreshes_waiting(app) -> int:
    with app.extensions["db"].sessions() as session:
        return session.scalar(
            select(func.count())
            .select_from(OutboxJob)
            .where(
                OutboxJob.kind == jobs.SLACK_HOME_REFRESH,
                OutboxJob.status.in_([JobStatus.PENDING, JobStatus.RUNNING]),
            )
        )


def owned_by(app, user: str) -> int:
    with app.extensions["db"].sessions() as session:
        return session.scalar(select(func.count()).select_from(Lead).where(Lead.owner_id == user))


def test_a_claim_on_the_card_refreshes_the_claimers_home(slack, slack_app, slack_client):
    (lead,) = seed_leads(slack_app, 1, name="Grace")
    before = home_text(open_home(slack, slack_client))
    assert "Your leads (0 pending)" in before and "Unclaimed (1)" in before
    click(slack, slack_client, "claim_lead", lead)
    after = home_text(wait_for_home(slack, "U0MEMBER", 2))
    assert "Your leads (1 pending)" in after and "Unclaimed (0)" in after
    assert "Grace0" in after


def test_a_burst_of_claims_makes_one_or_two_publishes(slack, slack_app, slack_client):
    leads = seed_leads(slack_app, 8, name="Burst")
    open_home(slack, slack_client)
    for lead in leads:
        click(slack, slack_client, "claim_lead", lead)
    until(lambda: owned_by(slack_app, "U0MEMBER") == 8, "eight claims")
    until(lambda: refreshes_waiting(slack_app) == 0, "the refresh", timeout=15)
    publishes = slack.home_publishes("U0MEMBER")
    assert "Your leads (8 pending)" in home_text(publishes[-1])
    assert 1 <= len(publishes) - 1 <= 2, f"{len(publishes) - 1} publishes for 8 claims"


def test_a_lead_assigned_away_leaves_the_old_owners_home_only(slack, slack_app, slack_client):
    (lead,) = seed_leads(slack_app, 1, owner="U0MEMBER", name="Moved")
    slack.add_user("U0OTHER", name="other")
    assert "Moved0" in home_text(open_home(slack, slack_client))
    send(slack_client, user_pick_body("assign_lead", lead, "U0OTHER", slack.new_response_url()))
    after = home_text(wait_for_home(slack, "U0MEMBER", 2))
    assert "Moved0" not in after and "Your leads (0 pending)" in after
    until(lambda: refreshes_waiting(slack_app) == 0, "the refresh", timeout=15)
    # U0OTHER never opened the Home: nothing is published for them.
    assert slack.home_publishes("U0OTHER") == []


def test_reaching_out_takes_the_lead_off_the_home(slack, slack_app, slack_client):
    (lead,) = seed_leads(slack_app, 1, owner="U0MEMBER", name="Called")
    assert "Called0" in home_text(open_home(slack, slack_client))
    click(slack, slack_client, "mark_reached_out", lead)
    assert "Called0" not in home_text(wait_for_home(slack, "U0MEMBER", 2))


def test_an_erased_lead_leaves_every_home_that_showed_it(slack, slack_app, slack_client):
    (lead,) = seed_leads(slack_app, 1, name="Forgotten")
    slack.add_user("U0OTHER", name="other")
    assert "Forgotten0" in home_text(open_home(slack, slack_client))
    assert "Forgotten0" in home_text(open_home(slack, slack_client, user="U0OTHER"))
    erase_and_flush(
        slack_app.extensions["db"].sessions,
        lead,
        reason=Reason.OPERATOR,
        actor="cli",
        settings=current_settings(slack_app),
    )
    for user in ("U0MEMBER", "U0OTHER"):
        assert "Forgotten" not in home_text(wait_for_home(slack, user, 2))


def test_a_change_nobody_opened_a_home_for_queues_nothing(slack, slack_app, slack_client):
    (lead,) = seed_leads(slack_app, 1)
    click(slack, slack_client, "claim_lead", lead)
    until(lambda: owned_by(slack_app, "U0MEMBER") == 1, "the claim")
    stays(lambda: refreshes_waiting(slack_app) == 0, "no refresh queued")
    assert slack.calls_to("views.publish") == []


def test_someone_no_longer_a_member_gets_the_closed_home_not_a_refresh(
    slack, slack_app, slack_client
):
    (lead,) = seed_leads(slack_app, 1, owner="U0MEMBER", name="Private")
    slack.add_user("U0OTHER", name="other")
    assert "Private0" in home_text(open_home(slack, slack_client))
    slack.add_user("U0MEMBER", name="member", is_restricted=True)  # made a guest since
    pick = user_pick_body("assign_lead", lead, "U0OTHER", slack.new_response_url(), user="U0OTHER")
    send(slack_client, pick)
    after = home_text(wait_for_home(slack, "U0MEMBER", 2))
    assert "Only members of Acme Law can see leads" in after and "Private" not in after
    until(lambda: refreshes_waiting(slack_app) == 0, "the refresh", timeout=15)
    assert len(slack.home_publishes("U0MEMBER")) == 2
