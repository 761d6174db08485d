"""Property-based tests (hypothesis) of the pure functions that stand between untrusted
input and Slack, email and the database: mrkdwn escaping, name and email validation,
resume type detection and the displayed file name."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from service import filetypes
from service.application import EMAIL_MAX, FILENAME_MAX, NAME_MAX, Application, display_filename
from slackkit.mrkdwn import escape
from tests.support.files import OLE2_MAGIC, doc_bytes, docx_bytes, pdf_bytes

PROPERTY = settings(max_examples=200, deadline=None)

# The explicit directional formatting characters of UAX #9: embeddings, overrides, isolates.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Characters that hypothesis rarely draws on its own but that attackers use first.
NASTY = [
    "\x00",
    "\r",
    "\n",
    "\t",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x7f",
    "\x85",
    "\xa0",
    "\u2028",
    "\u2029",
    "\u200b",
    "\u200e",
    "\u200f",
    "\u061c",
    "\ufeff",
    "\ufffd",
    "\u3000",
    "\u0301",
    "\u0327",
    "\ud800",
    "\udfff",
    "&",
    "<",
    ">",
    "@",
    ".",
    "/",
    "\\",
    "\ufb01",
    "\u212b",
    "\u1e9b",
    "\U0001f600",
    " ",
    *BIDI_CONTROLS,
]
# st.text() would merge the alphabets into one range and almost never draw from NASTY;
# a list of characters keeps one_of's even odds between "any" and "nasty".
characters = st.one_of(
    st.characters(exclude_categories=()),
    st.sampled_from(NASTY),
    st.sampled_from("AdaLovelace- '"),
)
texts = st.one_of(st.text(max_size=300), st.lists(characters, max_size=300).map("".join))


def is_forbidden(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cs") or ch in BIDI_CONTROLS


RESUME = {"filename": "cv.pdf", "data": pdf_bytes(), "max_bytes": 1024 * 1024}


def application(**fields) -> Application:
    values = {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"}
    values.update(fields)
    return Application(**values, resume=RESUME)


def rejected_only_for(error: ValidationError, field: str) -> bool:
    return {str(e["loc"][0]) for e in error.errors()} == {field}


# -- (a) mrkdwn escaping ----------------------------------------------------------------------


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


# -- (b) names --------------------------------------------------------------------------------


@PROPERTY
@given(st.sampled_from(["first_name", "last_name"]), texts)
@example("first_name", " \u0301Ada ")
@example("last_name", "A" * NAME_MAX + " ")
@example("first_name", "Ada\u202e")
@example("last_name", "\x85Lovelace\x1c")
@example("first_name", "\u2000Ada\u2000")
def test_a_name_is_rejected_or_clean(field, text):
    try:
        stored = getattr(application(**{field: text}), field)
    except ValidationError as error:
        assert rejected_only_for(error, field), error.errors()
        return
    assert stored == stored.strip()
    assert unicodedata.is_normalized("NFC", stored)
    assert 1 <= len(stored) <= NAME_MAX
    assert not any(is_forbidden(ch) for ch in stored), ascii(stored)


# -- (c) email --------------------------------------------------------------------------------

ascii_atoms = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789.-_+", min_size=1, max_size=70)
domains = st.lists(
    # IDNA maps some letters to something longer or different: ligature fi, é, ß, Kelvin.
    st.text(
        alphabet=st.sampled_from("abcxyz019-\ufb01\u00e9\u00df\u212a"), min_size=1, max_size=63
    ),
    min_size=1,
    max_size=5,
).map(lambda labels: ".".join([*labels, "example"]))
email_like = st.one_of(
    texts,
    st.builds(lambda local, domain: f"{local}@{domain}", ascii_atoms, domains),
    st.builds(lambda local, junk, domain: f"{local}{junk}@{domain}", ascii_atoms, texts, domains),
)


@PROPERTY
@given(email_like)
@example("ada@example.com\r\nBcc: eve@evil.example")
@example("ada\x00@example.com")
@example("a" * 64 + "@" + "\ufb01" * 60 + "." + "b" * 60 + "." + "c" * 60 + ".example")
def test_an_email_is_rejected_or_clean(text):
    try:
        stored = application(email=text).email
    except ValidationError as error:
        assert rejected_only_for(error, "email"), error.errors()
        return
    assert not set(stored) & {"\r", "\n", "\x00"}
    assert len(stored) <= EMAIL_MAX
    assert stored.count("@") == 1


# -- (d) resume type detection ----------------------------------------------------------------

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


# -- (e) displayed file name ------------------------------------------------------------------

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
