"""Add note: the modal opens with the click's trigger_id, a submitted note is stored and
told in the card's thread (escaped), an empty one is refused inside the modal, and a
denied identity can neither open nor submit one."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import LeadNote
from tests.support.leads import posted_lead
from tests.support.polling import stays, until
from tests.support.slack_interactions import button_body, send, view_submission
from tests.test_slack_activity import replies

pytestmark = pytest.mark.usefixtures("live_worker")


def open_note(slack, client, lead_id: int, user: str = "U0MEMBER") -> tuple[str, str]:
    url, trigger = slack.new_response_url(), slack.new_trigger_id()
    send(client, button_body("add_note", str(lead_id), url, trigger, user=user))
    return url, trigger


def opened_note(slack, client, lead_id: int) -> dict:
    _, trigger = open_note(slack, client, lead_id)
    (call,) = slack.wait_for("views.open")
    assert call.params["trigger_id"] == trigger
    (view,) = slack.opened_views()
    return view


def submit(client, view: dict, text: str, **options):
    return send(client, view_submission(view, {"note": {"note_text": text}}, **options))


def notes(app) -> list[LeadNote]:
    with app.extensions["db"].sessions() as session:
        return list(session.scalars(select(LeadNote)))


def test_add_note_opens_a_modal_and_stores_the_note(slack, slack_app, slack_client):
    lead = posted_lead(slack_app, slack_client)
    view = opened_note(slack, slack_client, lead.id)
    assert (view["callback_id"], view["private_metadata"]) == ("lead_note", str(lead.id))
    (block,) = view["blocks"]
    assert block["element"] == {
        "type": "plain_text_input",
        "action_id": "note_text",
        "multiline": True,
        "max_length": 3000,
    }
    response = submit(slack_client, view, "Called, will send documents <!channel> & <@U0X>")
    assert response.get_data() == b""  # an empty ack closes the modal
    until(lambda: len(replies(slack)) == 1, "the note's thread reply")
    (note,) = notes(slack_app)
    assert (note.lead_id, note.author) == (lead.id, "U0MEMBER")
    assert note.body == "Called, will send documents <!channel> & <@U0X>"
    (reply,) = replies(slack)
    text = reply["blocks"][0]["text"]["text"]
    assert text.startswith(":memo: Note from <@U0MEMBER>:\n")
    assert "&lt;!channel&gt; &amp; &lt;@U0X&gt;" in text and "<!channel>" not in str(reply)
    assert reply["blocks"][0]["text"]["verbatim"] is True


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_an_empty_note_is_refused_inside_the_modal(slack, slack_app, slack_client, text):
    lead = posted_lead(slack_app, slack_client)
    view = opened_note(slack, slack_client, lead.id)
    response = submit(slack_client, view, text)
    assert response.json["response_action"] == "errors"
    assert "empty note" in response.json["errors"]["note"]
    stays(lambda: notes(slack_app) == [] and replies(slack) == [], "nothing stored")


def test_a_long_note_is_kept_whole_over_several_sections(slack, slack_app, slack_client):
    lead = posted_lead(slack_app, slack_client)
    view = opened_note(slack, slack_client, lead.id)
    submit(slack_client, view, "<&>" * 1000)
    until(lambda: len(replies(slack)) == 1, "the note's thread reply")
    blocks = replies(slack)[0]["blocks"]
    shown = "".join(b["text"]["text"] for b in blocks)
    assert shown.count("&lt;&amp;&gt;") == 1000


def test_a_denied_identity_can_neither_open_nor_submit_a_note(
    slack, slack_app, slack_client, caplog
):
    lead = posted_lead(slack_app, slack_client)
    slack.add_user("U0GUEST", name="guest", is_restricted=True)
    url, _ = open_note(slack, slack_client, lead.id, user="U0GUEST")
    slack.wait_for("response_url")
    assert "Only members of" in slack.response_posts(url)[0]["text"]
    assert slack.calls_to("views.open") == []
    view = {"callback_id": "lead_note", "private_metadata": str(lead.id)}
    assert submit(slack_client, view, "forged", user="U0GUEST").get_data() == b""
    until(lambda: caplog.text.count("denied user=U0GUEST") == 2, "the submission judged")
    stays(lambda: notes(slack_app) == [] and replies(slack) == [], "nothing stored")
