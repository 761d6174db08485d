"""DOCX detection: a real Word archive is recognised; one missing a required part, or whose
central directory is too big to be worth opening, is refused before zipfile parses it."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile

import pytest

from service import filetypes
from tests.support.files import docx_bytes
from tests.support.zip_archives import DOCX_PARTS, crafted_zip

# The archive from the finding: 220,002 entries in 10 MB took 0.7-3 s and ~100 MB to open.
BOMB_ENTRIES = 220_000


def names_in(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist()


def docx_with(names: list[str], comment: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            archive.writestr(name, "<xml/>")
        archive.comment = comment
    return buffer.getvalue()


VALID = {
    "word": docx_bytes(),
    "with-media": docx_with(["[Content_Types].xml", "word/document.xml", "word/media/a.png"]),
    "archive-comment": docx_with(["[Content_Types].xml", "word/document.xml"], b"made by X"),
    "zip64-end-records": crafted_zip(DOCX_PARTS, zip64=True),
}


@pytest.mark.parametrize("data", VALID.values(), ids=VALID.keys())
def test_a_word_archive_is_a_docx(data):
    assert filetypes.detect(data) == filetypes.DOCX


@pytest.mark.parametrize("present", ["word/document.xml", "[Content_Types].xml"])
def test_an_archive_with_only_one_required_part_is_refused(present):
    data = docx_with([present, "docProps/core.xml"])
    assert names_in(data) == [present, "docProps/core.xml"]
    assert filetypes.detect(data) is None


LIMIT = filetypes.DOCX_MAX_ENTRIES
LONG_NAMES = [b"word/%02d-" % i + b"n" * 60_000 for i in range(20)]  # 1.2 MB of directory
OVERSIZED = {
    # ZIP64 end records declaring 220,002 entries.
    "220002-entries": crafted_zip(DOCX_PARTS, filler=BOMB_ENTRIES, zip64=True),
    # The classic record declares 2 entries; the directory holds 5,002 (zipfile reads them all).
    "count-understated": crafted_zip(DOCX_PARTS, filler=5 * LIMIT, declared=2),
    "count-overstated": crafted_zip(DOCX_PARTS, declared=LIMIT + 1),
    "directory-over-1-MiB": crafted_zip([*DOCX_PARTS, *LONG_NAMES]),
}


@pytest.mark.parametrize("data", OVERSIZED.values(), ids=OVERSIZED.keys())
def test_an_oversized_directory_is_refused_although_it_names_both_parts(data):
    assert {name.decode() for name in DOCX_PARTS} <= set(names_in(data)), "zipfile would pass it"
    assert filetypes.detect(data) is None


def test_the_220002_entry_archive_is_refused_in_milliseconds_without_allocating():
    data = crafted_zip(DOCX_PARTS, filler=BOMB_ENTRIES, zip64=True)
    assert len(data) <= 10 * 1024 * 1024  # within the upload cap, so it reaches detection
    tracemalloc.start()
    try:
        started = time.perf_counter()
        kind = filetypes.detect(data)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert kind is None
    # zipfile took 0.7 s (3 s under load) and 77 MB here; the end records take microseconds.
    assert elapsed < 0.5, f"{elapsed:.3f} s"
    assert peak < 1024 * 1024, f"{peak} bytes"
