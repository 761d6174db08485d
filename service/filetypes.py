"""Recognise resume formats from their bytes, never from names or client headers."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from service import zip_directory


@dataclass(frozen=True)
class FileType:
    kind: str
    content_type: str
    extension: str


PDF = FileType("pdf", "application/pdf", ".pdf")
DOC = FileType("doc", "application/msword", ".doc")
DOCX = FileType(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".docx",
)
BY_KIND = {t.kind: t for t in (PDF, DOC, DOCX)}

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Word 97-2003 files are OLE2 containers holding a stream named "WordDocument";
# the directory stores names in UTF-16LE. Excel or other OLE2 files lack it.
_WORD_STREAM = "WordDocument".encode("utf-16-le")
# A Word document lists a few dozen parts; one with many images, a few hundred. Beyond
# these, opening the archive would cost more than any resume is worth.
DOCX_MAX_ENTRIES = 1000
DOCX_MAX_DIRECTORY_BYTES = 1024 * 1024


def detect(data: bytes) -> FileType | None:
    """Return the resume type of `data`, or None when it is not a PDF, DOC or DOCX."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(_OLE2_MAGIC) and _WORD_STREAM in data:
        return DOC
    if data.startswith(b"PK\x03\x04") and _is_docx(data):
        return DOCX
    return None


def _is_docx(data: bytes) -> bool:
    if not _directory_is_small(data):
        return False
    # Only the central directory is read; nothing is decompressed.
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except Exception:  # noqa: BLE001 - any archive the zipfile module cannot read is not a DOCX
        return False
    return "word/document.xml" in names and "[Content_Types].xml" in names


def _directory_is_small(data: bytes) -> bool:
    """Judge the central directory by the end records before zipfile builds its entries."""
    directory = zip_directory.declared(data)
    return (
        directory is not None
        and directory.entries <= DOCX_MAX_ENTRIES
        and directory.size <= DOCX_MAX_DIRECTORY_BYTES
        and zip_directory.entry_signatures(data) <= DOCX_MAX_ENTRIES
    )
