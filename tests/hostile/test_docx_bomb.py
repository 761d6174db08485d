"""A DOCX whose central directory lists 220,002 entries in 10 MB: before, the app built an
object per entry (seconds and ~100 MB a worker) and then stored it. Now it is refused
from its end records, as fast as any other wrong file type."""

from __future__ import annotations

import time

import pytest

from tests.support.http_client import fetch_form
from tests.support.zip_archives import DOCX_PARTS, crafted_zip

pytestmark = pytest.mark.process

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MESSAGE = "Please upload a PDF or Word document"


def post_resume(hostile, resume: tuple[str, str, bytes]):
    """Post a valid application carrying `resume`; return (reply, seconds the POST took)."""
    token, cookie = fetch_form(hostile.web)
    fields = {
        "csrf_token": token,
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "bomb@example.com",
    }
    started = time.monotonic()
    reply = hostile.post_form(fields, {"resume": resume}, cookie)
    return reply, time.monotonic() - started


def test_a_docx_listing_220002_entries_is_refused_quickly(hostile, watch):
    bomb = crafted_zip(DOCX_PARTS, filler=220_000, zip64=True)
    assert len(bomb) <= 10 * 1024 * 1024  # under RESUME_MAX_BYTES: it reaches detection
    # As many bytes that are plainly no document cost the same upload and parsing.
    plain, baseline = post_resume(hostile, ("resume.docx", DOCX_TYPE, b"x" * len(bomb)))
    assert plain.status == 400, plain.text[:500]

    reply, elapsed = post_resume(hostile, ("resume.docx", DOCX_TYPE, bomb))

    assert reply.status == 400, reply.text[:500]
    assert MESSAGE in reply.text
    assert 'id="resume-error"' in reply.text
    # Before: 2.9-3.3 s. Now the archive costs no more than any 10 MB upload.
    assert elapsed < max(0.5, 10 * baseline), f"{elapsed:.3f} s (a plain upload: {baseline:.3f})"
    watch.assert_nothing_happened()
