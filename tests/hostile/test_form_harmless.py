"""Valid applications with hostile content: accepted, and made harmless (paths cut to
a name, markup escaped in Slack, look-alike addresses never mailed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.stack import files_under, unique_email
from tests.support.app_process import REPO_ROOT
from tests.support.blocks import text_objects
from tests.support.files import (
    pdf_bytes,
)

pytestmark = pytest.mark.process

MiB = 1024 * 1024
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
RELOAD = "Please open the form again"


# -- valid but hostile: accepted, and made harmless -------------------------------------------


def test_path_traversal_filename_is_stored_as_its_last_part(hostile, tmp_path_factory):
    base = tmp_path_factory.getbasetemp()
    before = files_under(base)
    resume = ("../../etc/passwd.pdf", "application/pdf", pdf_bytes(4096))
    reply, address = hostile.apply(resume=resume)
    assert reply.status == 303, reply.text[:500]
    lead = hostile.lead_by_email(address)
    assert lead is not None
    filenames = hostile.scalar(
        "SELECT group_concat(filename, '|') FROM resumes WHERE lead_id = :id", id=lead["id"]
    )
    assert filenames == "passwd.pdf"
    hostile.card_for(lead["id"])
    hostile.quiet_snapshot()
    created = files_under(base) - before
    assert not [path for path in created if "passwd" in path.name], created
    for root in (REPO_ROOT, hostile.web.tmp, Path.cwd()):
        assert not (root / "../../etc/passwd.pdf").resolve().exists()


MRKDWN_NAMES = {
    "channel-mention": ("<!channel>", "&lt;!channel&gt;"),
    "user-mention": ("<@U123>", "&lt;@U123&gt;"),
    "link": ("<https://evil.example|click>", "&lt;https://evil.example|click&gt;"),
    "entity-lookalike": ("&lt;!here&gt;", "&amp;lt;!here&amp;gt;"),
}


@pytest.mark.parametrize(("name", "escaped"), MRKDWN_NAMES.values(), ids=MRKDWN_NAMES.keys())
def test_mrkdwn_in_names_is_escaped_in_the_card(hostile, name, escaped):
    reply, address = hostile.apply(first_name=name, last_name=f"{name} Smith")
    assert reply.status == 303, reply.text[:500]
    lead = hostile.lead_by_email(address)
    assert lead == {"id": lead["id"], "first_name": name, "last_name": f"{name} Smith"}
    card = hostile.card_for(lead["id"])

    assert name not in card["text"], card["text"]
    assert escaped in card["text"]
    mrkdwn = [obj for obj in text_objects(card["blocks"]) if obj["type"] == "mrkdwn"]
    assert any(escaped in obj["text"] for obj in mrkdwn)
    for obj in mrkdwn:
        assert name not in obj["text"], obj
        if escaped in obj["text"]:
            assert obj.get("verbatim") is True, obj

    # The same lead looked up with /leads is escaped too.
    _, answer, _ = hostile.command(str(lead["id"]))
    shown = [obj for obj in text_objects(answer["blocks"]) if obj["type"] == "mrkdwn"]
    assert any(escaped in obj["text"] for obj in shown), answer
    assert not any(name in obj["text"] for obj in shown), answer
    assert name not in answer["text"]


ADDRESS_LOOKALIKES = {
    "angle-address-and-comma": ("Eve <eve@evil.example>,", "Smith"),
    "quoted-bcc": ('"Bcc: eve@evil.example', 'x" <eve@evil.example>'),
    # Encoded words ("=?utf-8?q?...?=") are refused: see tests/hostile/test_mail_injection.py
}


@pytest.mark.parametrize(("first", "last"), ADDRESS_LOOKALIKES.values(), ids=ADDRESS_LOOKALIKES)
def test_address_lookalikes_in_names_mail_only_the_applicant(hostile, first, last):
    reply, address = hostile.apply(first_name=first, last_name=last)
    assert reply.status == 303, reply.text[:500]

    def envelopes() -> list[list[str]]:
        with hostile.smtp.collector.lock:
            return [list(rcpts) for _, rcpts in hostile.smtp.collector.envelopes]

    hostile.wait(lambda: any(address in r for r in envelopes()), "the confirmation", 10)
    assert [r for r in envelopes() if address in r] == [[address]]
    assert not any("eve@evil.example" in r for r in envelopes())


def test_the_watch_sees_a_real_application(hostile, watch):
    """The control: a valid application shows up in every count, its email and card too."""
    reply, _ = hostile.apply(email=unique_email("control"))
    assert reply.status == 303
    with pytest.raises(AssertionError) as failure:
        watch.assert_nothing_happened()
    after = hostile.snapshot()
    before = watch.before
    assert (after.leads, after.resumes, after.outbox_jobs) == (
        before.leads + 1,
        before.resumes + 1,
        before.outbox_jobs + 2,
    ), str(failure.value)[:300]
    assert after.emails == before.emails + 1, "the watch did not wait for the confirmation"
    assert after.slack_writes == before.slack_writes + 1, "the watch did not wait for the card"
