"""Hand-built ZIP archives whose central directory says what a test wants, built in
milliseconds: one empty local entry, and directory entries that all point at it.

    crafted_zip(DOCX_PARTS, filler=220_000, zip64=True)  # 220,002 entries in ~10 MB
"""

from __future__ import annotations

import struct

DOCX_PARTS = (b"[Content_Types].xml", b"word/document.xml")
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_ENTRY = struct.Struct("<4s4B4HL2L5H2L")
_EOCD = struct.Struct("<4s4H2LH")
_LOCATOR = struct.Struct("<4sLQL")
_EOCD64 = struct.Struct("<4sQ2H2L4Q")


def local_header(name: bytes) -> bytes:
    """A stored, empty file named `name`."""
    return _LOCAL.pack(b"PK\x03\x04", 20, 0, 0, 0, 0, 0, 0, 0, 0, len(name), 0) + name


def directory_entry(name: bytes, offset: int = 0) -> bytes:
    """A central-directory entry for an empty stored file whose local header is at `offset`."""
    fields = (20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, len(name), 0, 0, 0, 0, 0, offset)
    return _ENTRY.pack(b"PK\x01\x02", *fields) + name


def end_records(entries: int, size: int, offset: int, *, zip64: bool) -> bytes:
    """The end of an archive whose directory (`size` bytes) starts at `offset`. With
    `zip64`, the figures go in a ZIP64 record and the classic record holds placeholders."""
    if not zip64:
        return _EOCD.pack(b"PK\x05\x06", 0, 0, entries, entries, size, offset, 0)
    record = _EOCD64.pack(b"PK\x06\x06", 44, 45, 45, 0, 0, entries, entries, size, offset)
    locator = _LOCATOR.pack(b"PK\x06\x07", 0, offset + size, 1)
    classic = _EOCD.pack(b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return record + locator + classic


def crafted_zip(
    names: tuple[bytes, ...] | list[bytes],
    *,
    filler: int = 0,
    declared: int | None = None,
    zip64: bool = False,
) -> bytes:
    """A ZIP listing `names` after `filler` entries named "x" (47 bytes each), all of them
    the one empty local file. The end records give `declared` entries (default: the true
    count), which zipfile ignores: it reads the directory by its size."""
    local = local_header(names[0])
    directory = b"".join([directory_entry(b"x")] * filler + [directory_entry(n) for n in names])
    count = filler + len(names) if declared is None else declared
    return local + directory + end_records(count, len(directory), len(local), zip64=zip64)
