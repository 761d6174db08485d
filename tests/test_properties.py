"""Property-based tests (hypothesis) of the pure functions that stand between untrusted
input and Slack, email and the database: mrkdwn escaping, resume type detection and the
displayed file name.

(Name and email validation: test_properties_application.py; the hostile text they draw
from: tests/support/hostile_text.py.)
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from service import filetypes
from service.application import FILENAME_MAX, display_filename
from slackkit.mrkdwn import escape
from tests.support.files import OLE2_MAGIC, doc_bytes, docx_bytes, pdf_bytes
from tests.support.hostile_text import PROPERTY, is_forbidden, texts

# -- mrkdwn escaping ----------------------------------------------------------------------


def unescape(text: str) -> str:
    return text.replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&")


@PROPERTY
@given(texts)
@example("<!channel> & <@U123> <https://evil.example|click>")
@example("&amp;lt;")
@example("&lt;!here&gt;")
def test_escape_leaves_no_markup_and_round_trips(text):
    escaped = escape(text)
    assert "<" not in escaped
    assert ">" not in escaped
    assert not re.search(r"&(?!amp;|lt;|gt;)", escaped)
    assert unescape(escaped) == text


# -- resume type detection ----------------------------------------------------------------

MAGICS = (b"%PDF-", OLE2_MAGIC, b"PK\x03\x04")


@PROPERTY
@given(
    st.one_of(
        st.binary(max_size=2048),
        st.builds(lambda m, rest: m + rest, st.sampled_from(MAGICS), st.binary(max_size=2048)),
        st.builds(lambda n, rest: docx_bytes()[:n] + rest, st.integers(0, 400), st.binary()),
        st.builds(lambda rest: doc_bytes() + rest, st.binary(max_size=64)),
    )
)
@example(b"")
@example(pdf_bytes())
@example(docx_bytes())
@example(doc_bytes())
def test_detect_never_raises_and_needs_a_magic(data):
    kind = filetypes.detect(data)
    if not data.startswith(MAGICS):
        assert kind is None
    else:
        assert kind is None or kind in filetypes.BY_KIND.values()


# -- displayed file name ------------------------------------------------------------------

paths = st.one_of(
    texts,
    st.lists(texts, max_size=5).map("/".join),
    st.lists(texts, max_size=5).map("\\".join),
    st.none(),
)


@PROPERTY
@given(paths)
@example("../../etc/passwd.pdf")
@example("C:\\Users\\eve\\..\\cv.pdf")
@example("cv.pdf/")
@example("...")
@example("\u202egpj.exe")
@example("x" * 500 + ".pdf")
def test_display_filename_is_a_short_printable_name(raw):
    name = display_filename(raw)
    assert name
    assert len(name) <= FILENAME_MAX
    assert "/" not in name
    assert "\\" not in name
    assert not any(is_forbidden(ch) for ch in name), ascii(name)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [("../../etc/passwd.pdf", "passwd.pdf"), ("C:\\x\\cv.docx", "cv.docx"), ("", "resume")],
)
def test_display_filename_examples(raw, shown):
    assert display_filename(raw) == shown
