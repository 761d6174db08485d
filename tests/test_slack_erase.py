"""`/leads erase 42`: a private danger button behind Slack's confirm dialog; pressing it
erases the lead and rewrites its card. Denied identities can do neither."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import Lead
from tests.support.leads import posted_lead
from tests.support.polling import until
from tests.support.slack_requests import CHANNEL, action_body, command, post
from tests.test_slack_authz import DENIED, IDENTITIES, register

pytestmark = pytest.mark.usefixtures("live_worker")


def press(slack, client, lead_id: int, user: str = "U0MEMBER", **options) -> dict:
    url = slack.new_response_url()
    response = post(client, action_body("erase_lead", str(lead_id), url, user=user, **options))
    assert response.status_code == 200 and response.get_data() == b""
    until(lambda: slack.response_posts(url), "the answer to the press")
    (answer,) = slack.response_posts(url)
    return answer


def erased_at(app, lead_id: int):
    with app.extensions["db"].sessions() as session:
        return session.get(Lead, lead_id).erased_at


def test_erase_asks_then_erases_and_rewrites_the_card(slack, slack_app, slack_client):
    lead = posted_lead(slack_app, slack_client)
    answer = command(slack, slack_client, f"erase {lead.id}")
    assert answer["response_type"] == "ephemeral"
    (button,) = answer["blocks"][-1]["elements"]
    assert button["text"]["text"] == f"Erase lead #{lead.id}"
    assert (button["style"], button["action_id"], button["value"]) == (
        "danger",
        "erase_lead",
        str(lead.id),
    )
    assert button["confirm"]["confirm"]["text"] == f"Erase lead #{lead.id}"
    assert button["confirm"]["style"] == "danger"
    assert erased_at(slack_app, lead.id) is None  # asking erases nothing
    assert "erased" in press(slack, slack_client, lead.id)["text"]
    assert erased_at(slack_app, lead.id) is not None
    line = f"Application #{lead.id} erased · by <@U0MEMBER>"
    until(lambda: slack.messages(CHANNEL)[0]["text"] == line, "the card rewrite")
    assert "already erased" in press(slack, slack_client, lead.id)["text"]
    assert "already erased" in command(slack, slack_client, f"erase #{lead.id}")["text"].lower()


def test_erase_of_a_lead_that_does_not_exist(slack, slack_client):
    answer = command(slack, slack_client, "erase 999")
    assert "There is no lead #999." in str(answer["blocks"])


@pytest.mark.parametrize("who", IDENTITIES)
def test_denied_identities_can_neither_ask_nor_erase(slack, slack_app, slack_client, who):
    lead = posted_lead(slack_app, slack_client)
    user_id, fields, overrides = IDENTITIES[who]
    register(slack, user_id, fields)
    team = overrides.get("team", "T0LEADS")
    answer = command(slack, slack_client, f"erase {lead.id}", user=user_id, team=team)
    assert answer["text"] == DENIED and "blocks" not in answer
    assert press(slack, slack_client, lead.id, user=user_id, **overrides)["text"] == DENIED
    assert erased_at(slack_app, lead.id) is None
    with slack_app.extensions["db"].sessions() as session:
        assert session.scalar(select(Lead.first_name)) == "Ada"
