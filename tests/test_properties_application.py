"""Property-based tests (hypothesis) of the application's validation, which stands between
untrusted input and Slack, email and the database: names and email addresses are rejected
or stored clean.

(Escaping, resume type detection and the displayed file name: test_properties.py.)
"""

from __future__ import annotations

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import ValidationError

from service.application import EMAIL_MAX, NAME_MAX, Application
from tests.support.files import pdf_bytes
from tests.support.hostile_text import PROPERTY, is_forbidden, texts

RESUME = {"filename": "cv.pdf", "data": pdf_bytes(), "max_bytes": 1024 * 1024}


def application(**fields) -> Application:
    values = {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"}
    values.update(fields)
    return Application(**values, resume=RESUME)


def rejected_only_for(error: ValidationError, field: str) -> bool:
    return {str(e["loc"][0]) for e in error.errors()} == {field}


# -- names --------------------------------------------------------------------------------


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


# -- email --------------------------------------------------------------------------------

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
