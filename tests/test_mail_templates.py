"""The worker renders its email templates itself (worker/templates/email/), with no Flask
app: HTML autoescaped, plain text as typed, sizes said the one way (service/sizes.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from service.sizes import size_label
from worker.mail_templates import render

NAME = "O'Brien & <b>Co</b>"


@pytest.mark.parametrize("name", ["confirmation", "attorney"])
def test_html_is_escaped_and_text_is_not(name: str):
    context = attorney_context() if name == "attorney" else {"first_name": NAME}
    text = render(f"email/{name}.txt", **context)
    html = render(f"email/{name}.html", **context)
    assert NAME in text
    assert NAME not in html
    assert "O&#39;Brien &amp; &lt;b&gt;Co&lt;/b&gt;" in html


def test_the_attorney_notice_says_the_size_as_everywhere_else():
    context = attorney_context(size=2048)
    for suffix in ("txt", "html"):
        assert f"(PDF, {size_label(2048)})" in render(f"email/attorney.{suffix}", **context)
    assert size_label(2048) == "2.0 KB"


def attorney_context(size: int = 1000) -> dict:
    lead = SimpleNamespace(
        id=7, email="ada@example.com", created_at=datetime(2024, 5, 1, tzinfo=UTC)
    )
    resume = SimpleNamespace(kind="pdf", size=size)
    return {
        "lead": lead,
        "resume": resume,
        "full_name": NAME,
        "filename": "cv.pdf",
        "applied_again": False,
        "origin": None,
    }
