"""Size up a ZIP's central directory from its end records alone, before anything parses it.

`zipfile` builds one object per central-directory entry, so a small archive listing
hundreds of thousands of entries costs seconds and a hundred megabytes to open. These
functions read only the end-of-central-directory record (and the ZIP64 locator and
record when present), found the same way `zipfile` finds them, plus a byte count.
"""

from __future__ import annotations

import struct
from typing import NamedTuple

_EOCD = struct.Struct("<4s4H2LH")  # signature, disks, entries here, entries, size, offset, …
_LOCATOR = struct.Struct("<4sLQL")  # signature, disk, offset of the ZIP64 record, disks
_EOCD64 = struct.Struct("<4sQ2H2L4Q")  # signature, size, versions, disks, entries…, size, offset
_EOCD_SIG = b"PK\x05\x06"
_LOCATOR_SIG = b"PK\x06\x07"
_EOCD64_SIG = b"PK\x06\x06"
_ENTRY_SIG = b"PK\x01\x02"
# zipfile looks this far back for the record: a comment of up to 64 KiB may follow it.
_COMMENT_REACH = 1 << 16


class Directory(NamedTuple):
    entries: int
    size: int


def declared(data: bytes) -> Directory | None:
    """What the end records say the central directory holds, or None without them."""
    end = _find_eocd(data)
    if end is None:
        return None
    _, _, _, _, entries, size, _, _ = _EOCD.unpack_from(data, end)
    zip64 = _zip64_record(data, end)
    if zip64 is not None:
        # zipfile takes the ZIP64 figures whenever the records are there; so do we.
        entries, size = zip64
    return Directory(entries, size)


def entry_signatures(data: bytes) -> int:
    """How many central-directory entry signatures occur anywhere in `data`.

    zipfile refuses an entry that does not start with this signature, so the count bounds
    the entries it can build however the end records lie (they may declare one entry
    and a directory of thousands: zipfile reads the directory by size, not by count).
    """
    return data.count(_ENTRY_SIG)


def _find_eocd(data: bytes) -> int | None:
    # As zipfile does: the last 22 bytes when there is no archive comment, else the last
    # signature within the comment's reach of the end.
    tail = len(data) - _EOCD.size
    if tail >= 0 and data.startswith(_EOCD_SIG, tail) and data.endswith(b"\0\0"):
        return tail
    start = data.rfind(_EOCD_SIG, max(tail - _COMMENT_REACH, 0))
    if start < 0 or start + _EOCD.size > len(data):
        return None
    return start


def _zip64_record(data: bytes, end: int) -> tuple[int, int] | None:
    # zipfile looks for the locator right before the EOCD and for the record right before
    # the locator (it assumes no extensible data), whatever the locator's offset says.
    locator = end - _LOCATOR.size
    record = locator - _EOCD64.size
    if record < 0 or not data.startswith(_LOCATOR_SIG, locator):
        return None
    if not data.startswith(_EOCD64_SIG, record):
        return None
    fields = _EOCD64.unpack_from(data, record)
    return fields[7], fields[8]
