"""A resume's file name is prospect text too: `<!channel>.pdf` is a valid file name. Every
place Slack shows it (the card, `/leads 42`, the Resume button's answer) escapes it in
verbatim mrkdwn, so it can neither notify the channel, mention anyone nor make a link.
(The thread reply for a later resume has tests/test_applied_again.py.)"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import Resume
from tests.support.blocks import mrkdwn_texts, text_objects
from tests.support.files import pdf_bytes
from tests.support.form import post_application
from tests.support.outbox import deliver
from tests.support.polling import until
from tests.support.slack_requests import CHANNEL, action_body, ask, post

FILE_NAMES = {
    # Stored as "evil.example|click>.pdf": a name keeps what follows its last slash.
    "as-uploaded": "<!channel> <@U0MEMBER> <https://evil.example|click>.pdf",
    # No slash, so every piece of markup survives into the stored name.
    "without-a-slash": "<!channel> <@U0MEMBER> <mailto:eve@evil.example|click>.pdf",
}


def escaped(text: str) -> str:
    """Slack's escaping, written out here rather than borrowed from the code under test."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@pytest.fixture(params=FILE_NAMES.values(), ids=FILE_NAMES.keys())
def hostile_file(request, slack_app, slack_client) -> tuple[int, str]:
    """A lead whose resume has a hostile name: (lead id, the name as stored)."""
    assert post_application(slack_client, resume=(pdf_bytes(), request.param)).status_code == 303
    with slack_app.extensions["db"].sessions() as session:
        resume = session.scalars(select(Resume)).one()
    assert "<" in resume.filename or ">" in resume.filename, resume.filename
    return resume.lead_id, resume.filename


def assert_shown_escaped(message: dict, name: str) -> None:
    """`name` is in the message, escaped, and never as it is, in any text Slack parses;
    each text object holding it is verbatim (no automatic links or mentions)."""
    texts = mrkdwn_texts(message)
    assert any(escaped(name) in text for text in texts), texts
    for text in texts:
        assert name not in text, text
    for obj in text_objects(message.get("blocks") or []):
        if escaped(name) in obj["text"] and obj["type"] == "mrkdwn":
            assert obj.get("verbatim") is True, obj


def test_the_card_escapes_the_file_name(slack, slack_app, hostile_file):
    _, name = hostile_file
    deliver(slack_app)
    (card,) = slack.messages(CHANNEL)
    assert_shown_escaped(card, name)


def test_leads_detail_escapes_the_file_name(slack, slack_client, hostile_file):
    lead_id, name = hostile_file
    assert_shown_escaped(ask(slack, slack_client, str(lead_id)), name)


def test_the_resume_buttons_answer_escapes_the_file_name(slack, slack_client, hostile_file):
    lead_id, name = hostile_file
    url = slack.new_response_url()
    assert post(slack_client, action_body("open_resume", str(lead_id), url)).status_code == 200
    until(lambda: slack.response_posts(url), "the Resume button's answer")
    (answer,) = slack.response_posts(url)
    assert answer["response_type"] == "ephemeral"
    assert_shown_escaped(answer, name)
