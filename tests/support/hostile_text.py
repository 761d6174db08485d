"""Text that attackers send, for property-based tests (hypothesis): any character, with
the ones hypothesis rarely draws on its own (control, bidirectional, invisible, markup)
given even odds, and the test of a character that must never be stored or shown."""

from __future__ import annotations

import unicodedata

from hypothesis import settings
from hypothesis import strategies as st

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
