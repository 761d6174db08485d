"""The real app process: Claim, the modal of Add note and its submission, the thread
replies and a reminder with a decimal threshold, all signed as Slack signs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.app_process import AppProcess
from tests.support.http_client import apply
from tests.support.polling import until
from tests.support.slack_interactions import button_body, view_submission
from tests.support.slack_requests import CHANNEL, action_body
from tests.test_app_process_slack import signed_post, slack_env

pytestmark = pytest.mark.process


def thread(slack) -> list[dict]:  # noqa: F811
    return [m for m in slack.messages(CHANNEL) if m.get("thread_ts")]


def card_text(slack) -> str:  # noqa: F811
    return json.dumps(slack.messages(CHANNEL)[0]["blocks"])


def test_claim_note_and_reminder_through_the_real_process(tmp_path: Path, slack):  # noqa: F811
    env = {**slack_env(slack), "REMIND_UNCLAIMED_MINUTES": "0.02", "REMIND_PENDING_MINUTES": "0"}
    with AppProcess(tmp_path, env) as app:
        apply(app, "Ada", "Lovelace", "ada@example.com")
        slack.wait_for("chat.postMessage", timeout=5)
        lead_id = slack.messages(CHANNEL)[0]["metadata"]["event_payload"]["lead_id"]
        until(lambda: len(thread(slack)) == 1, "the unclaimed reminder", timeout=10)
        assert thread(slack)[0]["subtype"] == "thread_broadcast"

        response, body = signed_post(
            app, action_body("claim_lead", str(lead_id), slack.new_response_url())
        )
        assert (response.status, body) == (200, b"")
        until(lambda: len(thread(slack)) == 2, "the claim's thread reply")
        until(lambda: "Claimed by <@U0MEMBER>" in card_text(slack), "the card rewritten")

        trigger = slack.new_trigger_id()
        url = slack.new_response_url()
        signed_post(app, button_body("add_note", str(lead_id), url, trigger))
        slack.wait_for("views.open", timeout=5)
        (view,) = slack.opened_views()
        empty = view_submission(view, {"note": {"note_text": " "}})
        response, body = signed_post(app, empty)
        assert json.loads(body)["response_action"] == "errors"
        response, body = signed_post(app, view_submission(view, {"note": {"note_text": "hi"}}))
        assert (response.status, body) == (200, b"")
        until(lambda: len(thread(slack)) == 3, "the note's thread reply")
        assert thread(slack)[-1]["text"].endswith("Note from <@U0MEMBER>: hi")
