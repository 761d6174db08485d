"""A Home refresh when Slack says no: a 429 is retried after its Retry-After and the Home
still follows the claim; `not_enabled` (the Home tab turned off since) fails the job with
what to do, and a later change is refreshed again once the tab is back."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import JobStatus, OutboxJob
from service import jobs
from tests.support.home import home_text, open_home, seed_leads, wait_for_home
from tests.support.polling import until
from tests.test_slack_home_refresh import click, owned_by, refreshes_waiting

pytestmark = pytest.mark.usefixtures("live_worker")


@pytest.fixture(autouse=True)
def _interval(slack_config):
    slack_config["HOME_REFRESH_SECONDS"] = 0.2


def refresh_jobs(app) -> list[OutboxJob]:
    with app.extensions["db"].sessions() as session:
        query = select(OutboxJob).where(OutboxJob.kind == jobs.SLACK_HOME_REFRESH)
        return list(session.scalars(query.order_by(OutboxJob.id)))


def test_a_rate_limited_refresh_publishes_after_retry_after(slack, slack_app, slack_client):
    first, second = seed_leads(slack_app, 2, name="Paced")
    open_home(slack, slack_client)
    slack.rate_limit_next("views.publish", retry_after=1)
    click(slack, slack_client, "claim_lead", first)
    after = home_text(wait_for_home(slack, "U0MEMBER", 2, timeout=15))
    assert "Your leads (1 pending)" in after and "Paced0" in after
    until(lambda: refreshes_waiting(slack_app) == 0, "the refresh settled", timeout=15)
    (job,) = refresh_jobs(slack_app)
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)
    click(slack, slack_client, "claim_lead", second)  # the next change refreshes as usual
    assert "Your leads (2 pending)" in home_text(wait_for_home(slack, "U0MEMBER", 3))


def test_home_tab_turned_off_fails_the_refresh_with_the_fix(slack, slack_app, slack_client):
    first, second = seed_leads(slack_app, 2, name="Off")
    open_home(slack, slack_client)
    slack.home_tab_enabled = False
    click(slack, slack_client, "claim_lead", first)
    until(lambda: owned_by(slack_app, "U0MEMBER") == 1, "the claim")  # its refresh queued
    until(lambda: refreshes_waiting(slack_app) == 0, "the refresh settled", timeout=15)
    (job,) = refresh_jobs(slack_app)
    assert job.status == JobStatus.FAILED and job.attempts == 1  # no retry can fix it
    assert "not_enabled" in job.last_error and "turn it on under App Home" in job.last_error
    slack.home_tab_enabled = True
    click(slack, slack_client, "claim_lead", second)  # a failed refresh blocks no later one
    assert "Your leads (2 pending)" in home_text(wait_for_home(slack, "U0MEMBER", 2))
