"""A card that failed because the bot was not in the leads channel is delivered once the
bot is invited and `flask --app web slack check` passes: the check requeues exactly those
jobs, and the card is posted once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import JobStatus, OutboxJob
from tests.support.form import post_application
from tests.support.slack_requests import CHANNEL


def check(app) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["slack", "check"])
    return result.exit_code, result.output


def slack_jobs(app) -> dict[int, str]:
    with app.extensions["db"].sessions() as session:
        found = session.scalars(select(OutboxJob).where(OutboxJob.kind.like("slack.%")))
        return {job.id: job.status for job in found}


def cards(slack) -> list[dict]:
    return [m for m in slack.messages(CHANNEL) if "thread_ts" not in m]


@pytest.mark.parametrize("private", [True, False], ids=["private", "public"])
def test_a_card_that_failed_on_the_channel_goes_once_the_check_passes(
    slack, slack_app, slack_client, private
):
    slack.add_channel(CHANNEL, "leads", private=private, bot_in=False)
    post_application(slack_client)
    slack_app.extensions["worker"].drain()
    ((job_id, status),) = slack_jobs(slack_app).items()
    assert status == JobStatus.FAILED

    code, output = check(slack_app)  # the bot is still not in the channel
    assert code == 1 and "requeued" not in output
    assert slack_jobs(slack_app) == {job_id: JobStatus.FAILED}

    slack.add_channel(CHANNEL, "leads")  # private, the bot invited: the set-up the check wants
    code, output = check(slack_app)
    assert code == 0, output
    assert f"requeued 1 Slack job(s) that had failed on the channel (job {job_id})" in output
    slack_app.extensions["worker"].drain()
    assert slack_jobs(slack_app) == {job_id: JobStatus.DONE}
    assert len(cards(slack)) == 1
    assert "requeued" not in check(slack_app)[1]  # nothing left to requeue


def test_jobs_that_failed_for_another_reason_stay_failed(slack, slack_app, slack_client):
    slack.error_next("chat.postMessage", "is_archived")
    post_application(slack_client)
    slack_app.extensions["worker"].drain()
    ((job_id, status),) = slack_jobs(slack_app).items()
    assert status == JobStatus.FAILED
    code, output = check(slack_app)
    assert code == 0, output
    assert "requeued" not in output
    assert slack_jobs(slack_app) == {job_id: JobStatus.FAILED}


def test_an_applied_again_reply_that_failed_on_the_channel_goes_too(slack, slack_app, slack_client):
    post_application(slack_client)
    slack_app.extensions["worker"].drain()
    slack.remove_bot(CHANNEL)
    post_application(slack_client, resume=(b"%PDF-1.7 again", "second.pdf"))
    slack_app.extensions["worker"].drain()
    failed = {i for i, s in slack_jobs(slack_app).items() if s == JobStatus.FAILED}
    assert len(failed) == 1
    slack.invite_bot(CHANNEL)
    assert check(slack_app)[0] == 0
    slack_app.extensions["worker"].drain()
    assert set(slack_jobs(slack_app).values()) == {JobStatus.DONE}
    assert [m["thread_ts"] for m in slack.messages(CHANNEL) if "thread_ts" in m] == [
        cards(slack)[0]["ts"]
    ]
