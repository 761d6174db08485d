"""Every Slack message we build stays inside Block Kit's limits with the longest input the
form accepts: slack_sdk parses and validates each block, and what it does not check (50
blocks a message, 2000 characters a field, escapes left whole) is checked here."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from slack_sdk.models.blocks import Block

from bot.lists import detail_blocks, help_blocks, page_blocks, search_blocks
from db.models import Lead, LeadEvent, LeadState, Resume
from service.application import EMAIL_MAX, FILENAME_MAX, NAME_MAX, Application
from service.queries import LeadDetail, LeadPage
from service.sent_as import sent_as
from slackkit.blocks import FIELD_TEXT_MAX, MESSAGE_BLOCKS_MAX, message_blocks
from slackkit.cards import applied_again_blocks, card_blocks
from slackkit.mrkdwn import TEXT_MAX, cut, escape
from tests.support.files import pdf_bytes
from tests.support.worst_case import EMAIL, FILENAME, NAME, SEARCH

ACTOR = "U" + "9" * 31
WHEN = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
RESUMES = 60  # more lines than a message has blocks
# Markup we write ourselves: a mention, a date token. Anything else in <...> is a leak.
OUR_MARKUP = re.compile(r"<(?:@U[0-9A-Z]+|!date\^[^<>|]+\|[^<>]+)>")
BROKEN_ESCAPE = re.compile(r"&(?!amp;|lt;|gt;)")


def lead(lead_id: int, state: str = LeadState.PENDING) -> Lead:
    reached = state == LeadState.REACHED_OUT
    return Lead(
        id=lead_id,
        first_name=NAME,
        last_name=NAME,
        email=EMAIL,
        state=state,
        created_at=WHEN,
        state_changed_at=WHEN if reached else None,
        state_changed_by=ACTOR if reached else None,
    )


def resume(resume_id: int, typed: str | None = None) -> Resume:
    return Resume(
        id=resume_id,
        filename=FILENAME,
        size=10 * 1024 * 1024,
        created_at=WHEN,
        submitted_first_name=typed,
        submitted_last_name=typed,
    )


def detail() -> LeadDetail:
    resumes = [resume(1)] + [resume(n, typed=NAME[1:] + "x") for n in range(2, RESUMES + 1)]
    events = [LeadEvent(kind="created", created_at=WHEN)]
    events += [LeadEvent(kind="applied_again", created_at=WHEN) for _ in resumes[1:]]
    events += [
        LeadEvent(kind="state_changed", from_state=a, to_state=b, actor=ACTOR, created_at=WHEN)
        for a, b in [(LeadState.PENDING, LeadState.REACHED_OUT)] * 20
    ]
    return LeadDetail(lead=lead(1, LeadState.REACHED_OUT), resumes=resumes, events=events)


def messages() -> dict[str, list[Block]]:
    pending, reached, again = lead(1), lead(2, LeadState.REACHED_OUT), resume(2, typed=NAME)
    rows = [lead(n, LeadState.REACHED_OUT if n % 3 else LeadState.PENDING) for n in range(1, 11)]
    page = LeadPage(leads=rows, total=25, page=2)
    return {
        "card, pending": card_blocks(pending, resume(1)),
        "card, reached out": card_blocks(reached, resume(1)),
        "applied again": applied_again_blocks(
            pending, again, sent_as(pending, again, applied_again=True)
        )[1],
        "applied again, name not recorded": applied_again_blocks(
            pending, resume(3), sent_as(pending, resume(3), applied_again=True)
        )[1],
        "/leads pending page": page_blocks(page, "pending", LeadState.PENDING),
        "/leads all page": page_blocks(page, "all", None),
        "/leads search": search_blocks(page, SEARCH),
        "/leads search, no match": search_blocks(LeadPage(leads=[], total=0, page=1), SEARCH),
        "/leads detail": detail_blocks(detail()),
        "/leads help": help_blocks("I did not understand that."),
    }


def test_the_worst_case_is_what_the_form_accepts():
    upload = {"filename": FILENAME, "data": pdf_bytes(), "max_bytes": 1024 * 1024}
    accepted = Application(first_name=NAME, last_name=NAME, email=EMAIL, resume=upload)
    assert (len(accepted.first_name), len(accepted.email)) == (NAME_MAX, EMAIL_MAX)
    assert accepted.resume.safe_filename == FILENAME and len(FILENAME) == FILENAME_MAX


def text_objects(value):
    if isinstance(value, dict):
        if value.get("type") in ("mrkdwn", "plain_text"):
            yield value
        for item in value.values():
            yield from text_objects(item)
    elif isinstance(value, list):
        for item in value:
            yield from text_objects(item)


@pytest.mark.parametrize("kind", list(messages()))
def test_every_message_is_valid_block_kit(kind: str):
    blocks = message_blocks(messages()[kind])
    assert 0 < len(blocks) <= MESSAGE_BLOCKS_MAX
    for block in blocks:
        Block.parse(block).validate_json()
        assert all(len(f["text"]) <= FIELD_TEXT_MAX for f in block.get("fields", []))
    for text in text_objects(blocks):
        assert len(text["text"]) <= TEXT_MAX
        if text["type"] == "mrkdwn":
            assert text["verbatim"] is True
            assert not BROKEN_ESCAPE.search(text["text"]), text["text"]
            assert not re.search("[<>]", OUR_MARKUP.sub("", text["text"])), text["text"]


def test_a_long_detail_says_what_it_leaves_out():
    blocks = message_blocks(detail_blocks(detail()))
    assert len(blocks) == MESSAGE_BLOCKS_MAX
    assert blocks[-2]["text"]["text"].endswith("more not shown here")
    assert blocks[-1]["type"] == "actions"


def test_a_message_of_too_many_blocks_is_refused():
    with pytest.raises(ValueError, match="at most 50"):
        message_blocks(help_blocks() * (MESSAGE_BLOCKS_MAX + 1))


pieces = st.one_of(
    st.text(alphabet="a&<> é", max_size=8).map(escape),
    st.sampled_from(["<@U0MEMBER>", "<!date^1714555800^{date_short_pretty}|2024-05-01>"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(pieces, max_size=40).map("".join), st.integers(min_value=1, max_value=200))
def test_cut_keeps_escapes_and_markup_whole(text: str, limit: int):
    shown = cut(text, limit)
    assert len(shown) <= limit
    assert shown == text or (shown.endswith("…") and text.startswith(shown[:-1]))
    assert not BROKEN_ESCAPE.search(shown)
    assert not re.search("[<>]", OUR_MARKUP.sub("", shown))
