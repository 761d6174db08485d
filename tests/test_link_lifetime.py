"""The resume link's lifetime is written once (service/resume_links.py); the docs that
state it say the same."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from service.resume_links import LINK_LIFETIME, MAX_AGE_SECONDS, duration_words

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# A paragraph, list item or table row of markdown.
PIECES = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*|]|\d+\.)\s)")
ABOUT_THE_LINK = re.compile(r"resume links?\b|/resumes/<token>", re.IGNORECASE)
DURATION = re.compile(r"\b\d+[ -](?:second|minute|hour)s?\b")


def link_statements(path: Path) -> list[str]:
    pieces = PIECES.split(path.read_text())
    return [" ".join(p.split()) for p in pieces if ABOUT_THE_LINK.search(p) and DURATION.search(p)]


def test_the_lifetime_is_said_as_the_constant_makes_it():
    assert LINK_LIFETIME == duration_words(MAX_AGE_SECONDS) == "15 minutes"
    assert [duration_words(s) for s in (1, 90, 60, 3600, 7200)] == [
        "1 second",
        "90 seconds",
        "1 minute",
        "1 hour",
        "2 hours",
    ]


def test_the_docs_say_what_the_constant_says():
    statements = [(p.name, s) for p in DOCS for s in link_statements(p)]
    assert len(statements) >= 3  # README, SECURITY.md and OPERATIONS.md state it today
    wrong = [(name, s) for name, s in statements if DURATION.findall(s) != [LINK_LIFETIME]]
    assert not wrong, f"say {LINK_LIFETIME}: {wrong}"


@pytest.mark.parametrize(
    "text", ["Resume links work for 10 minutes.", "- a resume link, valid 1 hour"]
)
def test_a_wrong_lifetime_in_the_docs_is_seen(tmp_path: Path, text: str):
    doc = tmp_path / "doc.md"
    doc.write_text(f"Intro.\n\n{text}\n")
    (statement,) = link_statements(doc)
    assert DURATION.findall(statement) != [LINK_LIFETIME]
