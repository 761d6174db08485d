"""Only full members of our workspace may use /leads or the buttons."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from db.models import Lead, LeadEvent, LeadState
from tests.support.form import post_application
from tests.support.slack_requests import action_body, command, post

DENIED = "Only members of Acme Law can see or change leads."

# (user id, users.info fields or None for an unknown user, request overrides)
IDENTITIES = {
    "guest": ("U0GUEST", {"is_restricted": True}, {}),
    "single-channel-guest": ("U0SCG", {"is_restricted": True, "is_ultra_restricted": True}, {}),
    "deactivated": ("U0GONE", {"deleted": True}, {}),
    "bot": ("U0ABOT", {"is_bot": True}, {}),
    "slack-connect-stranger": ("U0STRANGER", {"is_stranger": True, "team_id": "T0OTHER"}, {}),
    "homed-elsewhere": ("U0CONNECT", {"team_id": "T0OTHER"}, {"user_team": "T0OTHER"}),
    "other-workspace": ("U0MEMBER", {}, {"team": "T0OTHER"}),
    "unknown-user": ("U0NOBODY", None, {}),
    "slackbot": ("USLACKBOT", None, {}),  # the emulator knows Slackbot, as Slack does
}


@pytest.fixture
def lead_id(slack_app, slack_client) -> int:
    post_application(slack_client)
    with slack_app.extensions["db"].sessions() as session:
        return session.scalar(select(Lead.id))


def register(slack, user_id: str, fields: dict | None) -> None:
    if fields is not None:
        slack.add_user(user_id, **fields)


@pytest.mark.parametrize("who", IDENTITIES)
def test_denied_identities_get_no_lead_data_from_the_command(slack, slack_client, lead_id, who):
    user_id, fields, overrides = IDENTITIES[who]
    register(slack, user_id, fields)
    team = overrides.get("team", "T0LEADS")
    answer = command(slack, slack_client, "all", user=user_id, team=team)
    assert answer["text"] == DENIED
    assert answer["response_type"] == "ephemeral"
    assert "blocks" not in answer


@pytest.mark.parametrize("who", IDENTITIES)
def test_denied_identities_cannot_press_buttons(slack, slack_app, slack_client, lead_id, who):
    user_id, fields, overrides = IDENTITIES[who]
    register(slack, user_id, fields)
    response_url = slack.new_response_url()
    for action in ("mark_reached_out", "open_resume"):
        body = action_body(action, str(lead_id), response_url, user=user_id, **overrides)
        response = post(slack_client, body)
        assert response.status_code == 200
    slack.wait_for("response_url", count=2)
    answers = slack.response_posts(response_url)
    assert [a["text"] for a in answers] == [DENIED, DENIED]
    assert all(a.get("response_type") == "ephemeral" for a in answers)
    with slack_app.extensions["db"].sessions() as session:
        assert session.get(Lead, lead_id).state == LeadState.PENDING
        kinds = session.scalars(select(LeadEvent.kind)).all()
    assert kinds == ["created"]


def test_a_full_member_is_allowed_and_looked_up_once(slack, slack_client, lead_id):
    for _ in range(3):
        assert "Ada Lovelace" in str(command(slack, slack_client, "all")["blocks"])
    assert len(slack.calls_to("users.info")) == 1


BUSY = "Slack is busy just now, so we could not check who you are. Please try again."


def test_a_busy_users_info_says_so_and_shows_nothing(slack, slack_client, lead_id):
    slack.fail_next("users.info", status=500)
    answer = command(slack, slack_client, "all")
    assert answer["text"] == BUSY  # not a false "Only members of …"
    assert "Lovelace" not in str(answer)


def test_an_unknown_user_is_denied(slack, slack_client, lead_id):
    assert command(slack, slack_client, "all", user="U0NOBODY")["text"] == DENIED


def test_an_app_user_is_a_human_who_may_act(slack, slack_client, lead_id):
    """Slack: is_app_user means "an authorized user of the calling app", e.g. the admin."""
    slack.add_user("U0ADMIN", is_app_user=True)
    assert "Ada Lovelace" in str(command(slack, slack_client, "all", user="U0ADMIN")["blocks"])


def _hang_past_the_client_timeout(slack) -> None:
    from bot import INTERACTIVE_TIMEOUT

    slack.hang_then_fail("users.info", INTERACTIVE_TIMEOUT + 1.0)


LOOKUP_FAILURES = {
    "http-500": lambda slack: slack.fail_next("users.info", status=500),
    "timeout": _hang_past_the_client_timeout,
}


@pytest.mark.parametrize("fail", LOOKUP_FAILURES.values(), ids=LOOKUP_FAILURES.keys())
def test_a_failed_lookup_is_not_cached_as_a_denial(slack, slack_client, lead_id, fail):
    fail(slack)
    assert command(slack, slack_client, "all", timeout=10)["text"] == BUSY
    # Slack has recovered: the very next request asks again, and the member is let in.
    assert "Ada Lovelace" in str(command(slack, slack_client, "all")["blocks"])


def test_a_pinned_team_id_is_used_without_auth_test(slack_config, slack):
    from web import create_app

    slack_config["SLACK_TEAM_ID"] = "T0PINNED"
    app = create_app(slack_config)
    slack.add_user("U0PIN", team_id="T0PINNED")
    client = app.test_client()
    from db.migrate import upgrade

    upgrade(app.extensions["db"].engine)
    allowed = command(slack, client, "help", user="U0PIN", team="T0PINNED")
    assert "/leads reached" in str(allowed["blocks"])
    denied = command(slack, client, "help")  # team T0LEADS
    assert denied["text"].startswith("Only members of")


def test_a_rate_limited_look_up_says_busy_and_is_not_remembered(slack, slack_client, lead_id):
    slack.limit("users.info", per_minute=0)  # Slack answers 429 with Retry-After
    assert command(slack, slack_client, "all")["text"] == BUSY
    slack.limit("users.info", per_minute=None)
    assert "Ada Lovelace" in str(command(slack, slack_client, "all")["blocks"])


def test_a_grid_user_outside_our_workspace_is_denied(slack, slack_client, lead_id):
    slack.enterprise_id = "E0ACME"
    slack.add_grid_user("W0ELSEWHERE", home_team="T0OTHER", teams=["T0OTHER"])
    answer = command(slack, slack_client, "all", user="W0ELSEWHERE", enterprise="E0ACME")
    assert answer["text"] == DENIED


def test_a_grid_member_of_our_workspace_homed_in_another_is_allowed(slack, slack_client, lead_id):
    slack.enterprise_id = "E0ACME"
    slack.add_grid_user("W0GRID", home_team="T0OTHER", teams=["T0OTHER", "T0LEADS"])
    answer = command(slack, slack_client, "all", user="W0GRID", enterprise="E0ACME")
    assert "Ada Lovelace" in str(answer.get("blocks"))


def test_slackbot_is_denied(slack, slack_client, lead_id):
    assert command(slack, slack_client, "all", user="USLACKBOT")["text"] == DENIED


def _grid_member(slack) -> tuple[str, dict]:
    slack.enterprise_id = "E0ACME"
    slack.add_grid_user("W0GRID", home_team="T0OTHER", teams=["T0OTHER", "T0LEADS"])
    return "W0GRID", {"user_team": "T0OTHER", "enterprise": "E0ACME"}


def _app_user(slack) -> tuple[str, dict]:
    slack.add_user("U0ADMIN", is_app_user=True)
    return "U0ADMIN", {}


@pytest.mark.parametrize("make", [_grid_member, _app_user], ids=["grid-member", "app-user"])
def test_members_slack_vouches_for_may_press_buttons(slack, slack_app, slack_client, lead_id, make):
    user_id, overrides = make(slack)
    url = slack.new_response_url()
    post(
        slack_client, action_body("mark_reached_out", str(lead_id), url, user=user_id, **overrides)
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with slack_app.extensions["db"].sessions() as session:
            if session.get(Lead, lead_id).state == LeadState.REACHED_OUT:
                return
        time.sleep(0.05)
    raise AssertionError(f"{user_id} could not mark the lead: {slack.response_posts(url)}")


def test_a_click_while_slack_is_busy_says_so_and_changes_nothing(
    slack, slack_app, slack_client, lead_id
):
    slack.fail_next("users.info", status=503)
    url = slack.new_response_url()
    post(slack_client, action_body("mark_reached_out", str(lead_id), url))
    slack.wait_for("response_url")
    assert [a["text"] for a in slack.response_posts(url)] == [BUSY]
    with slack_app.extensions["db"].sessions() as session:
        assert session.get(Lead, lead_id).state == LeadState.PENDING
