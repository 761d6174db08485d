"""Cursor pagination as Slack's Web API does it (docs.slack.dev/apis/web-api/pagination).

``limit`` defaults to 100; conversations.history documents a "Maximum of 999" and every
paginated method asks for "a limit value under 1000", so a larger one (or one that is not
a positive integer) is refused with ``invalid_limit``.  A page that is not the last
carries ``response_metadata.next_cursor``, an opaque base64 string naming where the next
page starts (like Slack's own ``bmV4dF90czox...``, "next_ts:1..."); the last page's
``next_cursor`` is the empty string.  A cursor that names nothing is ``invalid_cursor``.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any

DEFAULT_LIMIT = 100
MAX_LIMIT = 999


class PageError(Exception):
    """A request for a page Slack would refuse; its argument is Slack's error code."""


def limit_of(params: dict) -> int:
    raw = params.get("limit")
    if raw in (None, "", 0, "0"):
        return DEFAULT_LIMIT
    try:
        limit = int(raw)
    except (TypeError, ValueError):
        raise PageError("invalid_limit") from None
    if not 1 <= limit <= MAX_LIMIT:
        raise PageError("invalid_limit")
    return limit


def page(items: list, params: dict, prefix: str, key: Callable[[Any], str]) -> tuple[list, str]:
    """One page of `items` and the cursor of the next ("" after the last)."""
    limit = limit_of(params)
    start = _start(items, params.get("cursor"), prefix, key)
    shown = items[start : start + limit]
    rest = items[start + limit :]
    return shown, encode(prefix, key(rest[0])) if rest else ""


def encode(prefix: str, value: str) -> str:
    return base64.b64encode(f"{prefix}:{value}".encode()).decode()


def _start(items: list, cursor: Any, prefix: str, key: Callable[[Any], str]) -> int:
    if cursor in (None, ""):
        return 0
    try:
        decoded = base64.b64decode(str(cursor), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise PageError("invalid_cursor") from None
    named, _, value = decoded.partition(":")
    if named != prefix:
        raise PageError("invalid_cursor")
    for index, item in enumerate(items):
        if key(item) == value:
            return index
    raise PageError("invalid_cursor")
