"""Small, real resume files (and impostors) made on the fly for tests."""

from __future__ import annotations

import io
import zipfile

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Archive entries carry a fixed time: zipfile would stamp the clock (2-second steps), and
# two calls across a step would make different bytes of "the same" file.
ENTRY_TIME = (2024, 1, 1, 0, 0, 0)


def _entry(name: str) -> zipfile.ZipInfo:
    return zipfile.ZipInfo(name, date_time=ENTRY_TIME)


def pdf_bytes(size: int = 0) -> bytes:
    """A minimal valid-looking PDF, padded with a comment to at least `size` bytes."""
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n"
    )
    padding = max(0, size - len(body) - 6)
    return body + b"%" + b"x" * padding + b"\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(_entry("[Content_Types].xml"), "<Types/>")
        archive.writestr(_entry("word/document.xml"), "<w:document/>")
    return buffer.getvalue()


def zip_not_docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(_entry("readme.txt"), "not a Word document")
    return buffer.getvalue()


def doc_bytes() -> bytes:
    """An OLE2 container whose directory names a WordDocument stream."""
    return OLE2_MAGIC + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 512


def ole2_not_word_bytes() -> bytes:
    return OLE2_MAGIC + b"\x00" * 504 + "Workbook".encode("utf-16-le") + b"\x00" * 512


EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
HTML = b"<!doctype html><script>alert(1)</script>"
