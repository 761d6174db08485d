"""A resume sent under the address of a pending lead: nobody verified the address, so it is
shown as coming from the names typed with it, in the card's thread, in the attorney's
notice and in `/leads 42`, and always with "the address was not verified"."""

from __future__ import annotations

import json

from sqlalchemy import select

from db.models import Lead, OutboxJob, Resume
from tests.support import files
from tests.support.blocks import all_text, shown, text_objects
from tests.support.form import post_application
from tests.support.mail import assert_nothing_injected
from tests.support.outbox import deliver
from tests.support.slack_requests import CHANNEL, ask
from tests.support.smtp import use_smtp

EVE_PDF = files.pdf_bytes(3000)
NOT_VERIFIED = "The address was not verified."


def apply_twice(client, **second) -> None:
    """Ada applies; then someone sends another file under her address."""
    assert post_application(client).status_code == 303
    fields = {"first_name": "Eve", "last_name": "Doe", "resume": (EVE_PDF, "eve.pdf")}
    assert post_application(client, **{**fields, **second}).status_code == 303


def lead_and_resumes(app) -> tuple[Lead, list[Resume]]:
    with app.extensions["db"].sessions() as session:
        lead = session.scalars(select(Lead)).one()
        return lead, list(session.scalars(select(Resume).order_by(Resume.id)))


def test_the_names_typed_are_kept_with_the_later_resume(app, client):
    apply_twice(client)
    lead, (first, later) = lead_and_resumes(app)
    assert (lead.first_name, lead.last_name) == ("Ada", "Lovelace")
    assert (first.submitted_first_name, first.submitted_last_name) == (None, None)
    assert (later.submitted_first_name, later.submitted_last_name) == ("Eve", "Doe")


def test_the_same_file_under_another_name_still_adds_nothing(app, client, session):
    apply_twice(client, resume=(files.pdf_bytes(), "again.pdf"))  # Ada's very file
    assert len(session.scalars(select(Resume)).all()) == 1
    assert len(session.scalars(select(OutboxJob)).all()) == 2  # confirmation and card, once


def test_the_thread_reply_names_who_sent_it_and_says_not_verified(slack, slack_app, slack_client):
    apply_twice(slack_client)
    deliver(slack_app)
    card, reply = slack.messages(CHANNEL)
    assert reply["thread_ts"] == card["ts"]
    expected = (
        "A resume was sent under ada@example.com by someone who gave the name “Eve Doe”. "
        + NOT_VERIFIED
    )
    assert reply["text"] == expected
    assert expected in all_text(reply) and "eve.pdf" in all_text(reply)
    assert "Ada Lovelace applied again" not in all_text(reply)
    assert "Ada CV.pdf" in all_text(card) and "eve.pdf" not in all_text(card)


def test_the_same_names_again_still_say_not_verified(slack, slack_app, slack_client):
    apply_twice(slack_client, first_name="ada", last_name="LOVELACE")
    deliver(slack_app)
    _, reply = slack.messages(CHANNEL)
    assert reply["text"].startswith("Ada Lovelace applied again with a new resume")
    assert NOT_VERIFIED in reply["text"]
    assert "someone who gave the name" not in all_text(reply)


def test_markup_in_the_reply_is_escaped(slack, slack_app, slack_client):
    apply_twice(
        slack_client,
        first_name="<!here>",
        last_name="<@U0MEMBER> & <https://evil.example|co>",
        resume=(EVE_PDF, "<!channel>.pdf"),
    )
    deliver(slack_app)
    _, reply = slack.messages(CHANNEL)
    texts = [reply["text"]] + [obj["text"] for obj in text_objects(reply["blocks"])]
    for raw in ("<!channel>", "<!here>", "<@U0MEMBER>", "<https://evil.example|co>"):
        assert not any(raw in text for text in texts), raw
    assert "&lt;!channel&gt;.pdf" in all_text(reply)
    typed = "&lt;!here&gt; &lt;@U0MEMBER&gt; &amp; &lt;https://evil.example|co&gt;"
    assert f"the name “{typed}”" in reply["text"]
    section = reply["blocks"][0]["text"]
    assert section["type"] == "mrkdwn" and section["verbatim"] is True


def test_the_attorney_notice_names_who_sent_it(app, client, smtp_server):
    use_smtp(app, smtp_server)
    apply_twice(client)
    assert app.extensions["worker"].drain() == 4
    smtp_server.wait_for(4)
    lead, _ = lead_and_resumes(app)
    notices = [
        assert_nothing_injected(raw)  # the raw DATA: exactly the headers set, nothing added
        for raw in smtp_server.raw_messages
        if b"\r\nTo: partner@example.com\r\n" in raw
    ]
    later = next(m for m in notices if m["Subject"].startswith("Applied again"))
    assert later["Subject"] == (
        f'Applied again: lead #{lead.id}, sent as "Eve Doe" (address not verified)'
    )
    said = (
        "A resume was sent under ada@example.com by someone who gave the name “Eve Doe”. "
        + NOT_VERIFIED
    )
    assert said in later.get_body(("plain",)).get_content()
    assert said in later.get_body(("html",)).get_content()
    (attachment,) = later.iter_attachments()
    assert attachment.get_filename() == "resume-Eve-Doe.pdf"
    assert attachment.get_content() == EVE_PDF


def test_leads_lists_each_resume_with_who_sent_it(slack, slack_app, slack_client):
    apply_twice(slack_client, last_name="<b>Doe</b>")
    lead, _ = lead_and_resumes(slack_app)
    answer = shown(ask(slack, slack_client, str(lead.id)))
    lines = json.loads(answer)[0]["text"]["text"].split("\n")
    resumes = [line for line in lines if " resume " in line]
    assert len(resumes) == 2
    assert "Ada CV.pdf" in resumes[0] and resumes[0].endswith("sent as Ada Lovelace")
    assert "eve.pdf" in resumes[1]
    assert resumes[1].endswith("sent as “Eve &lt;b&gt;Doe&lt;/b&gt;”, address not verified")


def test_a_later_resume_from_before_names_were_kept_says_so(slack, slack_app, slack_client):
    apply_twice(slack_client)
    with slack_app.extensions["db"].sessions.begin() as session:
        later = session.scalars(select(Resume).order_by(Resume.id.desc())).first()
        later.submitted_first_name = later.submitted_last_name = None
    lead, _ = lead_and_resumes(slack_app)
    answer = shown(ask(slack, slack_client, str(lead.id)))
    assert "eve.pdf · 2.9 KB · sent later, name not recorded, address not verified" in answer
